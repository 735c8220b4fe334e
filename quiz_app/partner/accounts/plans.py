"""The plans a client can be interested in: from the tariff reference, the one source of truth."""

from __future__ import annotations

import logging

from flask_babel import get_locale

log = logging.getLogger(__name__)

# Used only when the tariff reference (quiz_app/reference/, reference/tariffs.yaml) cannot be
# read: no valid file, or no application context. Same ids and names as the reference.
FALLBACK_PLANS: tuple[tuple[str, str], ...] = (
    ("basic", "Базовый"),
    ("extended", "Расширенный"),
    ("professional", "Профессиональный"),
)


def _reference_plans() -> list[tuple[str, str]] | None:
    """(id, title) of every offer of the tariff reference: its plans, then its packages."""
    try:
        from ...reference.loader import ReferenceUnavailable, current_reference
    except ImportError:
        return None
    try:
        reference = current_reference()
    except (ReferenceUnavailable, RuntimeError, KeyError) as exc:
        # RuntimeError: no app context; KeyError: the reference blueprint is not registered.
        log.warning("tariff reference unavailable, using the fallback plan list: %s", exc)
        return None
    locale = str(get_locale() or "ru")
    return [(offer.id, offer.display_title(locale)) for offer in reference.offers] or None


def plan_choices() -> list[tuple[str, str]]:
    """(id, title) of every plan a client may choose, in the reference's order."""
    return _reference_plans() or list(FALLBACK_PLANS)


def plan_title(plan_id: str) -> str:
    return dict(plan_choices()).get(plan_id, plan_id)
