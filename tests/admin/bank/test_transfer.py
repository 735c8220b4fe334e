"""The whole bank as a zip: export, dry run, replace all or nothing; exam settings."""

from __future__ import annotations

import io
import os
import re
import tracemalloc
import zipfile

from sqlalchemy import select

from quiz_app.admin.bank.models import QuestionRevision
from quiz_app.audit import AuditEntry
from quiz_app.extensions import db

from ...test_yaml_hostile import bomb
from .helpers import (
    changed_lines,
    errors_beside,
    form_fields,
    snapshot,
)


def export(client) -> bytes:
    response = client.get("/admin/bank/export.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data


def zip_of(files: dict[str, str], folder: str = "question_bank/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(folder + name, text)
    return buffer.getvalue()


def files_of(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            info.filename.split("/")[-1]: archive.read(info).decode("utf-8")
            for info in archive.infolist()
        }


def upload(client, data: bytes, action: str):
    return client.post(
        "/admin/bank/import",
        data={"archive": (io.BytesIO(data), "bank.zip"), "action": action},
        content_type="multipart/form-data",
    )


def test_export_contains_every_bank_file_unchanged(admin_client, bank_dir):
    files = files_of(export(admin_client))
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in bank_dir.glob("*.yaml")}
    assert files == on_disk


def test_round_trip_changes_nothing(admin_client, bank_dir):
    data = export(admin_client)
    before = snapshot(bank_dir)
    html = upload(admin_client, data, "dry_run").get_data(as_text=True)
    assert "Архив совпадает с текущим банком." in html
    response = upload(admin_client, data, "import")
    assert response.status_code == 302
    assert snapshot(bank_dir) == before


def test_a_changed_archive_dry_run_then_import(admin_client, bank_dir, admin):
    files = files_of(export(admin_client))
    mail = files["04_mail.yaml"]
    files["04_mail.yaml"] = mail.replace("Для чего подключать", "Зачем подключать", 1)
    data = zip_of(files)
    before = snapshot(bank_dir)

    dry = upload(admin_client, data, "dry_run")
    html = dry.get_data(as_text=True)
    assert dry.status_code == 200
    assert re.search(r"<code>04_mail.yaml</code></td>\s*<td>изменится", html)
    assert "mail-02" in html
    assert snapshot(bank_dir) == before  # the dry run wrote nothing

    confirm = dict(re.findall(r'name="(payload|token)"[^>]*value="([^"]*)"', html))
    response = admin_client.post("/admin/bank/import", data={**confirm, "confirm": "1"})
    assert response.status_code == 302
    after = snapshot(bank_dir)
    assert [n for n in after if after[n] != before[n]] == ["04_mail.yaml"]
    removed, added = changed_lines(mail, (bank_dir / "04_mail.yaml").read_text("utf-8"))
    assert len(removed) == len(added) == 1
    revision = db.session.scalars(select(QuestionRevision)).one()
    assert (revision.question_id, revision.action, revision.author_id) == (
        "mail-02",
        "import",
        admin.id,
    )
    assert db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.action == "bank.import.zip")
    ).all() == ["bank.import.zip"]


def test_an_invalid_archive_is_refused_with_file_and_line(admin_client, bank_dir):
    files = files_of(export(admin_client))
    files["04_mail.yaml"] = files["04_mail.yaml"].replace("    answer: ", "    answer: zz", 1)
    before = snapshot(bank_dir)
    response = upload(admin_client, zip_of(files), "import")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r"04_mail.yaml:\d+: \[mail-01\] .*answer", html)
    assert snapshot(bank_dir) == before


def test_archives_that_are_not_a_bank_are_refused(admin_client, bank_dir):
    before = snapshot(bank_dir)
    assert upload(admin_client, b"plain text", "import").status_code == 400
    no_settings = zip_of({"01_business.yaml": "id: x\n"})
    html = upload(admin_client, no_settings, "import").get_data(as_text=True)
    assert "нет файла exam.yaml" in html
    nested = zip_of({"exam.yaml": "x: 1\n"}, folder="a/b/")
    html = upload(admin_client, nested, "import").get_data(as_text=True)
    assert "в корне архива или в одной папке" in html
    assert snapshot(bank_dir) == before


def test_an_archive_that_adds_and_removes_blocks(admin_client, bank_dir):
    files = files_of(export(admin_client))
    del files["09_analytics.yaml"]
    files["exam.yaml"] = files["exam.yaml"].replace(
        "  - 09_analytics.yaml\n", "  - 10_extra.yaml\n"
    )
    files["exam.yaml"] = files["exam.yaml"].replace("pass_score: 100", "pass_score: 50")
    files["10_extra.yaml"] = (
        "id: extra\ntitle: Дополнительно\nquestions:\n"
        "  - id: extra-01\n    text: Вопрос?\n    points: 1\n    options:\n"
        "      - id: a\n        text: Да\n      - id: b\n        text: Нет\n"
        "    answer: a\n    explanation: Так.\n"
    )
    response = upload(admin_client, zip_of(files, folder=""), "import")
    assert response.status_code == 302
    names = sorted(p.name for p in bank_dir.iterdir())
    assert "09_analytics.yaml" not in names and "10_extra.yaml" in names
    assert not [n for n in names if n.startswith(".")]


