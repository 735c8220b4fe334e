"""gunicorn in production refuses several workers without Redis (per-worker rate limits)."""

from __future__ import annotations

import os
import subprocess
import sys

from bench.servers import ROOT


def test_several_workers_without_redis_do_not_start_in_production():
    environment = {
        **os.environ,
        "APP_ENV": "production",
        "WEB_CONCURRENCY": "2",
        "BIND": "127.0.0.1:0",
    }
    environment.pop("REDIS_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "quiz_app.wsgi:app",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "without REDIS_URL" in done.stderr + done.stdout
