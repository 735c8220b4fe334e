// Countdown from the server's remaining seconds. The page clock only measures elapsed time
// (performance.now), so a wrong system clock cannot add time; a reload starts from the server again.
const timer = document.querySelector(".timer[data-remaining]");

if (timer) {
  const remainingAtLoad = Number(timer.dataset.remaining);
  const loadedAt = performance.now();
  const value = timer.querySelector(".timer-value");
  // Give in-flight autosaves a moment to land before asking the server to finish the attempt.
  const REDIRECT_DELAY_MS = 2500;

  const format = (seconds) => {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, "0");
    return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
  };

  const tick = () => {
    const left = remainingAtLoad - (performance.now() - loadedAt) / 1000;
    value.textContent = format(left);
    timer.classList.toggle("warning", left <= 300);
    if (left <= 0) {
      clearInterval(handle);
      timer.classList.add("expired");
      value.textContent = timer.dataset.expiredText;
      document.querySelectorAll("#answers-form input").forEach((input) => { input.disabled = true; });
      setTimeout(() => { window.location.assign(timer.dataset.expiredUrl); }, REDIRECT_DELAY_MS);
    }
  };
  const handle = setInterval(tick, 1000);
  tick();
}
