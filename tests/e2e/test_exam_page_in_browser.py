"""The exam page as a candidate uses it in Chromium: the map, flags, a lost connection, the
time notices and the last seconds."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import select

from quiz_app.exam.models import Attempt, AttemptItem
from quiz_app.extensions import db

from ..factories import PASSWORD


def attempt_items(attempt_id: int) -> list[AttemptItem]:
    db.session.rollback()  # see what the server's requests committed
    return list(
        db.session.scalars(
            select(AttemptItem)
            .where(AttemptItem.attempt_id == attempt_id)
            .order_by(AttemptItem.position)
        )
    )


def start_attempt(page) -> int:
    page.goto("/exam/")
    page.get_by_role("button", name="Начать попытку").click()
    page.locator("h1#questions").wait_for()
    return int(re.search(r"/attempts/(\d+)/", page.url).group(1))


def log_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("button", name="Выйти").wait_for()


def question_ids(page) -> list[str]:
    return [
        fieldset.get_attribute("id").removeprefix("q-")
        for fieldset in page.locator("fieldset.question").all()
    ]


def luminance(rgb: str) -> float:
    channels = [int(value) / 255 for value in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_map_and_flags_survive_reload_and_a_second_device(
    page, browser, live_server, login_in_browser, shots
):
    login_in_browser(page)
    attempt_id = start_attempt(page)
    first, second = question_ids(page)[:2]

    page.locator(f'.flag-button[data-flag-for="{first}"]').click()
    page.locator(f'.flag-button[data-flag-for="{first}"][aria-pressed="true"]').wait_for()
    option = page.locator(f'input[name="q-{second}"]').first
    option.check()
    page.locator(f'[data-status-for="{second}"][data-state="saved"]').wait_for()
    assert page.locator(f'[data-map-for="{first}"]').get_attribute("class").split() == [
        "map-q",
        "flagged",
    ]
    assert "answered" in page.locator(f'[data-map-for="{second}"]').get_attribute("class")
    assert page.locator("#flagged-count").inner_text() == "1"

    # The chosen option stands out without hover: its border against the other options.
    chosen = page.locator(f"fieldset#q-{second} label.option:has(input:checked)")
    other = page.locator(f"fieldset#q-{second} label.option:not(:has(input:checked))").first
    page.mouse.move(0, 0)
    style = "e => [getComputedStyle(e).borderTopColor, getComputedStyle(e).backgroundColor]"
    chosen_border, chosen_background = chosen.evaluate(style)
    other_border, other_background = other.evaluate(style)
    card = page.locator(f"fieldset#q-{second}").evaluate("e => getComputedStyle(e).backgroundColor")
    shots(page, "flagged-and-answered")
    # The other options are transparent: what shows around them is the question's card.
    assert "0, 0, 0, 0" in other_border and "0, 0, 0, 0" in other_background
    assert contrast(chosen_border, card) >= 3
    assert chosen_background != other_background

    page.reload()
    page.locator(f'.flag-button[data-flag-for="{first}"][aria-pressed="true"]').wait_for()

    phone = browser.new_context(
        base_url=live_server, locale="ru-RU", viewport={"width": 390, "height": 844}
    ).new_page()
    log_in(phone, "browser@example.com")
    phone.goto(f"/exam/attempts/{attempt_id}/blocks/1")
    assert phone.locator(f'[data-map-for="{first}"]').get_attribute("class").endswith("flagged")
    # On a phone the questions come first and the map waits, folded, below them.
    assert phone.locator("#question-map").evaluate("e => e.open") is False
    first_question = phone.locator("fieldset.question").first.bounding_box()
    assert first_question["y"] < 844
    assert phone.locator("nav.block-nav").bounding_box()["y"] > first_question["y"]
    shots(phone, "phone")
    phone.locator(f'.flag-button[data-flag-for="{first}"]').click()
    phone.locator(f'.flag-button[data-flag-for="{first}"][aria-pressed="false"]').wait_for()
    assert not any(item.flagged for item in attempt_items(attempt_id))
    phone.context.close()


def test_map_link_lands_below_the_sticky_bar_and_highlights_the_question(
    page, login_in_browser, shots
):
    login_in_browser(page)
    start_attempt(page)
    target = page.locator("ol.map-questions a").nth(30)
    question = target.get_attribute("data-map-for")
    target.click()
    page.wait_for_url(re.compile(f"#q-{question}$"))
    fieldset = page.locator(f"fieldset#q-{question}")
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= document.getElementById('exam-status').getBoundingClientRect().bottom; }",
        arg=f"q-{question}",
    )
    assert fieldset.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    shots(page, "target")


def test_choices_made_offline_survive_a_closed_tab(page, login_in_browser, shots):
    login_in_browser(page)
    attempt_id = start_attempt(page)
    chosen = {}
    page.context.set_offline(True)
    for qid in question_ids(page)[:3]:
        radio = page.locator(f'input[name="q-{qid}"]').nth(1)
        radio.check()
        chosen[qid] = radio.get_attribute("value")
        page.locator(f'[data-status-for="{qid}"][data-state="queued"]').wait_for()
    page.locator('#pending-count[data-count="3"]').wait_for()
    shots(page, "offline-three-pending")
    stored = page.evaluate(f"() => JSON.parse(localStorage.getItem('exam:{attempt_id}:pending'))")
    assert stored == chosen
    # Closing the tab hands the three to the browser as keepalive requests; Playwright's offline
    # emulation does not cover requests that outlive their page, so they may already land here.
    # Either way the reopened page must find nothing left to send and all three saved.
    page.close()

    page.context.set_offline(False)
    reopened = page.context.new_page()
    reopened.goto(f"/exam/attempts/{attempt_id}/blocks/1")
    reopened.locator('#pending-count[data-count="0"]').wait_for(state="attached")
    reopened.wait_for_function("() => !localStorage.length")
    saved = {item.question_id: item.chosen_option for item in attempt_items(attempt_id)}
    assert {qid: saved[qid] for qid in chosen} == chosen
    for qid, option in chosen.items():
        assert reopened.locator(f'input[name="q-{qid}"][value="{option}"]').is_checked()
    shots(reopened, "reopened-online")


def test_choices_a_closed_tab_left_in_storage_are_sent_by_the_next_page(page, login_in_browser):
    """What a tab that was closed offline leaves behind: pending choices in the storage."""
    login_in_browser(page)
    attempt_id = start_attempt(page)
    layout = attempt_items(attempt_id)
    left = {item.question_id: item.option_order[-1] for item in layout[20:23]}
    page.goto("/exam/")
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [f"exam:{attempt_id}:pending", json.dumps(left)],
    )
    # A page of another block than the three questions' own: the queue is the attempt's.
    page.goto(f"/exam/attempts/{attempt_id}/blocks/1")
    page.wait_for_function("() => !localStorage.length")
    saved = {item.question_id: item.chosen_option for item in attempt_items(attempt_id)}
    assert {qid: saved[qid] for qid in left} == left


def test_submit_waits_for_choices_not_yet_sent(page, login_in_browser, shots):
    login_in_browser(page)
    attempt_id = start_attempt(page)
    qid = question_ids(page)[0]
    # The server cannot be reached for answers: the choice waits in the browser.
    page.route("**/answers", lambda route: route.abort())
    radio = page.locator(f'input[name="q-{qid}"]').first
    option = radio.get_attribute("value")
    radio.check()
    page.locator('#pending-count[data-count="1"]').wait_for()
    page.get_by_role("link", name="Завершить попытку").click()

    warning = page.locator("#pending-warning")
    warning.wait_for()
    assert "1" in warning.inner_text()
    page.get_by_role("button", name="Завершить и узнать результат").click()
    page.wait_for_timeout(6000)  # the page tries for 5 s, then refuses to finish
    assert page.url.endswith("/submit")
    assert warning.is_visible()
    shots(page, "pending-warning")

    page.unroute("**/answers")
    warning.wait_for(state="hidden", timeout=10_000)
    page.get_by_role("button", name="Завершить и узнать результат").click()
    page.wait_for_url(re.compile(r"/result$"))
    chosen = {item.question_id: item.chosen_option for item in attempt_items(attempt_id)}
    assert chosen[qid] == option


def test_time_notices_at_ten_five_and_one_minute(page, login_in_browser, shots):
    page.clock.install()
    login_in_browser(page)
    start_attempt(page)
    notice = page.locator("#time-notice")
    assert notice.inner_text() == ""
    assert notice.get_attribute("aria-live") == "polite"
    for elapsed, text, band in (
        ("50:01", "Осталось 10 минут.", "1"),
        ("05:00", "Осталось 5 минут.", "2"),
        ("04:00", "Осталась 1 минута.", "3"),
    ):
        page.clock.fast_forward(elapsed)
        page.locator(f'.timer[data-band="{band}"]').wait_for()
        assert notice.inner_text().startswith(text)
        shots(page, f"band-{band}")


def test_answer_queued_offline_at_the_deadline_is_counted(
    page, login_in_browser, frozen_clock, shots
):
    login_in_browser(page)
    attempt_id = start_attempt(page)
    frozen_clock.advance(timedelta(minutes=60) - timedelta(seconds=4))
    page.reload()
    qid = question_ids(page)[0]
    page.context.set_offline(True)
    radio = page.locator(f'input[name="q-{qid}"]').first
    option = radio.get_attribute("value")
    radio.check()
    page.locator(f'[data-status-for="{qid}"][data-state="queued"]').wait_for()
    # The page reaches 0:00 offline; the server's clock is 3 s past the deadline when the
    # connection comes back, inside the grace period.
    page.locator('.timer[data-band="expired"]').wait_for(timeout=10_000)
    shots(page, "zero-offline")
    frozen_clock.advance(timedelta(seconds=7))
    page.context.set_offline(False)
    page.wait_for_url(re.compile(r"/result$|/partner/certificate$"), timeout=20_000)
    shots(page, "result")

    db.session.rollback()
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.finish_reason == "expired"
    assert attempt.finished_at == attempt.deadline
    chosen = {item.question_id: item.chosen_option for item in attempt_items(attempt_id)}
    assert chosen[qid] == option


def test_admin_grants_extra_time_and_the_open_attempt_deadline_moves(
    page, browser, live_server, factory, login_in_browser, shots
):
    login_in_browser(page)
    attempt_id = start_attempt(page)
    before = int(page.locator(".timer").get_attribute("data-remaining"))

    admin = factory.admin(email="admin-browser@example.com")
    admin_page = browser.new_context(base_url=live_server, locale="ru-RU").new_page()
    log_in(admin_page, admin.email)
    db.session.rollback()
    candidate_id = db.session.get(Attempt, attempt_id).user_id
    admin_page.goto(f"/admin/people/{candidate_id}")
    admin_page.get_by_label("Дополнительно, минут").fill("15")
    admin_page.get_by_label("Основание").fill("Заявление о доступности")
    admin_page.get_by_label("Добавить время и к текущей незавершённой попытке").check()
    admin_page.get_by_role("button", name="Назначить дополнительное время").click()
    admin_page.get_by_text("Текущая попытка продлена").wait_for()
    shots(admin_page, "granted")
    admin_page.context.close()

    page.reload()
    after = int(page.locator(".timer").get_attribute("data-remaining"))
    assert 15 * 60 - 5 <= after - before <= 15 * 60
    page.goto("/exam/")
    assert page.locator("[data-personal-limit]").get_attribute("data-personal-limit") == "75"
