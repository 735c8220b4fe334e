"""Commands fail with one line that says what to do, never a traceback.

The usual failures of an operator's command are the database (unreachable, or not migrated)
and files (unreadable); each becomes a line on stderr and exit status 1.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

NOT_MIGRATED = ("no such table", "does not exist", "undefinedtable")


def _database(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as the user typed it, minus nothing secret
        return "the configured database"


def one_line_errors(command: Callable) -> Callable:
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (OperationalError, ProgrammingError) as exc:
            from flask import current_app

            where = _database(current_app.config["SQLALCHEMY_DATABASE_URI"])
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            if any(marker in detail.lower() for marker in NOT_MIGRATED):
                raise click.ClickException(
                    f"the database {where} is not set up: run `flask --app quiz_app setup` "
                    f"(or `db upgrade`) first ({detail})"
                ) from None
            raise click.ClickException(f"the database {where} cannot be used: {detail}") from None
        except OSError as exc:
            name = exc.filename or ""
            raise click.ClickException(f"{name}: {exc.strerror or exc}") from None

    return run
