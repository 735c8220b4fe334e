"""The Open Badges 3.0 credential verifies with the published key, and only untampered."""

from __future__ import annotations

import copy

import pytest

from quiz_app.certificates import credential, services
from quiz_app.certificates.signing_key import public_key_from_multibase

from ..factories import pass_exam


@pytest.fixture
def certificate(factory, frozen_clock):
    return services.for_attempt(pass_exam(factory.user(full_name="Орлова Мария")).id)


def did_key(method: dict) -> str:
    return f"did:key:{method['publicKeyMultibase']}"


@pytest.fixture
def published_key(client):
    method = client.get("/.well-known/credential-issuer-key.json").get_json()
    assert method["type"] == "Multikey"
    assert method["publicKeyMultibase"].startswith("z6Mk")
    return method, public_key_from_multibase(method["publicKeyMultibase"])


def leaf_paths(value, path=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from leaf_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from leaf_paths(child, (*path, index))
    else:
        yield path


def tampered(document: dict, path: tuple) -> dict:
    changed = copy.deepcopy(document)
    target = changed
    for part in path[:-1]:
        target = target[part]
    old = target[path[-1]]
    target[path[-1]] = (not old) if isinstance(old, bool) else f"{old}x"
    return changed


def test_credential_shape(client, certificate):
    document = client.get(f"/verify/{certificate.public_id}.json").get_json()
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert document["issuer"]["id"].startswith("did:key:z6Mk")
    assert document["issuer"]["url"] == "http://localhost/"
    assert document["validFrom"] == certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert document["validUntil"] == certificate.valid_until.strftime("%Y-%m-%dT%H:%M:%SZ")
    subject = document["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == "Орлова Мария"
    assert subject["achievement"]["type"] == ["Achievement"]
    assert certificate.number in subject["achievement"]["description"]
    [proof] = document["proof"]
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["type"] == "DataIntegrityProof"
    assert proof["proofPurpose"] == "assertionMethod"
    assert document["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert document["credentialStatus"]["statusListIndex"] == str(certificate.id)


def test_signature_verifies_with_published_key(client, certificate, published_key):
    method, key = published_key
    document = client.get(f"/verify/{certificate.public_id}.json").get_json()
    assert document["proof"][0]["verificationMethod"] == method["id"]
    assert method["id"] == f"{did_key(method)}#{method['publicKeyMultibase']}"
    assert method["controller"] == did_key(method) == document["issuer"]["id"]
    assert credential.verify(document, key)
    issuer = client.get("/issuer").get_json()
    assert issuer["id"] == did_key(method)
    assert issuer["type"] == ["Profile"]


def test_any_changed_field_breaks_the_signature(client, certificate, published_key):
    _, key = published_key
    document = client.get(f"/verify/{certificate.public_id}.json").get_json()
    paths = [p for p in leaf_paths(document) if p != ("proof", "proofValue")]
    assert len(paths) > 20
    for path in paths:
        assert not credential.verify(tampered(document, path), key), path
    without_proof = {k: v for k, v in document.items() if k != "proof"}
    assert not credential.verify(without_proof, key)


def test_credential_is_stable(client, certificate):
    first = client.get(f"/verify/{certificate.public_id}.json").get_json()
    second = client.get(f"/verify/{certificate.public_id}.json").get_json()
    assert first == second


def test_signing_key_is_kept_between_restarts(another_app, certificate, client):
    first = client.get("/.well-known/credential-issuer-key.json").get_json()
    again = another_app().test_client().get("/.well-known/credential-issuer-key.json")
    assert again.get_json()["publicKeyMultibase"] == first["publicKeyMultibase"]


def test_an_unknown_context_is_refused_naming_it():
    from quiz_app.certificates.jsonld import UnknownContext, canonical_nquads

    document = {"@context": ["https://example.org/not-bundled"], "name": "x"}
    with pytest.raises(UnknownContext, match="https://example.org/not-bundled is not bundled"):
        canonical_nquads(document)


def test_a_credential_naming_an_unknown_context_does_not_verify(client, certificate):
    method = client.get("/.well-known/credential-issuer-key.json").get_json()
    document = client.get(f"/verify/{certificate.public_id}.json").get_json()
    document["@context"] = [*document["@context"], "https://example.org/not-bundled"]
    key = public_key_from_multibase(method["publicKeyMultibase"])
    assert not credential.verify(document, key)
