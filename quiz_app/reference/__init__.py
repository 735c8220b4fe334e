"""The tariff reference: the vendor's plans as data, the /tariffs page and its calculator."""

from flask import Blueprint, Flask
from flask.blueprints import BlueprintSetupState

bp = Blueprint("reference", __name__, url_prefix="/tariffs")


def init_app(app: Flask) -> None:
    """The reference registry, the `money` filter and the `validate-reference` command."""
    from . import loader
    from .cli import validate_reference
    from .money import format_money

    loader.init_app(app)
    app.add_template_filter(format_money, "money")
    app.cli.add_command(validate_reference)


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    # Registering the blueprint is all create_app needs to do for this feature.
    init_app(state.app)


from . import routes  # noqa: E402,F401  (routes register themselves on bp)
