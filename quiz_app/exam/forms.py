from wtforms import SubmitField

from ..forms import AppForm


class StartForm(AppForm):
    submit = SubmitField()


class SubmitAttemptForm(AppForm):
    submit = SubmitField()


class BlockAnswersForm(AppForm):
    """The no-JavaScript fallback; radio groups are named q-<question id> in the template.

    The choices themselves are read in the route: the set of questions differs per block.
    """

    nav = SubmitField()
