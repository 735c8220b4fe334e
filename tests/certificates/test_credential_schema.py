"""The credential and the issuer profile validate against 1EdTech's Open Badges 3.0 schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft201909Validator, FormatChecker

from ..factories import certify

SCHEMAS = Path(__file__).parent / "schema"


def validator(name: str) -> Draft201909Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=FormatChecker())


@pytest.fixture
def credential(client, factory, frozen_clock):
    certificate = certify(factory.user(full_name="Орлова Мария"))
    return client.get(f"/verify/{certificate.public_id}.json").get_json()


def errors_of(name: str, document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(name).iter_errors(document)
    ]


def test_the_credential_validates_against_the_achievement_credential_schema(credential):
    assert errors_of("ob_v3p0_achievementcredential_schema.json", credential) == []


def test_the_issuer_profile_validates_against_the_profile_schema(client, credential):
    profile = client.get("/issuer").get_json()
    assert errors_of("ob_v3p0_profile_schema.json", profile) == []
    assert profile["id"] == credential["issuer"]["id"]


def test_the_schema_does_catch_a_broken_credential(credential):
    broken = {k: v for k, v in credential.items() if k != "validFrom"}
    broken["proof"] = "not a proof"
    assert len(errors_of("ob_v3p0_achievementcredential_schema.json", broken)) >= 2
