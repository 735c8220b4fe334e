"""Revocation inside the credential: a signed Bitstring Status List built from the database."""

from __future__ import annotations

import pytest

from quiz_app.certificates import credential, services, status_list
from quiz_app.certificates.signing_key import public_key_from_multibase

from ..factories import certify


@pytest.fixture
def holders(factory, frozen_clock):
    return [certify(factory.user(email=f"holder{n}@example.com")) for n in range(3)]


def published_list(client, certificate_credential: dict) -> dict:
    entry = certificate_credential["credentialStatus"]
    url = entry["statusListCredential"].removeprefix("http://localhost")
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    return response.get_json()


def bit_of(client, certificate) -> bool:
    document = client.get(f"/verify/{certificate.public_id}.json").get_json()
    listed = published_list(client, document)
    index = int(document["credentialStatus"]["statusListIndex"])
    return index in status_list.decoded_bits(listed["credentialSubject"]["encodedList"])


def test_revoking_sets_the_certificates_bit_at_once(client, factory, holders):
    first, second, third = holders
    assert [bit_of(client, c) for c in holders] == [False, False, False]
    services.revoke(second, "Жалоба клиента", by=factory.admin())
    assert [bit_of(client, c) for c in holders] == [False, True, False]


def test_the_list_is_a_signed_credential_of_the_same_issuer(client, holders):
    document = client.get(f"/verify/{holders[0].public_id}.json").get_json()
    listed = published_list(client, document)
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["issuer"] == document["issuer"]["id"]
    assert listed["credentialSubject"]["statusPurpose"] == "revocation"
    method = client.get("/.well-known/credential-issuer-key.json").get_json()
    key = public_key_from_multibase(method["publicKeyMultibase"])
    assert credential.verify(listed, key)
    listed["credentialSubject"]["encodedList"] = status_list.encoded_list({0, 1, 2})
    assert not credential.verify(listed, key)


def test_bits_are_ordered_from_the_left_and_lists_are_full_size():
    encoded = status_list.encoded_list({0, 9, status_list.LIST_SIZE - 1})
    assert encoded.startswith("u")
    assert status_list.decoded_bits(encoded) == {0, 9, status_list.LIST_SIZE - 1}
    assert status_list.position(5) == (0, 5)
    assert status_list.position(status_list.LIST_SIZE + 3) == (1, 3)


def test_a_list_number_out_of_range_is_a_404(client):
    assert client.get("/status/revocation/99999999999").status_code == 404
