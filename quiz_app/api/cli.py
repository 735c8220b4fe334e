"""`flask --app quiz_app create-api-token NAME`: issue an API token from the shell."""

from __future__ import annotations

import click

from ..cli_errors import one_line_errors
from . import tokens


@click.command("create-api-token")
@click.argument("name")
@one_line_errors
def create_api_token(name: str) -> None:
    """Create an API token named NAME and print it (it is shown only this once)."""
    try:
        token, raw = tokens.issue(name, by=None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="NAME") from exc
    click.echo(
        f"API token #{token.id} «{token.name}» created. Store it now; it is not shown again:"
    )
    click.echo(raw)
