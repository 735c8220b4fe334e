"""Compare server configurations on one dataset, taking turns, so the machine's drift hits each.

Each arm is the app under gunicorn with some environment variables changed (workers, threads,
any setting read from the environment), or another version of the code: `source=PATH` serves
the checkout at PATH (`git worktree add PATH COMMIT`; its migrations must give the same
schema). All arms serve the same database side by side; in each round every arm gets, in
turn, a settled open loop of answer saves with submissions and a settled capacity window.
Medians and every round are printed.

    .venv/bin/python -m bench.ab --arm now= --arm single=GUNICORN_THREADS=1 \
        [--arm before=source=/tmp/before] [--rate 250] [--n 5000] [--rounds 3] \
        [--database-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
from pathlib import Path

from bench import dataset, load, servers
from bench.run import (
    FINISHERS,
    POSTGRES_URL,
    Settings,
    describe_wal,
    ms,
    postgres_reachable,
    run,
    save_p99,
    settle,
)


def parse_arm(text: str) -> tuple[str, dict[str, str], Path]:
    """NAME=VAR=value,VAR=value[,source=PATH] -> (name, environment, checkout served)."""
    name, _, assignments = text.partition("=")
    env = dict(pair.split("=", 1) for pair in assignments.split(",") if pair)
    source = Path(env.pop("source", servers.ROOT)).absolute()
    if not (source / "quiz_app" / "wsgi.py").is_file():
        raise SystemExit(f"--arm {name}: {source} is not a checkout of this project")
    return name, env, source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arm", action="append", required=True, help="NAME=VAR=value,VAR=value")
    parser.add_argument("--rate", type=float, default=250.0, help="open-loop saves a second")
    parser.add_argument("--n", type=int, default=5000, help="candidates in a capacity window")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", help="default: a fresh SQLite file (WAL)")
    args = parser.parse_args()
    arms = [parse_arm(text) for text in args.arm]
    settings = Settings(quick=False, pool=args.n)
    if args.database_url == POSTGRES_URL and not postgres_reachable():
        raise SystemExit(1)
    with dataset.scratch(args.database_url, "quiz-ab-") as (workdir, url):
        setup = dataset.make_app(url, workdir)
        dataset.fresh_schema(setup)
        pool = dataset.open_attempts_in_bulk(setup, dataset.create_candidates(setup, args.n, "c"))
        pool = dataset.mint_sessions(setup, pool)
        # Two batches of submissions per arm and round: the open loop's and the window's.
        needed = FINISHERS * 2 * len(arms) * args.rounds
        finishers = dataset.open_attempts_in_bulk(
            setup, dataset.create_candidates(setup, needed, "f")
        )
        dataset.answer_directly(setup, finishers, correct_share=0.5)
        finishers = iter(_batches(dataset.mint_sessions(setup, finishers)))
        dataset.checkpoint(setup)
        env = dataset.app_env(url, workdir)
        results: dict[str, list[tuple[dict, dict]]] = {name: [] for name, _, _ in arms}
        with contextlib.ExitStack() as stack:
            targets = {
                name: load.AppTarget(
                    stack.enter_context(
                        servers.gunicorn(
                            "quiz_app.wsgi:app", env | extra, workdir / f"{name}.log", source=source
                        )
                    )
                )
                for name, extra, source in arms
            }
            for number in range(1, args.rounds + 1):
                for name, target in targets.items():
                    settle(setup)
                    open_loop = run(
                        load.open_loop(
                            target,
                            pool,
                            args.rate,
                            settings.open_loop,
                            settings.warmup,
                            next(finishers),
                        )
                    )
                    settle(setup)
                    window = run(load.capacity(target, pool, next(finishers), settings.window))
                    results[name].append((open_loop, window))
                    print(
                        f"round {number} {name:>10}: open loop {args.rate:.0f}/s "
                        f"{_figures(open_loop)}; capacity N={args.n} {_figures(window)}",
                        flush=True,
                    )
    print(f"\nmedians of {args.rounds} rounds (save p99, ms):")
    for name, measured in results.items():
        open_p99 = statistics.median(save_p99(o) for o, _ in measured)
        window_p99 = statistics.median(save_p99(w) for _, w in measured)
        window_cpu = statistics.median(_cpu_per_save(w) for _, w in measured)
        print(
            f"  {name:>10}: open loop {ms(open_p99)}, capacity {ms(window_p99)} "
            f"({window_cpu:.2f} ms of server CPU a save)"
        )


def _batches(candidates: list[dataset.Candidate]):
    for start in range(0, len(candidates), FINISHERS):
        yield candidates[start : start + FINISHERS]


def _figures(result: dict) -> str:
    save = result["kinds"].get("save", {})
    submit = result["kinds"].get("submit", {})
    failed = sum(kind.get("errors", 0) for kind in result["kinds"].values())
    return (
        f"save p50 {ms(save.get('p50'))} p99 {ms(save.get('p99'))}, "
        f"submit p99 {ms(submit.get('p99'))}, errors {failed}, "
        f"server {result['cpu'].get('server', 0):.2f} cores "
        f"({_cpu_per_save(result):.1f} ms a save){describe_wal(result)}"
    )


def _cpu_per_save(result: dict) -> float:
    """The server's CPU over the saves it completed, ms: pages and submissions included."""
    saves = result["kinds"].get("save", {}).get("per_second") or 0.0
    return result["cpu"].get("server", 0) / saves * 1000 if saves else float("nan")


if __name__ == "__main__":
    main()
