// "Copy link" buttons: copy the target input's value; the input stays selectable without JS.
for (const button of document.querySelectorAll("[data-copy-target]")) {
  button.addEventListener("click", async () => {
    const input = document.getElementById(button.dataset.copyTarget);
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      input.select();
      document.execCommand("copy");
    }
    const original = button.textContent;
    button.textContent = button.dataset.copiedText;
    setTimeout(() => { button.textContent = original; }, 2000);
  });
}
