"""Outgoing mail through a transactional outbox, for every feature that tells people things.

A message is a row written in the transaction of the event that causes it (`outbox.enqueue`),
so a rolled-back event sends nothing and a committed one is never forgotten. `send-mail`
delivers due rows through the transport MAIL_URL names (SMTP, or .eml files when unset).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The `send-mail` command and the mail settings' checks."""
    from . import transports
    from .cli import send_mail

    transports.from_url(
        app.config["MAIL_URL"], app.config["MAIL_FILE_DIR"]
    )  # refuse a bad URL at start
    app.cli.add_command(send_mail)
