"""Instructions per request, counted by valgrind: a cost the hour cannot move.

The load benchmark's figures drift with the machine by a third within minutes, which hides
changes of a tenth. Counted instructions do not drift: each kind of request runs in a Python
process of its own under `valgrind --tool=cachegrind --cache-sim=no`, which counts every
instruction the process executes in user space. A run makes `--warmup` requests and then
`--short` or `--long` more; the difference between the two totals, divided by the difference
in requests, is one request's cost, with start-up and warm-up cancelled out.

The requests are the ones gunicorn would hand over: WSGI environs built by werkzeug before
the counted loop starts, called on the same WSGI app gunicorn serves (quiz_app.wsgi:app,
bench.baseline_app:app), after `gc.freeze()` as in gunicorn.conf.py's post_worker_init.
With `--gunicorn`, each run is instead gunicorn with gunicorn.conf.py and one worker, under
valgrind, sent the same requests over one keep-alive connection; the worker's own total is
kept, so gunicorn's reading, parsing and writing of each request is counted as well.
On SQLite the database engine runs in the process and is counted; PostgreSQL's server is
another process and is not (the client side, psycopg and libpq, is). Time in the kernel
(fsync, sockets) is not counted either.

    .venv/bin/python -m bench.instructions [--gunicorn] [--database-url URL] [--short 50] \
        [--long 250] [--kind save|baseline|page|submit ...]

Each kind runs twice in a fresh slice of the same dataset, two processes at a time.
"""

from __future__ import annotations

import argparse
import functools
import gc
import http.client
import importlib
import json
import os
import re
import shutil
import subprocess  # nosec B404 - runs valgrind on this module, with fixed arguments
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench import dataset, servers
from bench.run import POSTGRES_URL, postgres_reachable

VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
TOTAL = re.compile(r"I\s+refs:\s+([\d,]+)")


@dataclass(frozen=True)
class Kind:
    name: str
    wsgi: str  # module:attribute of the WSGI app
    expected: int  # the status each request must get


