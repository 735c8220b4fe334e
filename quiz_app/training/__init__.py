"""Training: lessons as Markdown files, public reading, and progress for signed-in users."""

from flask import Blueprint, Flask
from flask.blueprints import BlueprintSetupState

bp = Blueprint("training", __name__, url_prefix="/training")


def init_app(app: Flask) -> None:
    """The lesson registry and the `validate-lessons` command."""
    from . import registry
    from .cli import validate_lessons

    registry.init_app(app)
    app.cli.add_command(validate_lessons)


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    # Registering the blueprint is all create_app needs to do for this feature.
    init_app(state.app)


from . import routes  # noqa: E402,F401  (routes register themselves on bp)
