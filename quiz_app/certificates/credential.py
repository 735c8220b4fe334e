"""The certificate as an Open Badges 3.0 OpenBadgeCredential with an eddsa-rdfc-2022 proof.

The proof follows W3C "Data Integrity EdDSA Cryptosuites v1.0", eddsa-rdfc-2022, the suite
1EdTech's Open Badges 3.0 conformance requires: the credential (without its proof) and the
proof configuration (the proof's options with the credential's `@context`) are each
canonicalized with RDFC-1.0 and hashed with SHA-256; the Ed25519 signature covers the proof
configuration's hash followed by the credential's. The key is a `did:key`, so any verifier
resolves it offline; the issuer is that DID. `verify()` below is our own check; the tests
also verify with Digital Bazaar's and the Digital Credentials Consortium's verifiers.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, datetime

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld.jsonld import JsonLdError

from .jsonld import canonical_nquads
from .models import Certificate

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-rdfc-2022"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def did_key(public_key_multibase: str) -> str:
    """did:key of an Ed25519 key: the key itself, so resolving it needs no network."""
    return f"did:key:{public_key_multibase}"


def verification_method_id(public_key_multibase: str) -> str:
    return f"{did_key(public_key_multibase)}#{public_key_multibase}"


def issuer(base_url: str, issuer_name: str, public_key_multibase: str) -> dict:
    return {
        "id": did_key(public_key_multibase),
        "type": ["Profile"],
        "name": issuer_name,
        "url": base_url + "/",
    }


def issuer_profile(base_url: str, issuer_name: str, public_key_multibase: str) -> dict:
    """The issuer as an OB 3.0 Profile document (served at /issuer)."""
    return {"@context": CONTEXTS, **issuer(base_url, issuer_name, public_key_multibase)}


def verification_method(public_key_multibase: str) -> dict:
    """The key as a Multikey, as its did:key document lists it."""
    did = did_key(public_key_multibase)
    return {
        "id": verification_method_id(public_key_multibase),
        "type": "Multikey",
        "controller": did,
        "publicKeyMultibase": public_key_multibase,
    }


def unsigned_credential(
    certificate: Certificate,
    base_url: str,
    issuer_name: str,
    public_key_multibase: str,
    status: dict,
    criteria: str,
) -> dict:
    verify_url = f"{base_url}/verify/{certificate.public_id}"
    return {
        "@context": CONTEXTS,
        "id": f"{verify_url}.json",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Сертификат партнёра {certificate.number}",
        "issuer": issuer(base_url, issuer_name, public_key_multibase),
        "validFrom": iso(certificate.issued_at),
        "validUntil": iso(certificate.valid_until),
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
                "criteria": {"narrative": criteria},
            },
        },
        "credentialStatus": status,
        "evidence": [{"id": verify_url, "type": ["Evidence"], "name": certificate.number}],
    }


def _hash_data(document: dict, proof_options: dict) -> bytes:
    config = {**proof_options, "@context": document["@context"]}
    return (
        hashlib.sha256(canonical_nquads(config).encode()).digest()
        + hashlib.sha256(canonical_nquads(document).encode()).digest()
    )


def sign(
    document: dict, key: Ed25519PrivateKey, public_key_multibase: str, created: datetime
) -> dict:
    """`document` with a Data Integrity proof (a proof set of one, as OB 3.0's schema wants)."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": iso(created),
        "verificationMethod": verification_method_id(public_key_multibase),
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(unsigned, options))
    signed = copy.deepcopy(unsigned)
    signed["proof"] = [dict(options, proofValue="z" + base58.b58encode(signature).decode())]
    return signed


def verify(credential: dict, public_key: Ed25519PublicKey) -> bool:
    """True when every proof matches the credential and the key; False for any tampering."""
    proofs = credential.get("proof")
    proofs = [proofs] if isinstance(proofs, dict) else proofs
    if not isinstance(proofs, list) or not proofs:
        return False
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    for proof in proofs:
        if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
            return False
        value = proof.get("proofValue", "")
        if not isinstance(value, str) or not value.startswith("z"):
            return False
        options = {k: v for k, v in proof.items() if k not in ("proofValue", "@context")}
        try:
            public_key.verify(base58.b58decode(value[1:]), _hash_data(unsigned, options))
        except (InvalidSignature, ValueError, JsonLdError):
            return False
    return True
