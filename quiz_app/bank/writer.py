"""Writes bank files in one canonical, diff-friendly form, atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from .schema import Block, ExamSettings


class _Dumper(yaml.SafeDumper):
    """Block style everywhere and no line folding, so one edit is one changed line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def to_yaml(data: dict) -> str:
    """`data` as the bank's files spell YAML: keys in order, Cyrillic as is, no line wrapping."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    )


def block_to_yaml(block: Block) -> str:
    data = block.model_dump(mode="json", exclude_none=True)
    for question in data["questions"]:
        # Defaults are left out, so a file says only what differs from the usual question.
        if not question["retired"]:
            del question["retired"]
        if question["shuffle_options"]:
            del question["shuffle_options"]
    return to_yaml(data)


def settings_to_yaml(settings: ExamSettings) -> str:
    return to_yaml(settings.model_dump(mode="json"))


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Replace `path` with `text` so readers see the old file or the new one, never half."""
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o777)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
