"""Revocation inside the credential: W3C Bitstring Status List v1.0.

Every credential names a bit in a published, signed list (its `credentialStatus`); the list
is built from the database on each request, so every instance publishes the same bits and
revoking a certificate sets its bit at once. A certificate's bit is its id, split into lists
of LIST_SIZE bits (the specification's minimum, so that a list does not single anybody out).
"""

from __future__ import annotations

import base64
import gzip

LIST_SIZE = 131_072
PURPOSE = "revocation"


def position(certificate_id: int) -> tuple[int, int]:
    """(list number, index in that list) of a certificate's bit."""
    return divmod(certificate_id, LIST_SIZE)


def list_url(base_url: str, list_number: int) -> str:
    return f"{base_url}/status/{PURPOSE}/{list_number}"


def entry(base_url: str, certificate_id: int) -> dict:
    """The credentialStatus of a certificate's credential."""
    list_number, index = position(certificate_id)
    url = list_url(base_url, list_number)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def encoded_list(set_bits: set[int]) -> str:
    """GZIP-compressed bitstring, base64url without padding, multibase-prefixed with 'u'.

    Bit 0 is the leftmost bit of the first byte, as the specification orders them.
    """
    bits = bytearray(LIST_SIZE // 8)
    for index in set_bits:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decoded_bits(encoded: str) -> set[int]:
    """The indexes set in an encoded list (the inverse of encoded_list)."""
    data = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    return {i * 8 + bit for i, byte in enumerate(data) for bit in range(8) if byte & (0x80 >> bit)}


def unsigned_list_credential(
    base_url: str, list_number: int, revoked_indexes: set[int], issuer: dict, valid_from: str
) -> dict:
    url = list_url(base_url, list_number)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer["id"],
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encoded_list(revoked_indexes),
        },
    }
