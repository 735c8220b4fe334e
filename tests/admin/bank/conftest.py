"""Fixtures for the question bank editor's tests.

Every test edits a copy of the real bank in tmp_path: the project's question_bank/ is never
written to.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quiz_app.auth.models import Role

from ...conftest import REAL_BANK


@pytest.fixture
def bank_dir(tmp_path, app_config) -> Path:
    directory = tmp_path / "bank"
    shutil.copytree(REAL_BANK, directory)
    app_config["QUESTION_BANK_DIR"] = str(directory)
    return directory


@pytest.fixture
def admin(bank_dir, factory):
    return factory.user(email="admin@example.com", role=Role.ADMIN, full_name="Анна Админова")


@pytest.fixture
def admin_client(admin, client, login):
    return login(admin)
