"""`flask send-mail`: deliver what is due once, or keep delivering with --loop."""

from __future__ import annotations

import logging
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from ..cli_errors import one_line_errors
from . import sender, transports

log = logging.getLogger(__name__)


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep delivering (for a service unit or a container).")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
@with_appcontext
@one_line_errors
def send_mail(loop: bool, interval: float) -> None:
    """Deliver the outbox's due messages."""
    transport = transports.from_url(
        current_app.config["MAIL_URL"], current_app.config["MAIL_FILE_DIR"]
    )
    while True:
        outcome = sender.deliver_due(transport)
        if outcome.sent or outcome.retrying or outcome.failed or not loop:
            click.echo(
                f"{transport.describe()}: sent {len(outcome.sent)}, "
                f"to retry {len(outcome.retrying)}, failed {len(outcome.failed)}"
            )
        if not loop:
            return
        time.sleep(interval)
