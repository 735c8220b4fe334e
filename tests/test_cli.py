from __future__ import annotations

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
