"""The platform operator's own requisites, from settings.

`PLATFORM_REQUISITES` (a mapping, e.g. set by tests or a deployment's config) wins; otherwise the
YAML file named by `PLATFORM_REQUISITES_FILE` (default: platform_requisites.yaml in the project
root) is read. Either is validated like a partner's requisites, so a typo in an account number is
reported by field instead of being printed on a contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .requisites import FIELD_NAMES, Requisites, RequisitesInvalid, validate

EXTRA_FIELDS = ("city", "vat_note")


class PlatformRequisitesInvalid(Exception):
    """The operator's settings are wrong: a configuration problem, not the partner's."""


@dataclass(frozen=True)
class Platform:
    requisites: Requisites
    city: str
    vat_note: str

    def as_dict(self) -> dict[str, Any]:
        return {**self.requisites.as_dict(), "city": self.city, "vat_note": self.vat_note}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Platform:
        return cls(Requisites.from_dict(data), str(data["city"]), str(data["vat_note"]))


def parse(data: object, source: str) -> Platform:
    if not isinstance(data, Mapping):
        raise PlatformRequisitesInvalid(f"{source}: expected a mapping of requisites")
    unknown = sorted(set(data) - set(FIELD_NAMES) - set(EXTRA_FIELDS))
    if unknown:
        raise PlatformRequisitesInvalid(f"{source}: unknown keys: {', '.join(map(str, unknown))}")
    try:
        requisites = validate(data)
    except RequisitesInvalid as error:
        problems = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.errors.items())
        raise PlatformRequisitesInvalid(f"{source}: {problems}") from error
    missing = [name for name in EXTRA_FIELDS if not str(data.get(name) or "").strip()]
    if missing:
        raise PlatformRequisitesInvalid(f"{source}: missing {', '.join(missing)}")
    return Platform(requisites, str(data["city"]).strip(), str(data["vat_note"]).strip())


def load(config: Mapping[str, Any]) -> Platform:
    if config.get("PLATFORM_REQUISITES"):
        return parse(config["PLATFORM_REQUISITES"], "PLATFORM_REQUISITES")
    path = Path(config["PLATFORM_REQUISITES_FILE"])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PlatformRequisitesInvalid(f"{path}: cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise PlatformRequisitesInvalid(f"{path}: not valid YAML ({error})") from error
    return parse(data, str(path))
