"""The bank's files as the editor sees them: reading, validating a change whole, writing.

Every change is checked by `load_bank`, the validator behind `validate-bank`, on a temporary
copy of the bank with the change applied, so the editor can never write a bank that the
command line would reject. Writes then replace files atomically, one file or all of several.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import yaml
from flask import current_app

from ...bank.loader import SETTINGS_FILE, Bank, BankInvalid, load_bank
from ...bank.schema import Block, Question
from ...bank.writer import write_atomic
from ...extensions import db
from ...sql import dialect_insert
from .models import BankWriteLock

log = logging.getLogger(__name__)

_cache: dict[str, tuple[tuple, Bank | BankInvalid]] = {}
_cache_lock = threading.Lock()


def bank_directory() -> Path:
    return Path(current_app.config["QUESTION_BANK_DIR"])


def yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.y*ml") if p.is_file())


def _signature(directory: Path) -> tuple:
    """Names, inodes, sizes and times: a file replaced by a rename always gets a new inode."""
    try:
        return tuple(
            (p.name, s.st_ino, s.st_mtime_ns, s.st_size)
            for p in yaml_files(directory)
            for s in [p.stat()]
        )
    except OSError:
        return ()


def draft_or_problems() -> tuple[Bank | None, list[str]]:
    """The draft on disk and no problems, or None and why it does not validate (the pages that
    show the draft's state rather than refusing to work on it)."""
    try:
        return current_bank(), []
    except BankInvalid as exc:
        return None, [str(problem) for problem in exc.problems]


def current_bank(directory: Path | None = None) -> Bank:
    """The bank as it is on disk now (not the last good one a server keeps serving).

    Raises BankInvalid when the files do not validate. Parsed banks are cached by the
    directory's signature, so browsing does not re-read unchanged files.
    """
    directory = directory or bank_directory()
    key = str(directory.resolve())
    signature = _signature(directory)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is None or cached[0] != signature:
        try:
            result: Bank | BankInvalid = load_bank(directory)
        except BankInvalid as exc:
            result = exc
        cached = (signature, result)
        with _cache_lock:
            _cache[key] = cached
    if isinstance(cached[1], BankInvalid):
        raise cached[1]
    return cached[1]


def read_block(path: Path) -> Block:
    """One block file parsed fresh, for the checks made while holding the write lock."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return Block.model_validate(data)


def text_token(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def question_token(question: Question) -> str:
    """The hash an edit form carries: every field of the question as the file stores it.

    Wider than the version hash, which leaves out the retired flag and editorial links, so a
    form opened before someone retired the question or changed its reference is refused too.
    """
    record = json.dumps(question.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(record.encode("utf-8")).hexdigest()


@contextmanager
def write_lock() -> Iterator[None]:
    """One bank write at a time, settled by the database; commits on success.

    The first statement updates the lock row: PostgreSQL holds its row lock and SQLite its
    write lock until the commit, so a second writer waits here, then sees the first one's
    files. Leaving the block with an exception rolls the transaction back.
    """
    statement = dialect_insert(BankWriteLock).values(id=1, writes=1)
    statement = statement.on_conflict_do_update(
        index_elements=["id"], set_={"writes": BankWriteLock.writes + 1}
    )
    try:
        db.session.execute(statement)
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def validate_with(directory: Path, changes: Mapping[str, str | None]) -> Bank:
    """Validate the whole bank as it would be after `changes` (file name -> text, None deletes).

    Raises BankInvalid; its problems name the real file names, not the temporary copy.
    """
    with tempfile.TemporaryDirectory(prefix="bank-check-") as scratch:
        root = Path(scratch)
        for path in yaml_files(directory):
            if path.name not in changes:
                shutil.copyfile(path, root / path.name)
        for name, text in changes.items():
            if text is not None:
                (root / name).write_text(text, encoding="utf-8")
        try:
            return load_bank(root)
        except BankInvalid as exc:
            raise BankInvalid(
                [dataclasses.replace(p, file=Path(p.file).name) for p in exc.problems]
            ) from None


def write_files(
    directory: Path, changes: Mapping[str, str | None], validated: Bank | None = None
) -> None:
    """Apply `changes` to the bank directory all or nothing.

    `validated` (the result of `validate_with` for these changes) becomes the cached bank, so
    the next page does not parse the files again.

    Every new text is first written and synced to a temporary file beside its target; then
    the files are renamed into place (new block files, changed blocks, exam.yaml, deletions).
    That order keeps the half-way states invalid (a block file not listed, or listed and
    missing), so a server reloading at that moment keeps its last good bank. If a step fails,
    the files already replaced get their old contents back and no temporary file is left.
    """
    _write_files(directory, changes)
    if validated is not None:
        _adopt(directory, validated)


def _adopt(directory: Path, bank: Bank) -> None:
    """Cache a bank validated in a scratch copy as the bank of `directory`."""
    blocks = tuple(
        dataclasses.replace(lb, file=str(directory / Path(lb.file).name)) for lb in bank.blocks
    )
    adopted = dataclasses.replace(bank, blocks=blocks, directory=str(directory))
    with _cache_lock:
        _cache[str(directory.resolve())] = (_signature(directory), adopted)


def _write_files(directory: Path, changes: Mapping[str, str | None]) -> None:
    if len(changes) == 1:
        ((name, text),) = changes.items()
        if text is not None:
            write_atomic(directory / name, text)
            return
    originals = {
        name: (directory / name).read_bytes() if (directory / name).exists() else None
        for name in changes
    }
    staged: dict[str, str] = {}
    try:
        for name, text in changes.items():
            if text is not None:
                staged[name] = _stage(directory / name, text.encode("utf-8"))
        done: list[str] = []
        try:
            for name in _commit_order(changes, originals):
                target = directory / name
                if changes[name] is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(staged[name], target)
                    del staged[name]  # only once it is in place: a failed rename leaves it staged
                done.append(name)
        except BaseException:
            _roll_back(directory, done, originals)
            raise
    finally:
        for tmp in staged.values():
            Path(tmp).unlink(missing_ok=True)


def _commit_order(changes: Mapping[str, str | None], originals: Mapping[str, bytes | None]):
    def rank(name: str) -> tuple[int, str]:
        if changes[name] is None:
            return 3, name
        if name == SETTINGS_FILE:
            return 2, name
        return (0 if originals[name] is None else 1), name

    return sorted(changes, key=rank)


def _stage(target: Path, data: bytes) -> str:
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o777)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return tmp_name


def _roll_back(directory: Path, done: list[str], originals: Mapping[str, bytes | None]) -> None:
    for name in reversed(done):
        target = directory / name
        original = originals[name]
        try:
            if original is None:
                target.unlink(missing_ok=True)
            else:
                tmp = _stage(target, original)
                try:
                    os.replace(tmp, target)
                finally:
                    Path(tmp).unlink(missing_ok=True)
        except OSError:
            log.critical("could not restore %s after a failed bank write", target, exc_info=True)
