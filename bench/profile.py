"""`make bench-profile`: where an answer save and a block page spend their time, under load.

Serves the app through bench/profiled_wsgi.py (pyinstrument in the request threads) on a
fresh SQLite file (or --database-url), drives candidates that save answers and open block
pages for a bounded time, then combines the workers' profiles and prints each call tree.
Full trees go to instance/bench-profile-<kind>.txt.

    .venv/bin/python -m bench.profile [--database-url URL] [--seconds 20] [--candidates 400]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import tempfile
from pathlib import Path

from pyinstrument.renderers import ConsoleRenderer
from pyinstrument.session import Session

from bench import dataset, load, servers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--candidates", type=int, default=400)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="quiz-profile-"))
    try:
        url = args.database_url or f"sqlite:///{workdir / 'profile.sqlite3'}"
        app = dataset.make_app(url, workdir)
        dataset.fresh_schema(app)
        pool = dataset.create_candidates(app, args.candidates, "profiled")
        pool = dataset.mint_sessions(app, dataset.start_attempts(app, pool))
        dataset.checkpoint(app)
        env = dataset.app_env(url, workdir) | {"BENCH_PROFILE_DIR": str(workdir / "profiles")}
        with servers.gunicorn("bench.profiled_wsgi:app", env, workdir / "app.log") as base:
            # About 4 candidates' actions a second each: moderate load, well below saturation,
            # so the profile shows the work of a request rather than the wait for a lock.
            result = asyncio.run(
                load.capacity(load.AppTarget(base), pool, [], args.seconds, think=(0.05, 0.45))
            )
        print(json.dumps(result["kinds"], indent=1, default=str))
        for kind in ("save", "page"):
            files = sorted((workdir / "profiles").glob(f"{kind}-*.json"))
            if not files:
                print(f"no {kind} profile recorded")
                continue
            session = Session.load(str(files[0]))
            for extra in files[1:]:
                session = Session.combine(session, Session.load(str(extra)))
            text = ConsoleRenderer(unicode=False, color=False, show_all=False).render(session)
            output = servers.ROOT / "instance" / f"bench-profile-{kind}.txt"
            output.parent.mkdir(exist_ok=True)
            output.write_text(text)
            print(f"\n===== {kind}: {len(files)} worker(s); full tree in {output}")
            print("\n".join(text.splitlines()[:70]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
