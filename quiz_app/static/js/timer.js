// Countdown from the server's remaining seconds. The page clock only measures elapsed time
// (performance.now), so a wrong system clock cannot add time; a reload starts from the server again.
// At 0:00 the page sends its last choices (the server accepts them during its grace period),
// then finishes the attempt itself and shows the result.
import { queue } from "./answer_queue.js";

const timer = document.querySelector(".timer[data-remaining]");
const NOTICES = [600, 300, 60]; // seconds left at which the candidate is told, politely

if (timer) {
  const status = document.getElementById("exam-status");
  const notice = document.getElementById("time-notice");
  const graceMs = Number(status.dataset.grace) * 1000;
  const remainingAtLoad = Number(timer.dataset.remaining);
  const loadedAt = performance.now();
  const value = timer.querySelector(".timer-value");

  const format = (seconds) => {
    const s = Math.max(0, Math.ceil(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, "0");
    return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
  };

  // The band is how many notices have been passed: 0 (more than 10 minutes left) to 3.
  const band = (left) => NOTICES.filter((threshold) => left <= threshold).length;
  let shownBand = band(remainingAtLoad);
  timer.dataset.band = String(shownBand);

  const finish = async () => {
    await queue.drain(graceMs);
    if (!navigator.onLine) {
      await new Promise((resolve) => window.addEventListener("online", resolve, { once: true }));
      await queue.drain(graceMs);
    }
    const form = document.createElement("form");
    form.method = "post";
    form.action = timer.dataset.finishUrl;
    const token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrf_token";
    token.value = document.querySelector('meta[name="csrf-token"]').content;
    form.append(token);
    document.body.append(form);
    form.submit();
  };

  const tick = () => {
    const left = remainingAtLoad - (performance.now() - loadedAt) / 1000;
    value.textContent = format(left);
    const now = band(left);
    if (now !== shownBand && left > 0) {
      shownBand = now;
      timer.dataset.band = String(now);
      // data-notice-10 keeps its dash in dataset: a dash before a digit is not camel-cased.
      notice.textContent = timer.dataset[`notice-${NOTICES[now - 1] / 60}`] || "";
    }
    if (left <= 0) {
      clearInterval(handle);
      timer.dataset.band = "expired";
      notice.textContent = timer.dataset.expiredText;
      document.querySelectorAll("#answers-form input, #answers-form button").forEach((input) => { input.disabled = true; });
      finish();
    }
  };
  const handle = setInterval(tick, 1000);
  tick();
}
