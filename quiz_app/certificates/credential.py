"""The certificate as an Open Badges 3.0 OpenBadgeCredential with an eddsa-jcs-2022 proof.

The proof follows the W3C Data Integrity EdDSA suite: the document (without its proof) and
the proof options are each canonicalized with JCS (RFC 8785) and hashed with SHA-256; the
Ed25519 signature covers both hashes. Anyone holding the published public key can check it
offline; `verify()` below is the reference implementation.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, datetime

import base58
import jcs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .models import Certificate

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-jcs-2022"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_profile(base_url: str, issuer_name: str, public_key_multibase: str) -> dict:
    issuer_id = f"{base_url}/issuer"
    return {
        "@context": CONTEXTS,
        "id": issuer_id,
        "type": ["Profile"],
        "name": issuer_name,
        "url": base_url + "/",
        "verificationMethod": [verification_method(base_url, public_key_multibase)],
    }


def verification_method(base_url: str, public_key_multibase: str) -> dict:
    return {
        "id": f"{base_url}/issuer#key-1",
        "type": "Multikey",
        "controller": f"{base_url}/issuer",
        "publicKeyMultibase": public_key_multibase,
    }


def unsigned_credential(certificate: Certificate, base_url: str, issuer_name: str) -> dict:
    verify_url = f"{base_url}/verify/{certificate.public_id}"
    return {
        "@context": CONTEXTS,
        "id": f"{verify_url}.json",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Сертификат партнёра {certificate.number}",
        "issuer": {"id": f"{base_url}/issuer", "type": ["Profile"], "name": issuer_name},
        "validFrom": _iso(certificate.issued_at),
        "validUntil": _iso(certificate.valid_until),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.holder_name,
                }
            ],
            "achievement": {
                "id": f"{base_url}/achievements/official-partner",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": "Официальный партнёр amoCRM",
                "description": (
                    f"{certificate.holder_name} ({certificate.company}) прошёл(а) аттестацию "
                    f"официального партнёра amoCRM: {certificate.score} из "
                    f"{certificate.max_score} баллов. Сертификат № {certificate.number}."
                ),
                "criteria": {
                    "narrative": "Экзамен из 115 вопросов в 9 блоках за 60 минут; "
                    "проходной балл — 100."
                },
            },
        },
        "evidence": [{"id": verify_url, "type": ["Evidence"], "name": certificate.number}],
    }


def _hash_data(document: dict, proof_options: dict) -> bytes:
    config = dict(proof_options)
    config["@context"] = document["@context"]
    return (
        hashlib.sha256(jcs.canonicalize(config)).digest()
        + hashlib.sha256(jcs.canonicalize(document)).digest()
    )


def sign(document: dict, key: Ed25519PrivateKey, method_id: str, created: datetime) -> dict:
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _iso(created),
        "verificationMethod": method_id,
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(unsigned, options))
    signed = copy.deepcopy(unsigned)
    signed["proof"] = dict(options, proofValue="z" + base58.b58encode(signature).decode())
    return signed


def verify(credential: dict, public_key: Ed25519PublicKey) -> bool:
    """True when the proof matches the credential and the key; False for any tampering."""
    proof = credential.get("proof")
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        return False
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    try:
        public_key.verify(base58.b58decode(value[1:]), _hash_data(unsigned, options))
    except (InvalidSignature, ValueError):
        return False
    return True
