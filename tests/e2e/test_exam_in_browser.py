"""A candidate's whole journey in a real browser: register, study, pass, share."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
import yaml

from quiz_app.bank.loader import load_bank

from ..conftest import REAL_BANK

KEY = {q.id: q.answer for _, q in load_bank(REAL_BANK).questions}


def answer_block(page) -> list[str]:
    """Click the right option of every question on the page; wait until each is saved."""
    question_ids = [
        fieldset.get_attribute("id").removeprefix("q-")
        for fieldset in page.locator("fieldset.question").all()
    ]
    for qid in question_ids:
        page.locator(f'input[name="q-{qid}"][value="{KEY[qid]}"]').click()
        page.locator(f'[data-status-for="{qid}"][data-state="saved"]').wait_for()
    return question_ids


def assert_checked(page, question_ids: list[str]) -> None:
    for qid in question_ids:
        assert page.locator(f'input[name="q-{qid}"][value="{KEY[qid]}"]').is_checked(), qid


def test_register_study_pass_and_share(page, browser, live_server, shots):
    page.goto("/")
    shots(page, "home")
    page.get_by_role("link", name="Регистрация").click()
    page.fill("#full_name", "Смирнова Ольга Петровна")
    page.fill("#company", "ООО «Цифровое внедрение»")
    page.fill("#email", "olga@example.com")
    page.fill("#phone", "+7 912 345-67-89")
    page.fill("#password", "very-secret-1")
    page.fill("#confirm", "very-secret-1")
    shots(page, "register")
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.get_by_text("Добро пожаловать!").wait_for()

    page.goto("/training/")
    page.locator("main a[href^='/training/']").first.click()
    page.locator("main h1").wait_for()
    shots(page, "lesson")

    page.goto("/exam/")
    page.get_by_role("button", name="Начать попытку").click()
    answered: list[list[str]] = []
    block_count = page.locator(".map-blocks > li").count()
    assert block_count == 9
    for number in range(1, block_count + 1):
        page.locator("h1", has_text=f"Блок {number} из 9").wait_for()
        answered.append(answer_block(page))
        if number == 5:
            shots(page, "block-5-answered")
            page.reload()
            assert_checked(page, answered[-1])
            page.goto(page.url.rsplit("/", 1)[0] + "/1")
            assert_checked(page, answered[0])
            page.goto(page.url.rsplit("/", 1)[0] + "/5")
        assert page.locator("#answered-count").inner_text() == str(sum(map(len, answered)))
        if number < block_count:
            page.get_by_role("button", name="Следующий блок").click()
    shots(page, "all-answered")
    page.get_by_role("button", name="К завершению").click()
    page.get_by_text("Вы ответили на все вопросы.").wait_for()
    shots(page, "confirm")
    page.get_by_role("button", name="Завершить и узнать результат").click()

    page.get_by_text("Поздравляем! Экзамен сдан").wait_for()
    assert page.url.endswith("/partner/certificate")
    shots(page, "certificate")
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать PDF").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    verify_url = page.locator("#share-url").input_value()

    anonymous = browser.new_context(base_url=live_server).new_page()
    anonymous.goto(verify_url.replace("http://localhost", live_server))
    anonymous.locator('[data-status="valid"]').wait_for()
    assert "Смирнова Ольга Петровна" in anonymous.content()
    shots(anonymous, "verification-logged-out")


@pytest.fixture
def one_minute_bank(tmp_path, app_config):
    directory = tmp_path / "bank"
    shutil.copytree(REAL_BANK, directory)
    settings = yaml.safe_load((directory / "exam.yaml").read_text(encoding="utf-8"))
    settings["time_limit_minutes"] = 1
    (directory / "exam.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    app_config["QUESTION_BANK_DIR"] = str(directory)


def test_attempt_finalizes_itself_when_countdown_ends(
    one_minute_bank, page, login_in_browser, frozen_clock, shots
):
    login_in_browser(page)
    page.goto("/exam/")
    page.get_by_role("button", name="Начать попытку").click()
    page.locator(".timer-value").wait_for()
    # 55 s of the minute pass on the server; the page then counts the last 5 s itself.
    frozen_clock.advance(timedelta(seconds=55))
    page.reload()
    assert page.locator(".timer").get_attribute("data-remaining") == "5"
    shots(page, "last-seconds")
    frozen_clock.advance(timedelta(seconds=6))
    page.get_by_text("Попытка завершена по истечении времени.").wait_for(timeout=20_000)
    assert "/result" in page.url
    shots(page, "finalized")
