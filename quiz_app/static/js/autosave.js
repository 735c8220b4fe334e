// Saves each choice the moment it is made, through the answer queue, and flags questions for
// review. Without JavaScript the form's buttons save the block and set flags.
import { queue } from "./answer_queue.js";

const form = document.getElementById("answers-form");

if (form && queue) {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const messages = document.getElementById("exam-messages").dataset;
  const answeredCount = document.getElementById("answered-count");
  const flaggedCount = document.getElementById("flagged-count");
  const progress = document.getElementById("progress");
  const blockCount = document.querySelector(`[data-block-count="${form.dataset.block}"]`);

  const status = (question, text, state) => {
    const el = form.querySelector(`[data-status-for="${question}"]`);
    if (el) {
      el.textContent = text;
      el.dataset.state = state;
    }
  };

  const markMap = (question) => {
    const link = document.querySelector(`[data-map-for="${question}"]`);
    if (!link) return;
    const answered = form.querySelector(`input[name="q-${question}"]:checked`) !== null;
    const flagged = form.querySelector(`#q-${question}`)?.classList.contains("flagged") ?? false;
    link.classList.toggle("answered", answered);
    link.classList.toggle("flagged", flagged);
    const parts = [answered ? messages.answered : messages.unanswered];
    if (flagged) parts.push(messages.flagged);
    link.querySelector("[data-map-state]").textContent = `, ${parts.join(", ")}`;
  };

  const updateCounts = () => {
    const answered = new Set(
      [...form.querySelectorAll('input[type="radio"]:checked')].map((input) => input.name),
    ).size;
    if (blockCount) blockCount.textContent = `${answered}/${blockCount.dataset.total}`;
    const everywhere = document.querySelectorAll(".map-q.answered[data-map-for]").length;
    answeredCount.textContent = everywhere;
    progress.value = everywhere;
    flaggedCount.textContent = document.querySelectorAll(".map-q.flagged[data-map-for]").length;
  };

  const outcomes = {
    saving: () => messages.saving,
    saved: () => messages.saved,
    queued: () => messages.queued,
  };

  queue.onChange((question, option, outcome, body) => {
    if (outcome in outcomes) {
      status(question, outcomes[outcome](), outcome === "queued" ? "queued" : outcome);
      return;
    }
    status(question, (body && body.message) || messages.failed, "error");
    if (outcome === "closed") {
      // The attempt is over: show where it ended.
      const attemptUrl = document.getElementById("exam-status").dataset.attemptUrl;
      setTimeout(() => window.location.assign(attemptUrl), 2500);
    }
  });

  // Choices this browser made that the server has not confirmed win over the page as rendered.
  Object.entries(queue.read()).forEach(([question, option]) => {
    const input = form.querySelector(`input[name="q-${question}"][value="${CSS.escape(option)}"]`);
    if (input) {
      input.checked = true;
      status(question, messages.queued, "queued");
    }
    const link = document.querySelector(`[data-map-for="${question}"]`);
    if (link && !input) link.classList.add("answered");
  });
  form.querySelectorAll("fieldset.question").forEach((fieldset) => markMap(fieldset.id.slice(2)));
  updateCounts();
  queue.flush();

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.type !== "radio" || !input.name.startsWith("q-")) return;
    const question = input.name.slice(2);
    markMap(question);
    updateCounts();
    queue.put(question, input.value);
  });

  form.addEventListener("click", async (event) => {
    const button = event.target.closest(".flag-button");
    if (!button) return;
    event.preventDefault();
    const question = button.dataset.flagFor;
    const flagged = button.getAttribute("aria-pressed") !== "true";
    button.disabled = true;
    let response = null;
    try {
      response = await fetch(form.dataset.flagUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
        body: JSON.stringify({ question, flagged }),
      });
    } catch {
      // Offline: reported below.
    }
    button.disabled = false;
    if (!response || !response.ok) {
      const body = response ? await response.json().catch(() => ({})) : {};
      status(question, body.message || messages.flagFailed, "error");
      return;
    }
    button.setAttribute("aria-pressed", String(flagged));
    button.value = `${question}:${flagged ? "0" : "1"}`;
    form.querySelector(`#q-${question}`).classList.toggle("flagged", flagged);
    markMap(question);
    updateCounts();
  });

  // On a phone the map starts folded: the questions come first, the bar links to the map.
  const map = document.getElementById("question-map");
  if (map && window.matchMedia("(max-width: 760px)").matches) map.open = false;
  document.querySelector(".map-link")?.addEventListener("click", () => { if (map) map.open = true; });
}
