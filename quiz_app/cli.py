"""`flask --app quiz_app …` commands, also available as the `quiz-app` script."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from .api.cli import create_api_token
from .auth.forms import MIN_PASSWORD
from .auth.services import admin_count
from .auth.services import create_admin as create_admin_account
from .bank import publishing
from .bank.loader import BankInvalid, load_bank
from .bank.writer import block_to_yaml, settings_to_yaml, write_atomic
from .cli_errors import one_line_errors
from .exam.finishing import finalize_expired as sweep_expired


def init_app(app: Flask) -> None:
    for command in (
        create_admin,
        validate_bank,
        finalize_expired,
        send_reminders,
        setup,
        normalize_bank,
        publish_bank,
    ):
        app.cli.add_command(command)
    app.cli.add_command(create_api_token)


@click.command("send-reminders")
@with_appcontext
@one_line_errors
def send_reminders() -> None:
    """Queue the reminders that are due (trials, invoices); each is mailed once."""
    from .partner.accounts.reminders import send_trial_reminders
    from .partner.store.reminders import send_invoice_reminders

    trials, invoices = send_trial_reminders(), send_invoice_reminders()
    click.echo(f"queued {trials} trial and {invoices} invoice reminder(s); send-mail sends them")


@click.command("create-admin")
@click.argument("email")
@click.option(
    "--password", help="Password to set; a random one is generated and printed if omitted."
)
@click.option("--name", "full_name", default="Администратор", show_default=True)
@one_line_errors
def create_admin(email: str, password: str | None, full_name: str) -> None:
    """Create an admin account (or promote an existing account to admin)."""
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise click.BadParameter(f"{email!r} is not an email address: {exc}") from None
    if password is not None and len(password) < MIN_PASSWORD:
        raise click.BadParameter(f"a password needs at least {MIN_PASSWORD} characters")
    user, generated = create_admin_account(email, password, full_name)
    click.echo(f"admin ready: {user.email}")
    if generated:
        click.echo(f"password: {generated}")


def _load_or_exit(directory: str):
    """The valid bank in `directory`, or every problem printed and exit status 1."""
    try:
        return load_bank(directory)
    except BankInvalid as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s) found in {directory}", err=True)
        sys.exit(1)


@click.command("validate-bank")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@one_line_errors
def validate_bank(directory: str | None) -> None:
    """Check a question bank; print every problem (exit 1) or a summary (exit 0)."""
    directory = directory or current_app.config["QUESTION_BANK_DIR"]
    bank = _load_or_exit(directory)
    settings = bank.settings
    click.echo(
        f"{directory}: OK — {len(bank.blocks)} blocks, {bank.question_count} questions, "
        f"max score {bank.max_score}, pass score {settings.pass_score}, "
        f"time limit {settings.time_limit_minutes} min"
    )
    for index, loaded in enumerate(bank.blocks, 1):
        click.echo(
            f"  {index}. {loaded.block.title} ({len(loaded.block.active_questions)}) {loaded.file}"
        )
    for warning in bank.warnings:
        click.echo(f"warning: {warning}")


@click.command("normalize-bank")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@one_line_errors
def normalize_bank(directory: str | None) -> None:
    """Rewrite the bank's files in the canonical YAML form (content unchanged)."""
    directory = directory or current_app.config["QUESTION_BANK_DIR"]
    bank = _load_or_exit(directory)
    write_atomic(Path(directory) / "exam.yaml", settings_to_yaml(bank.settings))
    for name, loaded in zip(bank.settings.blocks, bank.blocks, strict=True):
        write_atomic(Path(directory) / name, block_to_yaml(loaded.block))
    click.echo(f"rewrote {len(bank.blocks) + 1} files in {directory}")


@click.command("finalize-expired")
@one_line_errors
def finalize_expired() -> None:
    """Finalize every attempt whose deadline has passed (run it from a timer)."""
    click.echo(f"finalized {sweep_expired()} expired attempt(s)")


@click.command("setup")
@click.option("--admin-email", default="admin@example.com", show_default=True)
@one_line_errors
def setup(admin_email: str) -> None:
    """Migrate the database, load the question bank, and create a first admin if none exists."""
    upgrade(revision="heads")
    try:
        bank = load_bank(current_app.config["QUESTION_BANK_DIR"])
    except BankInvalid as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("the question bank is invalid; fix it and run again") from exc
    click.echo(
        f"question bank: {bank.question_count} questions, pass score {bank.settings.pass_score}"
    )
    if publishing.latest_version() is None:
        version = publishing.publish(bank, "Первая публикация (flask setup)", None, None)
        click.echo(f"published as exam version {version.number}")
    if admin_count() == 0:
        user, password = create_admin_account(admin_email)
        click.echo("=" * 60)
        click.echo("First admin created. Keep these credentials; they are shown once:")
        click.echo(f"  email:    {user.email}")
        click.echo(f"  password: {password}")
        click.echo("=" * 60)


@click.command("publish-bank")
@click.option("--note", required=True, help="What changed and why; kept with the version.")
@one_line_errors
def publish_bank(note: str) -> None:
    """Publish the bank's files as a new exam version (what new attempts get).

    Exits 0 without a new version when the files are already the published version, so a
    deploy can run it every time.
    """
    bank = _load_or_exit(current_app.config["QUESTION_BANK_DIR"])
    latest = publishing.latest_version()
    based_on = latest.number if latest is not None else None
    try:
        version = publishing.publish(bank, note, None, based_on)
    except publishing.PublishRefused as exc:
        if exc.code == "unchanged":
            click.echo(f"already published: exam version {exc.latest} is this bank")
            return
        if exc.code == "stale":
            raise click.ClickException(
                f"exam version {exc.latest} was published meanwhile; run the command again"
            ) from None
        raise click.BadParameter(
            f"a note of 1 to {publishing.NOTE_MAX} characters is required", param_hint="--note"
        ) from None
    click.echo(
        f"published exam version {version.number}: {version.question_count} questions, "
        f"max score {version.max_score}, pass score {version.pass_score}"
    )


def main() -> None:
    from . import create_app

    FlaskGroup(create_app=create_app)(prog_name="quiz-app")
