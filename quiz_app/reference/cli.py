"""`flask --app quiz_app validate-reference [FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app

from ..cli_errors import one_line_errors
from ..yamlfile import display_path
from .loader import ReferenceInvalid, load_reference, reference_path


@click.command("validate-reference")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@one_line_errors
def validate_reference(file: str | None) -> None:
    """Check the tariff reference; print every problem (exit 1) or a summary (exit 0)."""
    path = display_path(Path(file) if file else reference_path(current_app))
    try:
        reference = load_reference(path)
    except ReferenceInvalid as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s) found in {path}", err=True)
        sys.exit(1)
    cells = [
        cell.value
        for row in reference.features.values()
        if not row.same_as
        for offer, cell in row.cells.items()
        if reference.offer(offer).kind == "plan"
    ]
    click.echo(
        f"{path}: OK — {len(reference.offers)} offers, {len(reference.features)} feature rows "
        f"in {len(reference.groups)} groups, {len(reference.limits)} limits, "
        f"{len(reference.addons)} add-ons"
    )
    click.echo(
        "  plan cells: " + ", ".join(f"{cells.count(v)} {v}" for v in ("yes", "no", "unknown"))
    )
