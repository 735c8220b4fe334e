// Saves each choice the moment it is made. Without JavaScript the form's buttons save the block.
const form = document.getElementById("answers-form");

if (form) {
  const url = form.dataset.answerUrl;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const messages = document.getElementById("exam-messages").dataset;
  const answeredCount = document.getElementById("answered-count");
  const progress = document.getElementById("progress");
  const blockCount = document.querySelector(`[data-block-count="${form.dataset.block}"]`);
  const pending = new Map(); // question id -> option id waiting to be (re)sent

  const status = (question, text, state) => {
    const el = form.querySelector(`[data-status-for="${question}"]`);
    if (el) {
      el.textContent = text;
      el.dataset.state = state;
    }
  };

  const updateBlockCount = () => {
    if (!blockCount) return;
    const answered = new Set(
      [...form.querySelectorAll('input[type="radio"]:checked')].map((input) => input.name),
    ).size;
    blockCount.textContent = `${answered}/${blockCount.dataset.total}`;
  };

  const send = async (question, option) => {
    status(question, messages.saving, "saving");
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
        body: JSON.stringify({ question, option }),
      });
    } catch {
      status(question, messages.failed, "error");
      setTimeout(() => retry(question), 3000);
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      if (pending.get(question) === option) pending.delete(question);
      status(question, messages.saved, "saved");
      answeredCount.textContent = body.answered;
      progress.value = body.answered;
      return;
    }
    status(question, body.message || messages.failed, "error");
    if (response.status >= 500) {
      // The server or its database is briefly unavailable: the choice is still pending.
      setTimeout(() => retry(question), 3000);
    } else if (response.status === 409) {
      // The attempt is over: show the result.
      setTimeout(() => window.location.assign(document.querySelector(".timer").dataset.expiredUrl), 2500);
    }
  };

  const retry = (question) => {
    if (pending.has(question)) send(question, pending.get(question));
  };

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.type !== "radio" || !input.name.startsWith("q-")) return;
    const question = input.name.slice(2);
    pending.set(question, input.value);
    updateBlockCount();
    send(question, input.value);
  });
}