KINDS = {
    "save": Kind("app: answer save", "quiz_app.wsgi:app", 200),
    "baseline": Kind("baseline: insert", "bench.baseline_app:app", 200),
    "page": Kind("app: block page", "quiz_app.wsgi:app", 200),
    "submit": Kind("app: submission", "quiz_app.wsgi:app", 302),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file (WAL)")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--short", type=int, default=50)
    parser.add_argument("--long", type=int, default=250)
    parser.add_argument("--kind", action="append", choices=sorted(KINDS), help="default: all")
    parser.add_argument("--gunicorn", action="store_true", help="count a gunicorn worker")
    parser.add_argument(
        "--child", nargs=3, metavar=("PLAN", "KIND", "COUNT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        plan, kind, count = args.child
        _serve(Path(plan), kind, int(count))
        return
    if args.short >= args.long:
        raise SystemExit("--short must be smaller than --long")
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind not found: install Debian's package valgrind")
    if args.database_url == POSTGRES_URL and not postgres_reachable():
        raise SystemExit(1)
    kinds = args.kind or list(KINDS)
    with dataset.scratch(args.database_url, "quiz-instructions-") as (workdir, url):
        plans = _prepare(url, workdir, kinds, args.warmup, (args.short, args.long))
        count = functools.partial(_count_served, workdir=workdir) if args.gunicorn else _count
        results = _count_all(plans, url, workdir, args.warmup, (args.short, args.long), count)
    _print(results, url, args)


def _prepare(url, workdir, kinds, warmup, counts) -> dict[tuple[str, int], Path]:
    """One request list per kind and run, each on objects of its own; written as JSON."""
    from bench import baseline_app

    app = dataset.make_app(url, workdir)
    dataset.fresh_schema(app)
    saves_per_attempt = 115
    need = {
        "save": lambda n: -(-n // saves_per_attempt),
        "baseline": lambda n: 1,
        "page": lambda n: -(-n // 9),
        "submit": lambda n: n,
    }
    plans = {}
    for kind in kinds:
        # Each run plans as many requests as the longest and makes only its own count: the
        # child builds every planned environ, and that work must cancel out in the difference.
        total = warmup + max(counts)
        for count in counts:
            people = dataset.create_candidates(app, need[kind](total), f"ins-{kind}-{count}-")
            if kind != "baseline":
                people = dataset.mint_sessions(app, dataset.open_attempts_in_bulk(app, people))
            if kind == "submit":
                # Every other submission passes and issues a certificate, as in the burst.
                dataset.answer_directly(app, people[0::2], correct_share=1.0)
                dataset.answer_directly(app, people[1::2], correct_share=0.0)
            if kind == "baseline":
                requests = _baseline_requests(baseline_app, people[0], total)
            else:
                requests = _REQUESTS[kind](people, total)
            path = workdir / f"plan-{kind}-{count}.json"
            path.write_text(json.dumps(requests))
            plans[kind, count] = path
    dataset.checkpoint(app)
    return plans


def _save_requests(people, total):
    result = []
    for person in people:
        for question, *options in person.questions:
            result.append(
                _request(
                    "POST",
                    f"/exam/attempts/{person.attempt_id}/answers",
                    person,
                    json={"question": question, "option": options[0]},
                )
            )
    return result[:total]


def _page_requests(people, total):
    return [
        _request("GET", f"/exam/attempts/{person.attempt_id}/blocks/{number}", person)
        for person in people
        for number in range(1, 10)
    ][:total]


def _submit_requests(people, total):
    return [
        _request(
            "POST",
            f"/exam/attempts/{person.attempt_id}/submit",
            person,
            form={"csrf_token": person.csrf},
        )
        for person in people
    ][:total]


_REQUESTS = {"save": _save_requests, "page": _page_requests, "submit": _submit_requests}


def _request(method, path, person, json=None, form=None) -> dict:
    headers = {"Cookie": f"session={person.cookie}", "User-Agent": dataset.USER_AGENT}
    if json is not None:
        headers["X-CSRFToken"] = person.csrf
    return {"method": method, "path": path, "headers": headers, "json": json, "form": form}


def _baseline_requests(baseline_app, person, total):
    """The baseline's session cookie, signed by its own app, for one user."""
    app = baseline_app.create_app()
    cookie = app.session_interface.get_signing_serializer(app).dumps({"uid": person.user_id})
    headers = {"Cookie": f"session={cookie}", "User-Agent": dataset.USER_AGENT}
    return [
        {
            "method": "POST",
            "path": "/save",
            "headers": headers,
            "json": {"question": f"q{i % 115}", "option": "a"},
            "form": None,
        }
        for i in range(total)
    ]


def _count_all(plans, url, workdir, warmup, counts, count) -> dict[str, dict]:
    env = dict(os.environ, **dataset.app_env(url, workdir), PYTHONHASHSEED="0")
    jobs = {key: (path, key[0], warmup + key[1]) for key, path in plans.items()}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        totals = dict(zip(jobs, pool.map(lambda job: count(job, env), jobs.values()), strict=True))
    short, long = counts
    results = {}
    for kind in dict.fromkeys(kind for kind, _ in plans):
        low, high = totals[kind, short], totals[kind, long]
        results[kind] = {"per_request": (high - low) / (long - short), "totals": (low, high)}
    return results


def _count(job, env) -> int:
    path, kind, count = job
    command = [*VALGRIND, sys.executable, "-m", "bench.instructions", "--child", str(path), kind]
    finished = subprocess.run(  # nosec B603 - fixed arguments, no shell
        [*command, str(count)], env=env, capture_output=True, text=True, check=False
    )
    found = TOTAL.findall(finished.stderr)
    if finished.returncode != 0 or not found:
        tail = "\n".join(finished.stderr.strip().splitlines()[-15:])
        raise SystemExit(f"{kind} ({count} requests) failed, exit {finished.returncode}:\n{tail}")
    return int(found[-1].replace(",", ""))


def _count_served(job, env, workdir: Path) -> int:
    """The instructions of a gunicorn worker that served `count` requests of the plan."""
    path, kind, count = job
    logs = workdir / f"valgrind-{kind}-{count}"
    logs.mkdir()
    server = servers.Gunicorn(
        KINDS[kind].wsgi,
        # A worker booting under valgrind takes a minute.
        dict(env, GUNICORN_TIMEOUT="900"),
        log_file=logs / "gunicorn.log",
        workers=1,
        wrapper=(*VALGRIND, f"--log-file={logs}/%p"),
    )
    # Requests wait in the listening socket's backlog until the worker has booted, so nothing
    # is sent before them (a health check's count would vary from run to run).
    server.start(wait=False)
    try:
        _send(server.port, json.loads(path.read_text())[:count], KINDS[kind].expected, kind)
    finally:
        server.stop(timeout=300)
    worker_logs = [
        log for log in logs.iterdir() if log.name not in (str(server.pid), "gunicorn.log")
    ]
    found = [TOTAL.findall(log.read_text()) for log in worker_logs]
    if len(found) != 1 or not found[0]:
        raise SystemExit(f"{kind} ({count} requests): no single worker total in {logs}")
    return int(found[0][-1].replace(",", ""))


def _send(port: int, requests: list[dict], expected: int, kind: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    deadline = time.monotonic() + 300
    while True:  # until the master, slow under valgrind, listens
        try:
            connection.connect()
            break
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{kind}: gunicorn did not listen on {port} in 300 s") from None
            time.sleep(0.5)
    try:
        for number, request in enumerate(requests, start=1):
            headers = dict(request["headers"])
            body = None
            if request["json"] is not None:
                body = json.dumps(request["json"]).encode()
                headers["Content-Type"] = "application/json"
            elif request["form"] is not None:
                body = urllib.parse.urlencode(request["form"]).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(request["method"], request["path"], body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != expected:
                raise SystemExit(
                    f"{kind}: request {number} ({request['path']}) got {response.status}"
                )
    finally:
        connection.close()


def _serve(plan: Path, kind: str, count: int) -> None:
    """In the counted process: build every environ first, then make `count` requests."""
    from werkzeug.test import EnvironBuilder

    module, _, attribute = KINDS[kind].wsgi.partition(":")
    app = getattr(importlib.import_module(module), attribute)
    requests = json.loads(plan.read_text())
    if len(requests) < count:
        raise SystemExit(f"{plan}: {len(requests)} requests planned, {count} asked")
    environs = []
    # The same number of environs in both runs of a kind, so building them cancels out.
    for request in requests:
        builder = EnvironBuilder(
            path=request["path"],
            method=request["method"],
            headers=request["headers"],
            json=request["json"],
            data=request["form"],
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )
        environs.append(builder.get_environ())
        builder.close()
    gc.freeze()
    expected = KINDS[kind].expected
    for number, environ in enumerate(environs[:count], start=1):
        status = _call(app, environ)
        if status != expected:
            raise SystemExit(f"{kind}: request {number} ({environ['PATH_INFO']}) got {status}")


def _call(app, environ) -> int:
    statuses = []
    body = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        for _chunk in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return int(statuses[0].split()[0])


def _print(results, url, args) -> None:
    database = url.split(":", 1)[0]
    where = "a gunicorn worker" if args.gunicorn else "the WSGI app in-process"
    print(
        f"instructions per request, {database}, {where}: valgrind (cachegrind), {args.long} "
        f"against {args.short} requests after {args.warmup} warm-up"
    )
    for kind, result in results.items():
        low, high = result["totals"]
        print(
            f"  {KINDS[kind].name:<20} {result['per_request'] / 1e6:8.2f} M"
            f"   (totals {low / 1e9:.3f} G and {high / 1e9:.3f} G)"
        )
    if "save" in results and "baseline" in results:
        ratio = results["save"]["per_request"] / results["baseline"]["per_request"]
        print(f"  answer save / baseline insert: {ratio:.2f}")


if __name__ == "__main__":
    main()
