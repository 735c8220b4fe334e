"""Where messages go: an SMTP server (MAIL_URL), or .eml files when no server is set."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

TIMEOUT_SECONDS = 30


class TemporaryFailure(Exception):
    """Worth another try later: the server was unreachable, slow, or answered 4xx."""


class PermanentFailure(Exception):
    """Trying again would not help: the server answered 5xx or refused the address."""


class FileTransport:
    """Writes each message as an .eml file, so a developer reads what would have been sent."""

    def __init__(self, directory: Path):
        self.directory = directory

    def describe(self) -> str:
        return f".eml files in {self.directory}"

    def send(self, message: EmailMessage, number: int) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / f"{number:08d}.eml"
        partial = target.with_suffix(".eml.tmp")
        partial.write_bytes(bytes(message))
        partial.replace(target)


class SmtpTransport:
    def __init__(self, host: str, port: int, user: str, password: str, tls: str):
        self.host, self.port, self.user, self.password, self.tls = host, port, user, password, tls

    def describe(self) -> str:
        # Never the password: this goes to logs and the admin page.
        who = f"{self.user}@" if self.user else ""
        return f"SMTP {who}{self.host}:{self.port} ({self.tls or 'plain'})"

    def send(self, message: EmailMessage, number: int) -> None:
        try:
            if self.tls == "ssl":
                context = ssl.create_default_context()
                server = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=TIMEOUT_SECONDS, context=context
                )
            else:
                server = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
            with server:
                if self.tls == "starttls":
                    server.starttls(context=ssl.create_default_context())
                if self.user:
                    server.login(self.user, self.password)
                refused = server.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise _classified(exc.recipients) from exc
        except smtplib.SMTPResponseException as exc:
            text = f"{exc.smtp_code} {_decoded(exc.smtp_error)}"
            if 400 <= exc.smtp_code < 500:
                raise TemporaryFailure(text) from exc
            raise PermanentFailure(text) from exc
        except (OSError, smtplib.SMTPException) as exc:  # refused, reset, timed out
            raise TemporaryFailure(f"{type(exc).__name__}: {exc}") from exc
        if refused:
            raise _classified(refused)


def _decoded(value) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _classified(refused: dict) -> Exception:
    answers = "; ".join(f"{to}: {code} {_decoded(text)}" for to, (code, text) in refused.items())
    if all(400 <= code < 500 for code, _ in refused.values()):
        return TemporaryFailure(answers)
    return PermanentFailure(answers)


def from_url(url: str | None, file_dir: str):
    """The transport MAIL_URL names (files in `file_dir` when unset); a ValueError says what
    is wrong with the URL."""
    if not url:
        return FileTransport(Path(file_dir))
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"MAIL_URL must start with smtp:// or smtps://, not {parts.scheme}://")
    if not parts.hostname:
        raise ValueError("MAIL_URL names no host (smtp://user:password@host:587?starttls=1)")
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["0"])[0] in ("1", "true", "yes")
    tls = "ssl" if parts.scheme == "smtps" else ("starttls" if starttls else "")
    try:
        port = parts.port or (465 if tls == "ssl" else 587 if starttls else 25)
    except ValueError as exc:
        raise ValueError("MAIL_URL has a port that is not a number") from exc
    return SmtpTransport(
        parts.hostname, port, unquote(parts.username or ""), unquote(parts.password or ""), tls
    )
