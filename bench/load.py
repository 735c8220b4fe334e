"""Asyncio load client for the exam (and for the baseline app), with three kinds of run.

- saturation: a closed loop of candidates with a few milliseconds of think time. For the app
  each candidate takes whole exams (log in, start, open each block, answer all 115 questions,
  submit, start again); `saves_only` drives answer saves alone, like the baseline.
- open loop: answer saves arrive as a Poisson process at a fixed rate, whatever the server's
  speed; latency is counted from the moment a request was due, so a slow server cannot hide
  its queue (no coordinated omission).
- capacity: N candidates each think 10–30 s (20 s on average) per question, so N/20 saves a
  second, with block pages on block changes and submissions at the rate N candidates finish.

The real orchestration (databases, servers, the search for N) is bench/run.py; this module only
speaks HTTP to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import math
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import aiohttp

from bench.dataset import PASSWORD, USER_AGENT, Candidate

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
RADIO = re.compile(r'<input type="radio" name="q-([^"]+)" value="([^"]+)"')
ATTEMPT_URL = re.compile(r"/exam/attempts/(\d+)/")
TIMEOUT = aiohttp.ClientTimeout(total=30)
CAPACITY_LEAD_SECONDS = 1.0


# --- recording -----------------------------------------------------------------------------


@dataclass
class Sample:
    due: float  # when the request should have been sent (monotonic seconds)
    done: float  # when its response was complete
    ok: bool


@dataclass
class Stats:
    samples: dict[str, list[Sample]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)

    def record(self, kind: str, due: float, ok: bool, detail: str = "") -> None:
        self.samples[kind].append(Sample(due, time.monotonic(), ok))
        if not ok:
            self.errors[f"{kind}: {detail}"] += 1

    def summary(self, kind: str, start: float, end: float) -> dict:
        """Throughput of requests completed in [start, end]; latency of those due in it."""
        samples = self.samples.get(kind, [])
        completed = [s for s in samples if start <= s.done <= end and s.ok]
        window = [s for s in samples if start <= s.due <= end]
        latencies = sorted(s.done - s.due for s in window if s.ok)
        return {
            "count": len(window),
            "per_second": len(completed) / (end - start) if end > start else 0.0,
            "errors": sum(1 for s in window if not s.ok),
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
            "p99": percentile(latencies, 99),
            "max": latencies[-1] if latencies else None,
        }


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of already sorted values, in seconds."""
    if not sorted_values:
        return None
    rank = max(math.ceil(q / 100 * len(sorted_values)), 1)
    return sorted_values[rank - 1]


# --- talking to the servers ----------------------------------------------------------------


def connector(limit: int) -> aiohttp.TCPConnector:
    # Like nginx's upstream keep-alive pool: a bounded set of reused connections to gunicorn.
    return aiohttp.TCPConnector(limit=limit, force_close=False, enable_cleanup_closed=True)


def minted_headers(candidate: Candidate, json_body: bool = True) -> dict[str, str]:
    headers = {"Cookie": f"session={candidate.cookie}", "User-Agent": USER_AGENT}
    if json_body:
        headers["X-CSRFToken"] = candidate.csrf
    return headers


