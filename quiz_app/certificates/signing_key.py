"""The platform's Ed25519 key that signs credentials, and its published public form."""

from __future__ import annotations

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import Flask, current_app

from ..config import write_private_file

# Multicodec prefix of an Ed25519 public key, as used by the Multikey format ("z6Mk…").
_ED25519_PUB_PREFIX = b"\xed\x01"


def _load(app: Flask) -> Ed25519PrivateKey:
    pem = app.config.get("CREDENTIAL_SIGNING_KEY")
    if not pem:
        path = app.config["CREDENTIAL_SIGNING_KEY_FILE"]
        try:
            with open(path, "rb") as handle:
                pem = handle.read()
        except FileNotFoundError:
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            write_private_file(path, pem)
    if isinstance(pem, str):
        pem = pem.encode()
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("CREDENTIAL_SIGNING_KEY must be an Ed25519 private key in PEM form")
    return key


def private_key() -> Ed25519PrivateKey:
    app = current_app._get_current_object()
    key = app.extensions.get("credential_signing_key")
    if key is None:
        key = app.extensions["credential_signing_key"] = _load(app)
    return key


def public_multibase(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(_ED25519_PUB_PREFIX + raw).decode()


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ValueError("expected a base58btc multibase value starting with 'z'")
    decoded = base58.b58decode(value[1:])
    if decoded[:2] != _ED25519_PUB_PREFIX or len(decoded) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])
