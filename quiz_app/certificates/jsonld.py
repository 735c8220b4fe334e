"""JSON-LD with only the contexts bundled in contexts/: signing never touches the network.

A credential's meaning (and so its signature under RDF Dataset Canonicalization) depends on
the contexts it names. Fetching them at signing time would make issuing depend on other
sites; a context that is not bundled is refused instead, naming the URL.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).parent / "contexts"
# URL → the file beside this module holding exactly that context (contexts/README.md says
# where each comes from).
BUNDLED = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
}


class UnknownContext(ValueError):
    pass


@functools.cache
def _context(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / BUNDLED[url]).read_text(encoding="utf-8"))


def load_document(url: str, options: dict | None = None) -> dict:
    """PyLD's document loader, answering from the bundle only."""
    if url not in BUNDLED:
        raise UnknownContext(
            f"JSON-LD context {url} is not bundled in {CONTEXTS_DIR} (known: "
            f"{', '.join(sorted(BUNDLED))}); it is not fetched from the network"
        )
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}


def canonical_nquads(document: dict) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0, formerly URDNA2015) as N-Quads.

    Raises UnknownContext (naming the URL) for a context that is not bundled; PyLD wraps the
    loader's error several levels deep, so it is found and raised as itself.
    """
    try:
        return jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": load_document,
            },
        )
    except jsonld.JsonLdError as error:
        cause: BaseException | None = error
        while cause is not None:
            if isinstance(cause, UnknownContext):
                raise cause from error
            cause = cause.__cause__ or getattr(cause, "cause", None)
        raise