class AppTarget:
    """The real application."""

    name = "app"

    def __init__(self, base_url: str):
        self.base = base_url

    async def save(self, http, candidate: Candidate, question: str, option: str, stats, due):
        await self._post_json(
            http,
            f"/exam/attempts/{candidate.attempt_id}/answers",
            {"question": question, "option": option},
            minted_headers(candidate),
            stats,
            "save",
            due,
        )

    async def page(self, http, candidate: Candidate, number: int, stats, due):
        url = f"{self.base}/exam/attempts/{candidate.attempt_id}/blocks/{number}"
        try:
            async with http.get(
                url, headers=minted_headers(candidate, False), allow_redirects=False
            ) as response:
                await response.read()
                stats.record("page", due, response.status == 200, str(response.status))
        except (aiohttp.ClientError, TimeoutError) as exc:
            stats.record("page", due, False, type(exc).__name__)

    async def submit(self, http, candidate: Candidate, stats, due):
        url = f"{self.base}/exam/attempts/{candidate.attempt_id}/submit"
        try:
            async with http.post(
                url,
                data={"csrf_token": candidate.csrf},
                headers=minted_headers(candidate, False),
                allow_redirects=False,
            ) as response:
                await response.read()
                stats.record("submit", due, response.status == 302, str(response.status))
        except (aiohttp.ClientError, TimeoutError) as exc:
            stats.record("submit", due, False, type(exc).__name__)

    async def _post_json(self, http, path, payload, headers, stats, kind, due):
        try:
            async with http.post(self.base + path, json=payload, headers=headers) as response:
                body = await response.read()
                ok = response.status == 200
                stats.record(kind, due, ok, "" if ok else _describe(response.status, body))
        except (aiohttp.ClientError, TimeoutError) as exc:
            stats.record(kind, due, False, type(exc).__name__)

    # A whole candidate, through the real forms (used by the saturation run).

    async def journey(self, shared, candidate: Candidate, stats, until: float, think, answers):
        """Log in, then take exams one after another until `until`."""
        jar = aiohttp.CookieJar(unsafe=True)  # unsafe: accept cookies from 127.0.0.1
        async with aiohttp.ClientSession(
            connector=shared,
            connector_owner=False,
            cookie_jar=jar,
            timeout=TIMEOUT,
            headers={"User-Agent": USER_AGENT},
        ) as http:
            if not await self._login(http, candidate, stats):
                return
            while time.monotonic() < until:
                await self._one_exam(http, stats, until, think, answers)

    async def _login(self, http, candidate: Candidate, stats) -> bool:
        due = time.monotonic()
        try:
            async with http.get(f"{self.base}/auth/login") as response:
                token = CSRF_META.search(await response.text()).group(1)
            async with http.post(
                f"{self.base}/auth/login",
                data={"email": candidate.email, "password": PASSWORD, "csrf_token": token},
                allow_redirects=False,
            ) as response:
                await response.read()
                ok = response.status == 302
                stats.record("login", due, ok, str(response.status))
                return ok
        except (aiohttp.ClientError, TimeoutError, AttributeError) as exc:
            stats.record("login", due, False, type(exc).__name__)
            return False

    async def _one_exam(self, http, stats, until, think, answers) -> None:
        due = time.monotonic()
        try:
            async with http.get(f"{self.base}/exam/") as response:
                token = CSRF_META.search(await response.text()).group(1)
            async with http.post(
                f"{self.base}/exam/start", data={"csrf_token": token}, allow_redirects=False
            ) as response:
                await response.read()
                found = ATTEMPT_URL.search(response.headers.get("Location", ""))
                stats.record(
                    "start",
                    due,
                    found is not None,
                    f"{response.status} {response.headers.get('Location')}",
                )
                if found is None:
                    await asyncio.sleep(0.5)
                    return
                attempt_id = int(found.group(1))
        except (aiohttp.ClientError, TimeoutError, AttributeError) as exc:
            stats.record("start", due, False, type(exc).__name__)
            await asyncio.sleep(0.5)
            return
        passing = random.random() < 0.5
        number = 1
        while number <= 9:
            due = time.monotonic()
            url = f"{self.base}/exam/attempts/{attempt_id}/blocks/{number}"
            try:
                async with http.get(url, allow_redirects=False) as response:
                    html = await response.text()
                    stats.record("page", due, response.status == 200, str(response.status))
                    if response.status != 200:
                        return
            except (aiohttp.ClientError, TimeoutError) as exc:
                stats.record("page", due, False, type(exc).__name__)
                return
            token = CSRF_META.search(html).group(1)
            options: dict[str, list[str]] = defaultdict(list)
            for qid, option in RADIO.findall(html):
                options[qid].append(option)
            for qid, choices in options.items():
                if time.monotonic() >= until:
                    return
                await asyncio.sleep(random.uniform(*think))
                option = answers[qid] if passing else random.choice(choices)
                due = time.monotonic()
                await self._post_json(
                    http,
                    f"/exam/attempts/{attempt_id}/answers",
                    {"question": qid, "option": option},
                    {"X-CSRFToken": token},
                    stats,
                    "save",
                    due,
                )
            number += 1
        due = time.monotonic()
        try:
            async with http.post(
                f"{self.base}/exam/attempts/{attempt_id}/submit",
                data={"csrf_token": token},
                allow_redirects=False,
            ) as response:
                await response.read()
                stats.record("submit", due, response.status == 302, str(response.status))
        except (aiohttp.ClientError, TimeoutError) as exc:
            stats.record("submit", due, False, type(exc).__name__)