def test_a_failed_import_restores_every_file(admin_client, bank_dir, monkeypatch):
    files = files_of(export(admin_client))
    for name in ("01_business.yaml", "04_mail.yaml"):
        files[name] = files[name].replace("    points: 1\n", "    points: 2\n", 1)
    data = zip_of(files)
    before = snapshot(bank_dir)
    real_replace = os.replace
    calls = []

    def replace_failing_on_the_second_file(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_failing_on_the_second_file)
    response = upload(admin_client, data, "import")

    assert response.status_code == 500
    assert len(calls) >= 3  # the first file was replaced, then put back
    assert snapshot(bank_dir) == before  # old contents everywhere, no temporary file left
    assert db.session.scalars(select(QuestionRevision)).all() == []


# --- exam settings -------------------------------------------------------------------------


def test_settings_edit_changes_only_those_lines(admin_client, bank_dir, admin):
    exam = bank_dir / "exam.yaml"
    before = exam.read_text(encoding="utf-8")
    fields = form_fields(
        admin_client.get("/admin/bank/settings").get_data(as_text=True), 'name="pass_score"'
    )
    fields.update(time_limit_minutes="90", cooldown_minutes="1440", show_explanations="y")
    response = admin_client.post("/admin/bank/settings", data=fields)
    assert response.status_code == 302
    removed, added = changed_lines(before, exam.read_text(encoding="utf-8"))
    assert sorted(added) == sorted(
        ["time_limit_minutes: 90", "  cooldown_minutes: 1440", "  show_explanations: true"]
    )
    assert len(removed) == 3
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "bank.settings.edit")
    ).one()
    assert entry.actor_id == admin.id
    assert (entry.before["time_limit_minutes"], entry.after["time_limit_minutes"]) == (60, 90)


def test_settings_errors_are_shown_beside_their_fields(admin_client, bank_dir):
    before = snapshot(bank_dir)
    page = admin_client.get("/admin/bank/settings").get_data(as_text=True)
    fields = form_fields(page, 'name="pass_score"')
    fields.update(
        time_limit_minutes="0", pass_score="100000", max_attempts="ноль", cooldown_minutes="-1"
    )
    response = admin_client.post("/admin/bank/settings", data=fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert errors_beside(html, "time_limit_minutes") == ["Не меньше 1."]
    assert errors_beside(html, "max_attempts") == ["Введите целое число."]
    assert errors_beside(html, "cooldown_minutes") == ["Не меньше 0."]
    assert snapshot(bank_dir) == before

    fields.update(time_limit_minutes="60", max_attempts="", cooldown_minutes="0")
    response = admin_client.post("/admin/bank/settings", data=fields)
    assert response.status_code == 400
    (message,) = errors_beside(response.get_data(as_text=True), "pass_score")
    assert "Проходной балл 100000 больше максимума банка" in message
    assert snapshot(bank_dir) == before


def test_settings_saved_by_someone_else_meanwhile_are_not_overwritten(admin_client, bank_dir):
    page = admin_client.get("/admin/bank/settings").get_data(as_text=True)
    stale = form_fields(page, 'name="pass_score"')
    fresh = dict(stale, pass_score="90")
    assert admin_client.post("/admin/bank/settings", data=fresh).status_code == 302
    response = admin_client.post("/admin/bank/settings", data=dict(stale, time_limit_minutes="30"))
    assert response.status_code == 409
    text = (bank_dir / "exam.yaml").read_text(encoding="utf-8")
    assert "pass_score: 90" in text and "time_limit_minutes: 60" in text


def test_a_bank_zip_carrying_the_bomb_gets_a_400_naming_file_and_line(admin_client, bank_dir):
    files = files_of(export(admin_client))
    files["exam.yaml"] += bomb()
    line = files["exam.yaml"].count("\n") - 7 + 1  # the first line that aliases a list
    tracemalloc.start()
    try:
        response = upload(admin_client, zip_of(files), "check")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert f"exam.yaml:{line}:" in response.get_data(as_text=True)
    assert peak < 50_000_000, f"{peak} bytes traced for a bank zip of {len(files)} files"


def test_an_archive_near_the_size_limit_can_be_confirmed(admin_client, bank_dir):
    """The confirmation posts the checked archive's hash, not the archive again."""
    files = files_of(export(admin_client))
    files["04_mail.yaml"] = files["04_mail.yaml"].replace("Для чего подключать", "Зачем", 1)
    files["notes.txt"] = os.urandom(100_000).hex()  # incompressible padding, kept in memory
    data = zip_of(files)
    # base64 of it would not fit (the app is bank_dir's: asking for `app` first would not be)
    admin_client.application.config["MAX_CONTENT_LENGTH"] = int(len(data) * 1.2)
    dry = upload(admin_client, data, "dry_run")
    html = dry.get_data(as_text=True)
    confirm = dict(re.findall(r'name="(payload|token)"[^>]*value="([^"]*)"', html))
    assert re.fullmatch(r"[0-9a-f]{64}", confirm["payload"])
    response = admin_client.post("/admin/bank/import", data={**confirm, "confirm": "1"})
    assert response.status_code == 302
    assert "Зачем" in (bank_dir / "04_mail.yaml").read_text("utf-8")
    again = admin_client.post("/admin/bank/import", data={**confirm, "confirm": "1"})
    assert again.status_code == 400  # used and discarded: upload it again
    assert "загрузите его ещё раз" in again.get_data(as_text=True)
