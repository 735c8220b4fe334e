"""Training: lessons as Markdown files, public reading, and progress for signed-in users."""

from flask import Blueprint, Flask

bp = Blueprint("training", __name__, url_prefix="/training")


def init_app(app: Flask) -> None:
    """The lesson registry and the `validate-lessons` command."""
    from . import registry
    from .cli import validate_lessons

    registry.init_app(app)
    app.cli.add_command(validate_lessons)


from . import routes  # noqa: E402,F401  (routes register themselves on bp)
