"""Language choice (Russian first, English on request) and local-time display."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_locale, get_translations
from jinja2 import pass_eval_context
from markupsafe import Markup

LANG_SESSION_KEY = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands, services called from tests: the default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.args.get("lang") or session.get(LANG_SESSION_KEY)
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def display_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["DISPLAY_TIMEZONE"])


# One date and one date-time format per language, for every page, message and CSV: the
# patterns are CLDR's, so month names follow the locale («5 декабря 2026», «5 December 2026»).
DATE_FORMAT = "d MMMM y"
DATE_TIME_FORMAT = "d MMMM y, HH:mm"


def format_local(value: datetime | None) -> str:
    """A UTC moment as a date and time in the platform's display zone (Europe/Moscow by
    default), with the zone's abbreviation: «5 декабря 2026, 04:29 MSK»."""
    if value is None:
        return "—"
    local = value.astimezone(display_zone())
    shown = format_datetime(local.replace(tzinfo=None), DATE_TIME_FORMAT)
    return f"{shown} {local.strftime('%Z')}"


def format_local_date(value: date | datetime | None) -> str:
    """The calendar day of a UTC moment in the display zone (or a plain date): «5 декабря 2026»."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(display_zone()).date()
    return format_date(value, DATE_FORMAT)


def format_duration(delta) -> str:
    seconds = max(int(delta.total_seconds()), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters["localtime"] = format_local
    app.jinja_env.filters["localdate"] = format_local_date
    app.jinja_env.filters["duration"] = format_duration
    app.context_processor(_template_context)
    # Flask-Babel's own callables find the catalogue anew for every string (a dozen lookups
    # through `g`, and the locale turned into a string), and a block page has dozens.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _catalogue().ugettext(s),
        ngettext=lambda s, p, n: _catalogue().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: _catalogue().unpgettext(c, s, p, n),
    )
    # `_` and `gettext` are then replaced (the plural and context forms above stay Jinja's):
    # Jinja reaches a translation through two context calls (`_` resolves `gettext`, which
    # calls the catalogue's function); one function doing the same directly is a visible
    # share of rendering a block page (docs/benchmarks.md).
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext)


@pass_eval_context
def _template_gettext(eval_context, string: str, /, **variables) -> str:
    """Jinja's new-style `gettext`: the translation, escaped and formatted as Jinja's own."""
    translated = _catalogue().ugettext(string)
    if eval_context.autoescape:
        # The message is our own catalogue's, trusted as Jinja's gettext trusts it; the
        # values are escaped by Markup's `%`.
        translated = Markup(translated)  # nosec B704
    # Always a format string, as in Jinja: "%%" means "%" whether or not variables are given.
    return translated % variables


def _catalogue():
    """The request's translations, kept on `g` beside the locale Flask-Babel chose for it.

    Keyed by that locale object, so `force_locale` (which swaps it) and `refresh` (which
    drops it) are followed as Flask-Babel itself would. Public API only: `get_locale()` and
    `get_translations()`, each asked once per string instead of the dozen lookups behind
    Flask-Babel's own template callables.
    """
    if not has_app_context():
        return get_translations()
    locale = get_locale()
    cached = g.get("translations")
    if cached is None or cached[0] is not locale:
        cached = g.translations = (locale, get_translations())
    return cached[1]


def _template_context() -> dict:
    return {"current_locale": str(get_locale() or "ru")}