class BaselineTarget:
    """bench/baseline_app.py: one authenticated single-row insert per request."""

    name = "baseline"

    def __init__(self, base_url: str):
        self.base = base_url

    async def save(self, http, candidate: Candidate, question: str, option: str, stats, due):
        try:
            async with http.post(
                f"{self.base}/save",
                json={"question": question, "option": option},
                headers={"Cookie": f"session={candidate.cookie}", "User-Agent": USER_AGENT},
            ) as response:
                await response.read()
                stats.record("save", due, response.status == 200, str(response.status))
        except (aiohttp.ClientError, TimeoutError) as exc:
            stats.record("save", due, False, type(exc).__name__)


def _describe(status: int, body: bytes) -> str:
    """An error's status and the JSON error code, if any: 409 time_up, 400 csrf ..."""
    match = re.search(rb'"error":\s*"([^"]+)"', body)
    return f"{status} {match.group(1).decode()}" if match else str(status)


def random_choice(candidate: Candidate, rng: random.Random) -> tuple[str, str]:
    if candidate.questions:
        qid, *options = rng.choice(candidate.questions)
        return qid, rng.choice(options)
    return f"q{rng.randrange(115)}", rng.choice("abcd")


# --- the three kinds of run ----------------------------------------------------------------


async def saturation(
    target,
    candidates: list[Candidate],
    duration: float,
    warmup: float,
    think=(0.0, 0.004),
    journeys: bool = True,
    answers: dict[str, str] | None = None,
) -> dict:
    """Closed loop: len(candidates) clients, a few ms of think time; saves/s at the top."""
    stats = Stats()
    shared = connector(len(candidates) + 8)
    start = time.monotonic()
    until = start + warmup + duration
    try:
        if journeys:
            tasks = [
                target.journey(shared, c, stats, until, think, answers or {}) for c in candidates
            ]
        else:
            http = aiohttp.ClientSession(
                connector=shared,
                connector_owner=False,
                timeout=TIMEOUT,
                cookie_jar=aiohttp.DummyCookieJar(),
            )
            tasks = [_save_loop(target, http, c, stats, until, think) for c in candidates]
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=warmup + duration + 60)
        if not journeys:
            await http.close()
    finally:
        await shared.close()
    return _report(stats, start + warmup, until)


async def _save_loop(target, http, candidate, stats, until, think) -> None:
    rng = random.Random()
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(*think))
        question, option = random_choice(candidate, rng)
        await target.save(http, candidate, question, option, stats, time.monotonic())


