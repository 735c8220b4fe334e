"""The tariff reference: the vendor's plans as data, the /tariffs page and its calculator."""

from flask import Blueprint, Flask

bp = Blueprint("reference", __name__, url_prefix="/tariffs")


def init_app(app: Flask) -> None:
    """The reference registry and the `validate-reference` command."""
    from . import loader
    from .cli import validate_reference

    loader.init_app(app)
    app.cli.add_command(validate_reference)


from . import routes  # noqa: E402,F401  (routes register themselves on bp)
