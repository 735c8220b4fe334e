"""The client account's subdomain: what a valid one looks like (pure, no database)."""

from __future__ import annotations

import re

from flask_babel import gettext as _

MIN_LENGTH = 3
MAX_LENGTH = 63  # one DNS label
PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
# Names the platform keeps for itself.
RESERVED = frozenset(
    {"www", "api", "admin", "app", "mail", "smtp", "static", "cdn", "help", "support", "partner"}
)


def normalize(value: str | None) -> str:
    """Subdomains are case-insensitive: 'Romashka ' is 'romashka'."""
    return (value or "").strip().lower()


def problem(value: str) -> str | None:
    """Why a (normalized) subdomain is not acceptable, or None when it is."""
    if not value:
        return str(_("Укажите поддомен."))
    if len(value) < MIN_LENGTH or len(value) > MAX_LENGTH:
        return str(
            _(
                "Поддомен должен быть длиной от %(min)d до %(max)d символов.",
                min=MIN_LENGTH,
                max=MAX_LENGTH,
            )
        )
    if not re.fullmatch(r"[a-z0-9-]+", value):
        return str(
            _("Допустимы только строчные латинские буквы (a–z), цифры и дефис, без пробелов.")
        )
    if not PATTERN.match(value):
        return str(_("Поддомен не может начинаться или заканчиваться дефисом."))
    if "--" in value:
        return str(_("Два дефиса подряд в поддомене недопустимы."))
    if value in RESERVED:
        return str(_("Поддомен «%(name)s» зарезервирован платформой.", name=value))
    return None