async def open_loop(
    target,
    candidates: list[Candidate],
    rate: float,
    duration: float,
    warmup: float,
    finishers: list[Candidate] = (),
) -> dict:
    """Poisson arrivals of answer saves at `rate` per second; latency from the due time.

    With `finishers` (the app only), submissions arrive too, one for every 115 saves.
    """
    stats = Stats()
    rng = random.Random(7)
    async with aiohttp.ClientSession(
        connector=connector(256), timeout=TIMEOUT, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        start = time.monotonic()
        end = start + warmup + duration
        due = start
        pending: set[asyncio.Task] = set()
        if finishers and hasattr(target, "submit"):
            submitting = asyncio.create_task(
                _submissions(target, http, finishers, stats, start, end, rate / 115)
            )
            pending.add(submitting)
            submitting.add_done_callback(pending.discard)
        while True:
            due += rng.expovariate(rate)
            if due >= end:
                break
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            candidate = rng.choice(candidates)
            question, option = random_choice(candidate, rng)
            task = asyncio.create_task(target.save(http, candidate, question, option, stats, due))
            pending.add(task)
            task.add_done_callback(pending.discard)
        if pending:
            await asyncio.wait(pending, timeout=60)
    return _report(stats, start + warmup, end)


async def capacity(
    target,
    candidates: list[Candidate],
    finishers: list[Candidate],
    duration: float,
    think=(10.0, 30.0),
) -> dict:
    """N = len(candidates) candidates thinking `think` seconds per question, for `duration` s.

    Each candidate answers its own attempt's questions in order and opens the next block page
    when it crosses into a new block (the app only). Submissions come from `finishers` at the
    rate N candidates finish 115 questions (N / (115 * 20 s)).
    """
    stats = Stats()
    async with aiohttp.ClientSession(
        connector=connector(256), timeout=TIMEOUT, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        # Starting 5 000 candidates' coroutines keeps the event loop busy for 0.1-0.2 s: the
        # first requests fall due after that, or they would be sent (and counted) late.
        start = time.monotonic() + CAPACITY_LEAD_SECONDS
        end = start + duration
        mean_think = sum(think) / 2
        tasks = [
            _thinking_candidate(target, http, c, stats, start, end, think, mean_think, i)
            for i, c in enumerate(candidates)
        ]
        if finishers and hasattr(target, "submit"):
            rate = len(candidates) / (115 * mean_think)
            tasks.append(_submissions(target, http, finishers, stats, start, end, rate))
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=duration + 60)
    return _report(stats, start, end)


async def _thinking_candidate(target, http, candidate, stats, start, end, think, mean, seed):
    rng = random.Random(seed)
    # First questions spread over one mean think time: the rate is N / mean from the start.
    due = start + rng.uniform(0, mean)
    position = rng.randrange(len(candidate.questions) or 115)
    blocks = _block_starts(candidate)
    while due < end:
        await asyncio.sleep(max(due - time.monotonic(), 0))
        if candidate.questions:
            qid, *options = candidate.questions[position % len(candidate.questions)]
            option = rng.choice(options)
        else:
            qid, option = random_choice(candidate, rng)
        await target.save(http, candidate, qid, option, stats, due)
        position += 1
        if hasattr(target, "page") and position % len(candidate.questions) in blocks:
            number = blocks[position % len(candidate.questions)]
            await target.page(http, candidate, number, stats, time.monotonic())
        due = max(time.monotonic(), due) + rng.uniform(*think)


def _block_starts(candidate: Candidate) -> dict[int, int]:
    """Position of the first question of each block -> the block's number (1-based)."""
    starts, previous = {}, None
    for position, block_index in enumerate(candidate.blocks):
        if block_index != previous:
            starts[position] = block_index + 1
            previous = block_index
    return starts


async def _submissions(target, http, finishers, stats, start, end, rate):
    rng = random.Random(11)
    due = start
    pending = set()
    for candidate in finishers:
        due += rng.expovariate(rate)
        if due >= end:
            break
        await asyncio.sleep(max(due - time.monotonic(), 0))
        task = asyncio.create_task(target.submit(http, candidate, stats, due))
        pending.add(task)
        task.add_done_callback(pending.discard)
    if pending:
        await asyncio.wait(pending, timeout=60)


def _report(stats: Stats, start: float, end: float) -> dict:
    kinds = sorted(stats.samples)
    return {
        "window_seconds": end - start,
        "kinds": {kind: stats.summary(kind, start, end) for kind in kinds},
        "sent": {kind: len(stats.samples[kind]) for kind in kinds},  # warm-up included
        "errors": dict(stats.errors.most_common(10)),
    }
