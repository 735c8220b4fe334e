"""Item analysis by exam version, and previews of the draft left out of it."""

from __future__ import annotations

import pytest
import yaml

from quiz_app.admin.statistics.loading import Period, load_dataset
from quiz_app.bank import publishing
from quiz_app.bank.loader import load_bank
from quiz_app.exam import finishing
from quiz_app.exam import services as exam_services
from quiz_app.exam.models import FinishReason

from ..factories import question, write_bank
from .test_statistics_pages import take


@pytest.fixture(autouse=True)
def small_bank(tmp_path, app_config):
    directory = write_bank(
        tmp_path / "bank",
        blocks={
            "alpha": [question("alpha-01"), question("alpha-02")],
            "beta": [question("beta-01"), question("beta-02")],
        },
        pass_score=2,
    )
    app_config["QUESTION_BANK_DIR"] = str(directory)
    return directory


def _reword(bank_dir, question_id: str, text: str) -> None:
    for path in bank_dir.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data.get("questions", []) if isinstance(data, dict) else []:
            if q["id"] == question_id:
                q["text"] = text
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
                return
    raise AssertionError(question_id)


def _responses(versions, question_id: str) -> list:
    return [r for r in load_dataset(Period(), versions).responses if r.question_id == question_id]


def test_a_changed_question_is_counted_per_version_unchanged_ones_pool(
    small_bank, app, factory, frozen_clock
):
    take(factory.user(), ["a", "a", "a", "a"], minutes=10)
    first = publishing.latest_version()
    _reword(small_bank, "alpha-01", "Переформулированный вопрос")
    second = publishing.publish(load_bank(small_bank), "reworded", None, first.number)
    take(factory.user(), ["b", "a", "a", "a"], minutes=10)
    take(factory.user(), ["b", "b", "a", "a"], minutes=10)

    in_first = publishing.question_version_ids(first.number)
    in_second = publishing.question_version_ids(second.number)
    assert len(in_first - in_second) == 1  # alpha-01's old version only

    old = _responses(in_first, "alpha-01")
    new = _responses(in_second, "alpha-01")
    assert [r.chosen for r in old] == ["a"]
    assert sorted(r.chosen for r in new) == ["b", "b"]
    assert {r.version_id for r in old}.isdisjoint({r.version_id for r in new})
    # beta-01 did not change: one version row, in both exam versions, all three attempts.
    assert len(_responses(in_first, "beta-01")) == 3
    assert len(_responses(None, "alpha-01")) == 3


def test_the_page_takes_an_exam_version(app, client, login, factory, frozen_clock):
    take(factory.user(), ["a", "a", "a", "a"], minutes=10)
    login(factory.admin())
    number = publishing.latest_version().number
    assert client.get(f"/admin/statistics?exam_version={number}").status_code == 200
    assert client.get(f"/admin/statistics?exam_version={number + 1}").status_code == 404
    page = client.get("/admin/statistics?exam_version=abc")
    assert page.status_code == 400


def test_previews_are_not_in_the_statistics(small_bank, app, factory, frozen_clock):
    admin = factory.admin()
    preview = exam_services.start_preview(admin, load_bank(small_bank))
    for item in preview.items:
        exam_services.save_answer(preview.id, admin.id, item.question_id, "a")
    finishing.finalize(preview.id, FinishReason.SUBMITTED)
    take(factory.user(), ["a", "b", "a", "b"], minutes=10)
    attempt_ids = {a.id for a in load_dataset(Period()).attempts}
    assert preview.id not in attempt_ids
    assert len(attempt_ids) == 1
