"""The text each glyph of the shipped face copies out as (the PDF's ToUnicode map).

WeasyPrint maps a glyph to the text of the cluster where the page first uses it, and
Thai clusters are merged by the shaper (a tone mark with its vowel, sara am with what
precedes it), so the first use decided what every later use copied out as: a tone mark
could copy out as nothing, or sara am as sara aa. For our own face the map is made from
the face instead: each glyph copies out as the character(s) it draws, found through the
face's character map and its substitutions (a variant copies out as its original, a
ligature as its parts). Sara am is drawn as nikhahit + sara aa; the face we ship draws
that sara aa with its own glyph (``scripts/build_certificate_font.py``), which copies
out as ำ, and nikhahit copies out as nothing. A nikhahit standing alone (Pali words,
rarely) is lost from the copied text; the page still draws it.

WeasyPrint has no public hook for this: :class:`ShippedFaceFonts` takes the place of the
``Document.fonts`` dictionary and gives each of our fonts a ``to_unicode`` map that
prefers these texts. ``tests/certificates/test_rendering.py`` copies names with stacked
marks and sara am out of a PDF, so an upgrade that changes this fails there.
"""

import hashlib
import io
import unicodedata

from fontTools.ttLib import TTFont

NIKHAHIT = "\u0e4d"
SARA_AM = "\u0e33"
SARA_AA_OF_AM = "uni0E32.am"

_tables: dict[str, dict[int, str]] = {}


def _substitutions(font: TTFont):
    """(source glyphs, glyph drawn instead) for every single, alternate and ligature
    substitution of the face (multiple substitutions only split a glyph up)."""
    lookups = font["GSUB"].table.LookupList.Lookup if "GSUB" in font else []
    for lookup in lookups:
        for subtable in lookup.SubTable:
            subtable = getattr(subtable, "ExtSubTable", subtable)
            for source, target in getattr(subtable, "mapping", {}).items():
                if isinstance(target, str):
                    yield [source], target
            for source, targets in getattr(subtable, "alternates", {}).items():
                for target in targets:
                    yield [source], target
            for first, ligatures in getattr(subtable, "ligatures", {}).items():
                for ligature in ligatures:
                    yield [first, *ligature.Component], ligature.LigGlyph


def _build(data: bytes) -> dict[int, str]:
    font = TTFont(io.BytesIO(data))
    order = font.getGlyphOrder()
    texts: dict[str, str] = {}
    for codepoint, name in sorted(font.getBestCmap().items()):  # the lowest code point wins
        character = chr(codepoint)
        # A presentation form (the ligature ﬁ) copies out as its letters (fi).
        if unicodedata.decomposition(character).startswith("<compat>"):
            character = unicodedata.normalize("NFKD", character)
        texts.setdefault(name, character)
    substitutions = list(_substitutions(font))
    changed = True
    while changed:  # a variant of a variant, a ligature of variants
        changed = False
        for sources, target in substitutions:
            if target not in texts and all(source in texts for source in sources):
                texts[target] = "".join(texts[source] for source in sources)
                changed = True
    texts = {name: text.replace(NIKHAHIT, "") for name, text in texts.items()}
    if SARA_AA_OF_AM in order:
        texts[SARA_AA_OF_AM] = SARA_AM
    ids = {name: index for index, name in enumerate(order)}
    return {ids[name]: text for name, text in texts.items()}


def glyph_texts(data: bytes) -> dict[int, str]:
    """Glyph id → the text it copies out as, for the font file ``data`` (made once)."""
    digest = hashlib.sha256(data).hexdigest()
    if digest not in _tables:
        _tables[digest] = _build(data)
    return _tables[digest]


class GlyphTextMap(dict):
    """A font's ``to_unicode``: WeasyPrint's cluster text unless the face says better."""

    def __init__(self, texts: dict[int, str]):
        super().__init__()
        self.texts = texts

    def __setitem__(self, glyph_id, text):
        super().__setitem__(glyph_id, self.texts.get(glyph_id, text))


class ShippedFaceFonts(dict):
    """A document's fonts, where the faces of ``family`` copy out by :func:`glyph_texts`."""

    def __init__(self, family: str):
        super().__init__()
        self.family = family

    def __setitem__(self, key, font):
        if getattr(font, "family", None) == self.family and not isinstance(font.to_unicode, GlyphTextMap):
            font.to_unicode = GlyphTextMap(glyph_texts(font.file_content))
        super().__setitem__(key, font)
