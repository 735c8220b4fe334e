"""An admin edits the draft, reviews the diff, publishes with a note, and previews the draft,
in a real browser."""

from __future__ import annotations

import pytest
import yaml

from quiz_app.auth.models import Role

from ..conftest import retake_at_will_bank
from ..factories import PASSWORD

NEW_TEXT = "Какая формулировка вопроса теперь в экзамене?"


@pytest.fixture
def draft_bank(tmp_path, app_config):
    """A bank folder of this test's own (set before the app and its server exist)."""
    directory = retake_at_will_bank(tmp_path / "question_bank")
    app_config["QUESTION_BANK_DIR"] = str(directory)
    return directory


def test_review_publish_and_preview(draft_bank, page, factory, shots):
    path = sorted(draft_bank.glob("0*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question_id = data["questions"][0]["id"]
    data["questions"][0]["text"] = NEW_TEXT
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    factory.user(email="editor@example.com", role=Role.ADMIN)
    page.goto("/auth/login")
    page.fill("#email", "editor@example.com")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("button", name="Выйти").wait_for()

    page.goto("/admin/bank/")
    page.locator('[data-draft="unpublished"] a').click()
    change = page.locator(f'[data-change="changed"][data-question="{question_id}"]')
    change.wait_for()
    assert any("теперь" in text for text in change.locator("ins").all_inner_texts())
    shots(page, "publish-diff")

    page.get_by_role("button", name="Опубликовать").click()
    page.get_by_text("Укажите, что изменилось").wait_for()  # a note is required
    page.get_by_label("Что изменилось и почему").fill("Уточнили формулировку")
    page.get_by_role("button", name="Опубликовать").click()
    page.locator('[data-version="2"]').wait_for()
    assert "Уточнили формулировку" in page.locator('[data-version="2"]').inner_text()
    assert page.locator('[data-version="1"] button').count() == 1  # rollback to version 1
    shots(page, "versions")

    page.goto("/admin/bank/publish")
    page.locator("[data-nothing]").wait_for()
    page.get_by_role("button", name="Пройти черновик как кандидат (предпросмотр)").click()
    page.locator("[data-preview]").wait_for()
    shots(page, "preview-block")
