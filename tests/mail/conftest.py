"""A real SMTP server for the mail tests: aiosmtpd on a free port of 127.0.0.1."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """Accepts mail, or answers with the codes queued in `answers` first (e.g. "451 …")."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.answers: list[str] = []
        self.lock = threading.Lock()
        self.url = ""
        # While `hold` is set, a message is kept waiting (never answered): a sender stuck
        # mid-batch, to be killed. `held` tells the test one is waiting.
        self.hold = False
        self.held = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.hold:
            self.held.set()
            await asyncio.sleep(120)
            return "451 4.3.0 Held by the test"
        with self.lock:
            if self.answers:
                return self.answers.pop(0)
            self.messages.append(
                email.message_from_bytes(envelope.content, policy=email.policy.default)
            )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(app):
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    mailbox.url = f"smtp://127.0.0.1:{port}"
    app.config.update(
        MAIL_URL=f"smtp://127.0.0.1:{port}", MAIL_FROM="Партнёры <noreply@example.com>"
    )
    yield mailbox
    controller.stop()
