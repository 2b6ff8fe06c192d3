"""The JSON-LD contexts our credentials name, shipped with the project.

A credential names each context by its canonical URL (the 1EdTech schema requires
exactly these); a JSON-LD processor of ours loads them from these files through
:func:`load_context` and never fetches anything at run time. Sources and licences:
``README.md`` beside this file.
"""

import json
from functools import cache
from pathlib import Path

CONTEXT_VC2 = "https://www.w3.org/ns/credentials/v2"
CONTEXT_OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

FILES = {
    CONTEXT_VC2: "credentials-v2.jsonld",
    CONTEXT_OB3: "ob-v3p0-context-3.0.3.json",
}


@cache
def load_context(url: str) -> dict:
    """The shipped context document for ``url``; ``KeyError`` for any other URL."""
    return json.loads((Path(__file__).parent / FILES[url]).read_text(encoding="utf-8"))
