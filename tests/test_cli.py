from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quiz_app.auth.models import Role, User
from quiz_app.bank.models import QuestionVersion
from quiz_app.extensions import db


def test_create_admin_generates_and_prints_password(runner):
    result = runner.invoke(args=["create-admin", "Boss@Example.com"])
    assert result.exit_code == 0, result.output
    password = result.output.split("password: ")[1].strip()
    user = db.session.scalar(select(User).where(User.email == "boss@example.com"))
    assert user.role == Role.ADMIN
    assert user.check_password(password)


def test_create_admin_promotes_existing_account(runner, candidate):
    result = runner.invoke(args=["create-admin", candidate.email, "--password", "given-password"])
    assert result.exit_code == 0
    assert "password:" not in result.output
    db.session.refresh(candidate)
    assert candidate.role == Role.ADMIN
    assert candidate.check_password("given-password")


def test_setup_loads_bank_and_creates_first_admin_once(runner):
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "question bank: 115 questions, pass score 100" in first.output
    assert "First admin created" in first.output
    assert db.session.scalar(select(func.count()).select_from(QuestionVersion)) == 115
    second = runner.invoke(args=["setup"])
    assert second.exit_code == 0, second.output
    assert "First admin created" not in second.output
    assert db.session.scalar(select(func.count()).select_from(QuestionVersion)) == 115


@pytest.mark.parametrize("email", ["not an email", "", "a@b"])
def test_create_admin_refuses_an_address_that_cannot_log_in(runner, email):
    result = runner.invoke(args=["create-admin", email])
    assert result.exit_code == 2
    assert "is not an email address" in result.output
    assert "Traceback" not in result.output


def run_on(database_url: str, tmp_path, *args: str):
    """A command of an app on another database (no test schema there)."""
    from quiz_app import create_app
    from quiz_app.extensions import db

    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_FILE_DIR": str(tmp_path / "mail"),
        }
    )
    with other.app_context():
        try:
            return other.test_cli_runner().invoke(args=list(args))
        finally:
            db.engine.dispose()


def test_commands_say_when_the_database_cannot_be_reached(tmp_path):
    url = "postgresql+psycopg://someone:secret@127.0.0.1:1/x"
    result = run_on(url, tmp_path, "finalize-expired")
    assert result.exit_code == 1
    assert "cannot be used" in result.output and "secret" not in result.output
    assert "Traceback" not in result.output


def test_commands_say_when_the_database_is_not_migrated(tmp_path):
    result = run_on(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path, "finalize-expired")
    assert result.exit_code == 1
    assert "is not set up: run `flask --app quiz_app setup`" in result.output


def test_setup_says_when_the_database_cannot_be_reached(tmp_path):
    result = run_on("postgresql+psycopg://someone:secret@127.0.0.1:1/x", tmp_path, "setup")
    assert result.exit_code == 1
    assert "cannot be used" in result.output and "Traceback" not in result.output


def test_a_symlink_loop_in_the_bank_folder_is_one_line(runner, tmp_path):
    from .factories import write_bank

    bank = write_bank(tmp_path / "bank")
    (bank / "loop-a.yaml").symlink_to(bank / "loop-b.yaml")
    (bank / "loop-b.yaml").symlink_to(bank / "loop-a.yaml")
    result = runner.invoke(args=["validate-bank", str(bank)])
    assert result.exit_code == 1
    assert "loop-" in result.output and "Traceback" not in result.output
