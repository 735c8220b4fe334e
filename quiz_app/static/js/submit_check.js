// The confirmation page: choices still waiting in the browser are sent first, and the attempt
// is not finished while any of them could not be, since finishing would lose them.
import { queue } from "./answer_queue.js";

const form = document.getElementById("submit-form");

if (form && queue) {
  const warning = document.getElementById("pending-warning");
  const warn = () => {
    const count = queue.size;
    warning.hidden = count === 0;
    warning.textContent = warning.dataset.template.replace("{n}", count);
  };
  queue.onChange(warn);
  warn();
  queue.flush();

  form.addEventListener("submit", async (event) => {
    if (queue.size === 0) return;
    event.preventDefault();
    const sent = await queue.drain(5000);
    warn();
    if (sent) form.submit();
    else warning.focus();
  });
  warning.tabIndex = -1;
}
