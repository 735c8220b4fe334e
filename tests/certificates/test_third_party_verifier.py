"""A freshly issued credential, checked by a verifier we did not write.

`@digitalcredentials/verifier-core` (pinned in verifier/package-lock.json) is the library
behind the Learner Credential Wallet and VerifierPlus. It resolves the did:key itself,
checks the eddsa-rdfc-2022 proof and expiry, and fetches the status list from the running app.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from quiz_app.certificates import services

from ..factories import certify
from ..npm_packages import install_pinned

VERIFIER = Path(__file__).parent / "verifier"
CACHE = Path(__file__).resolve().parents[2] / "test-artifacts" / "credential-verifier"
OUTPUTS = CACHE / "outputs"

pytestmark = pytest.mark.verifier


@pytest.fixture(scope="session")
def verifier_script() -> Path:
    why = "Node.js and npm are needed to run the third-party credential verifier"
    if not shutil.which("node"):
        pytest.skip(why)
    install_pinned(VERIFIER, CACHE, ("package.json", "package-lock.json", "verify.mjs"), why)
    shutil.copy(VERIFIER / "verify.mjs", CACHE / "verify.mjs")
    return CACHE / "verify.mjs"


def verify(script: Path, credential: dict, label: str) -> dict:
    """verifier-core's result for `credential`, also kept in test-artifacts/ for reading."""
    OUTPUTS.mkdir(parents=True, exist_ok=True)
    given, answer = OUTPUTS / f"{label}-credential.json", OUTPUTS / f"{label}.json"
    given.write_text(json.dumps(credential, ensure_ascii=False, indent=2), encoding="utf-8")
    answer.unlink(missing_ok=True)
    done = subprocess.run(
        [shutil.which("node"), str(script), str(given), str(answer)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=script.parent,
    )
    assert done.returncode == 0 and answer.exists(), f"the verifier failed: {done.stderr[-3000:]}"
    return json.loads(answer.read_text(encoding="utf-8"))


def checks(result: dict) -> dict[str, bool]:
    return {step["id"]: step["valid"] for step in result.get("log", [])}


def fetch(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def issued(live_server, factory, frozen_clock):
    certificate = certify(factory.user(full_name="Орлова Мария", company="ООО Ромашка"))
    return certificate, f"{live_server}/verify/{certificate.public_id}.json"


def test_a_fresh_credential_verifies(verifier_script, issued):
    _, url = issued
    result = verify(verifier_script, fetch(url), "valid")
    assert "errors" not in result, result
    assert checks(result) | {"valid_signature": True} == checks(result)
    assert checks(result)["valid_signature"] is True
    assert checks(result)["expiration"] is True
    assert checks(result)["revocation_status"] is True


def test_a_revoked_credential_is_reported_revoked(verifier_script, issued, factory):
    certificate, url = issued
    services.revoke(certificate, "Нарушение правил программы", by=factory.admin())
    result = verify(verifier_script, fetch(url), "revoked")
    assert checks(result)["valid_signature"] is True
    assert checks(result)["revocation_status"] is False


def test_a_changed_name_fails(verifier_script, issued):
    _, url = issued
    credential = fetch(url)
    identifier = credential["credentialSubject"]["identifier"][0]
    identifier["identityHash"] = identifier["identityHash"].replace("Мария", "Марии")
    result = verify(verifier_script, credential, "tampered")
    assert checks(result).get("valid_signature") is not True, result
    assert result.get("errors"), result
