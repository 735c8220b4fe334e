"""The whole bank as a zip of YAML files: export, and an import that replaces it all or nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import ngettext

from ... import audit
from ...auth.models import User
from ...bank.loader import SETTINGS_FILE, Bank, BankInvalid, load_bank
from ...bank.schema import Block, Question
from ...bank.writer import block_to_yaml, settings_to_yaml
from . import history, store
from .field_errors import Conflict
from .models import RevisionAction

FOLDER = "question_bank"
MAX_FILES = 200
MAX_TOTAL_BYTES = 20 * 1024 * 1024
_NAME = re.compile(r"^[\w-][\w.-]*\.ya?ml$")


class ZipRejected(Exception):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass
class FileChange:
    name: str
    status: str  # "added", "changed", "removed", "unchanged"


@dataclass
class ZipPlan:
    token: str  # the bank's state when planned
    files: dict[str, str | None]  # what to write (None: delete); only files that change
    file_changes: list[FileChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    bank: Bank | None = None

    @property
    def has_changes(self) -> bool:
        return bool(self.files)


def bank_token(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in store.yaml_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def export_zip(directory: Path | None = None) -> bytes:
    directory = directory or store.bank_directory()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in store.yaml_files(directory):
            archive.write(path, f"{FOLDER}/{path.name}")
    return buffer.getvalue()


def _read_zip(data: bytes) -> tuple[dict[str, str], list[str]]:
    """The YAML files of the archive (name -> text) and the entries that were ignored."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ZipRejected([_("Это не zip-архив.")]) from None
    errors: list[str] = []
    ignored: list[str] = []
    files: dict[str, str] = {}
    folders: set[str] = set()
    entries = [e for e in archive.infolist() if not e.is_dir()]
    if len(entries) > MAX_FILES:
        raise ZipRejected(
            [
                ngettext(
                    "В архиве больше %(num)s файла.", "В архиве больше %(num)s файлов.", MAX_FILES
                )
            ]
        )
    if sum(e.file_size for e in entries) > MAX_TOTAL_BYTES:
        raise ZipRejected([_("Распакованный архив больше %(n)s МБ.", n=MAX_TOTAL_BYTES // 2**20)])
    for entry in entries:
        parts = entry.filename.replace("\\", "/").split("/")
        name = parts[-1]
        if (
            parts[0] == "__MACOSX"
            or name.startswith(".")
            or not name.lower().endswith((".yaml", ".yml"))
        ):
            ignored.append(entry.filename)
            continue
        if len(parts) > 2 or ".." in parts or entry.filename.startswith("/"):
            errors.append(
                _(
                    "%(name)s: файлы банка должны лежать в корне архива или в одной папке.",
                    name=entry.filename,
                )
            )
            continue
        if not _NAME.match(name):
            errors.append(_("%(name)s: недопустимое имя файла.", name=entry.filename))
            continue
        folders.add(parts[0] if len(parts) == 2 else "")
        try:
            with archive.open(entry) as handle:
                raw = handle.read(MAX_TOTAL_BYTES + 1)
            files[name] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors.append(_("%(name)s: файл не в кодировке UTF-8.", name=entry.filename))
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            errors.append(
                _("%(name)s: не распаковывается (%(error)s).", name=entry.filename, error=exc)
            )
    if len(folders) > 1:
        errors.append(
            _(
                "Файлы банка лежат в разных папках архива: %(f)s.",
                f=", ".join(sorted(f or "/" for f in folders)),
            )
        )
    if not errors and SETTINGS_FILE not in files:
        errors.append(_("В архиве нет файла %(name)s.", name=SETTINGS_FILE))
    if errors:
        raise ZipRejected(errors)
    return files, ignored


def plan(data: bytes) -> ZipPlan:
    """Validate the archive as a bank and compare it with the current one. Writes nothing."""
    files, ignored = _read_zip(data)
    with tempfile.TemporaryDirectory(prefix="bank-import-") as scratch:
        root = Path(scratch)
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        try:
            bank = load_bank(root)
        except BankInvalid as exc:
            raise ZipRejected(
                [str(dataclasses.replace(p, file=Path(p.file).name)) for p in exc.problems]
            ) from None

    # The canonical layout, so later edits through the editor stay one-line diffs.
    new_files = {SETTINGS_FILE: settings_to_yaml(bank.settings)}
    for loaded in bank.blocks:
        new_files[Path(loaded.file).name] = block_to_yaml(loaded.block)
    directory = store.bank_directory()
    current_files = {p.name: p.read_text(encoding="utf-8") for p in store.yaml_files(directory)}
    result = ZipPlan(bank_token(directory), {}, ignored=ignored, bank=bank)
    for name in sorted(set(new_files) | set(current_files)):
        new, old = new_files.get(name), current_files.get(name)
        if new == old:
            result.file_changes.append(FileChange(name, "unchanged"))
            continue
        result.files[name] = new
        status = "added" if old is None else "removed" if new is None else "changed"
        result.file_changes.append(FileChange(name, status))

    old_questions = {qid: q for qid, (_b, q) in _questions_of(directory).items()}
    new_questions = {q.id: q for lb in bank.blocks for q in lb.block.questions}
    result.added = sorted(set(new_questions) - set(old_questions))
    result.removed = sorted(set(old_questions) - set(new_questions))
    result.changed = sorted(
        qid
        for qid in set(new_questions) & set(old_questions)
        if new_questions[qid] != old_questions[qid]
    )
    return result


def _questions_of(directory: Path) -> dict[str, tuple[Block, Question]]:
    try:
        bank = store.current_bank(directory)
    except BankInvalid:
        return {}
    return {q.id: (lb.block, q) for lb in bank.blocks for q in lb.block.questions}


def apply(data: bytes, token: str | None, author: User) -> ZipPlan:
    """Replace the bank with the archive's, every file or none; `token` from a dry run."""
    directory = store.bank_directory()
    with store.write_lock():
        result = plan(data)
        if token and token != result.token:
            raise Conflict("bank")
        if not result.has_changes:
            return result
        old_questions = _questions_of(directory)
        note = _("Импорт архива банка")
        for loaded in result.bank.blocks:
            for question in loaded.block.questions:
                old_block, before = old_questions.get(question.id, (None, None))
                if before == question:
                    continue
                history.record_change(
                    loaded.block,
                    before,
                    question,
                    RevisionAction.IMPORT,
                    author,
                    note,
                    before_block=old_block,
                )
        audit.record(
            author,
            "bank.import.zip",
            "bank",
            "question_bank",
            None,
            {
                "files": {c.name: c.status for c in result.file_changes if c.status != "unchanged"},
                "added": result.added,
                "changed": result.changed,
                "removed": result.removed,
            },
        )
        store.write_files(directory, result.files, result.bank)
    return result
