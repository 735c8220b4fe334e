// Choices the server has not confirmed yet, kept in the browser's storage first: a reload, a
// closed tab or a lost connection loses none of them. They are re-sent on reconnect, on the next
// page load and as the page is left. The server stays the judge: it accepts a re-sent choice only
// until the deadline plus its grace, so the queue never adds time.
const RETRY_MS = 3000;

class AnswerQueue {
  constructor(attempt, url, csrf) {
    this.key = `exam:${attempt}:pending`;
    this.url = url;
    this.csrf = csrf;
    this.inFlight = new Set();
    this.listeners = [];
    this.retryHandle = null;
  }

  read() {
    try {
      return JSON.parse(localStorage.getItem(this.key)) || {};
    } catch {
      return {};
    }
  }

  write(pending) {
    try {
      if (Object.keys(pending).length) localStorage.setItem(this.key, JSON.stringify(pending));
      else localStorage.removeItem(this.key);
    } catch {
      // Storage full or disabled: the choice is still sent, only a reload could lose it.
    }
  }

  get size() {
    return Object.keys(this.read()).length;
  }

  // listener(question, option, outcome, body): outcome is saving | saved | queued | refused | closed
  onChange(listener) {
    this.listeners.push(listener);
  }

  emit(...args) {
    this.listeners.forEach((listener) => listener(...args));
  }

  put(question, option) {
    const pending = this.read();
    pending[question] = option;
    this.write(pending);
    this.send(question);
  }

  forget(question, option) {
    const pending = this.read();
    if (pending[question] === option) {
      delete pending[question];
      this.write(pending);
    }
  }

  request(question, option, keepalive = false) {
    return fetch(this.url, {
      method: "POST",
      credentials: "same-origin",
      keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf, Accept: "application/json" },
      body: JSON.stringify({ question, option }),
    });
  }

  // One request per question at a time, so an older choice can never overtake a newer one.
  async send(question) {
    if (this.inFlight.has(question)) return;
    const option = this.read()[question];
    if (option === undefined) return;
    this.inFlight.add(question);
    this.emit(question, option, "saving");
    let response = null;
    try {
      response = await this.request(question, option);
    } catch {
      // Offline: the choice stays in storage.
    }
    this.inFlight.delete(question);
    const body = response ? await response.json().catch(() => ({})) : {};
    if (response && response.ok) {
      this.forget(question, option);
      this.emit(question, option, "saved", body);
    } else if (response && response.status < 500) {
      // Refused for good (the attempt is over, or no such option): retrying cannot help.
      this.forget(question, option);
      this.emit(question, option, response.status === 409 ? "closed" : "refused", body);
      return;
    } else {
      this.emit(question, option, "queued", body);
      this.scheduleRetry();
      return;
    }
    if (this.read()[question] !== undefined) this.send(question);
  }

  scheduleRetry() {
    if (this.retryHandle === null) {
      this.retryHandle = setTimeout(() => {
        this.retryHandle = null;
        this.flush();
      }, RETRY_MS);
    }
  }

  flush() {
    Object.keys(this.read()).forEach((question) => this.send(question));
  }

  // Resolves once nothing is pending or `timeoutMs` has passed; true when nothing is pending.
  async drain(timeoutMs) {
    const until = performance.now() + timeoutMs;
    this.flush();
    while (this.size > 0 && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (this.inFlight.size === 0) this.flush();
    }
    return this.size === 0;
  }

  // The page is going away: hand what is pending to the browser, which finishes the requests
  // after the page is gone. The storage keeps them until a later page sees them confirmed.
  sendBeforeLeaving() {
    Object.entries(this.read()).forEach(([question, option]) => {
      if (!this.inFlight.has(question)) this.request(question, option, true).catch(() => {});
    });
  }
}

const status = document.getElementById("exam-status");
export const queue = status
  ? new AnswerQueue(
      status.dataset.attempt,
      status.dataset.answerUrl,
      document.querySelector('meta[name="csrf-token"]').content,
    )
  : null;

if (queue) {
  const counter = document.getElementById("pending-count");
  const showCount = () => {
    const count = queue.size;
    counter.hidden = count === 0;
    counter.dataset.count = String(count);
    counter.textContent = counter.dataset.template.replace("{n}", count);
  };
  queue.onChange(showCount);
  window.addEventListener("online", () => queue.flush());
  window.addEventListener("pagehide", () => queue.sendBeforeLeaving());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") queue.sendBeforeLeaving();
  });
  showCount();
}

// Anchors and the sticky map clear the status bar, whatever height it wraps to.
if (status) {
  const root = document.documentElement;
  new ResizeObserver(() => root.style.setProperty("--exam-bar", `${status.offsetHeight}px`)).observe(status);
}
