"""The tariff reference: the vendor's plans as data, the /tariffs page and its calculator."""

from flask import Blueprint, Flask

bp = Blueprint("reference", __name__, url_prefix="/tariffs")


def init_app(app: Flask) -> None:
    """The reference registry and the `validate-reference` command."""
    from . import loader
    from .cli import validate_reference

    loader.init_app(app)
    app.cli.add_command(validate_reference)
    app.jinja_env.filters["offer_title"] = offer_title


def offer_title(offer) -> str:
    """A plan's or package's name in the page's language."""
    from flask_babel import get_locale

    return offer.display_title(str(get_locale() or "ru"))


from . import routes  # noqa: E402,F401  (routes register themselves on bp)
