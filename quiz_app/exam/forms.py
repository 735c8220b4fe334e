from flask_wtf import FlaskForm
from wtforms import SubmitField


class StartForm(FlaskForm):
    submit = SubmitField()


class SubmitAttemptForm(FlaskForm):
    submit = SubmitField()


class BlockAnswersForm(FlaskForm):
    """The no-JavaScript fallback; radio groups are named q-<question id> in the template.

    The choices themselves are read in the route: the set of questions differs per block.
    """

    nav = SubmitField()
