// The order form's price follows the plan, users and term as they change. The server prices
// every change (GET /partner/store/quote, the same quote and template as the page), so the
// total shown is the one an order is charged; the hidden quoted_total and quoted_for follow
// it, so confirming orders what is shown. Without this script «Пересчитать» does the same.
const form = document.querySelector("[data-store-order]");

if (form) {
  const price = form.querySelector("[data-store-price]");
  const recalculate = form.querySelector("[data-store-recalculate]");
  const quotedTotal = form.elements.namedItem("quoted_total");
  const quotedFor = form.elements.namedItem("quoted_for");
  const inputs = ["offer_id", "users", "months"].map((name) => form.elements.namedItem(name));
  let latest = 0;
  let timer = null;

  const refresh = async () => {
    const request = ++latest;
    const query = new URLSearchParams();
    inputs.forEach((input) => query.set(input.name, input.value));
    try {
      const response = await fetch(`${form.dataset.quoteUrl}?${query}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      if (request !== latest) return; // a later change already asked again
      price.innerHTML = data.html;
      quotedTotal.value = data.total === null ? "" : String(data.total);
      quotedFor.value = data.quoted_for;
      form.querySelector("[data-store-problem]")?.remove();
      form.dataset.quoteState = "fresh";
    } catch {
      if (request !== latest) return;
      // The server could not be asked: the shown total may be stale, so the button returns.
      if (recalculate) recalculate.hidden = false;
      form.dataset.quoteState = "failed";
    }
  };

  const schedule = (delay) => {
    form.dataset.quoteState = "pending";
    clearTimeout(timer);
    timer = setTimeout(refresh, delay);
  };

  if (recalculate) recalculate.hidden = true;
  inputs.forEach((input) => {
    input.addEventListener("change", () => schedule(0));
    // Typing a number of users: ask once the typing pauses.
    if (input.tagName === "INPUT") input.addEventListener("input", () => schedule(250));
  });
}
