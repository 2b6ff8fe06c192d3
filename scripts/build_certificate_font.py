"""Build the certificate's face, LMS Sarabun, from Sarabun's upstream TrueType files.

    cd /tmp && npm pack @expo-google-fonts/sarabun@0.4.1 && tar xzf expo-google-fonts-sarabun-0.4.1.tgz
    .venv/bin/python scripts/build_certificate_font.py /tmp/package

writes ``static/fonts/sarabun/LMSSarabun-Regular.ttf`` and ``-Bold.ttf`` (and copies
the licence). Run it again only to take a new upstream version; the built files are
committed. ``static/fonts/sarabun/README.md`` says where they come from.

One change to the drawing tables, none to any outline: so that sara am (ำ) can be copied
out of a PDF. Every Thai shaper draws ำ as nikhahit + sara aa (the nikhahit moved in
front of a tone mark), and a PDF maps each glyph back to text on its own, so the sara
aa of ำ and a plain sara aa, being one glyph, could only copy out as the same letter.
The built face gets ``uni0E32.am``, an exact copy of sara aa, and a contextual
substitution that uses it after nikhahit (alone or joined with a tone mark, the way
Sarabun draws ``ํ่``). ``certificates/pdf/glyph_text.py`` maps the copy back to ำ.
The family is renamed "LMS Sarabun" (Sarabun's licence, the SIL OFL 1.1, reserves
no font name): a modified version should not pass for the original, and no system
font answers that name.
"""

import copy
import shutil
import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "fonts" / "sarabun"
FAMILY = "LMS Sarabun"
# Upstream file (in the npm package @expo-google-fonts/sarabun) → our file and style.
WEIGHTS = {
    "400Regular/Sarabun_400Regular.ttf": ("LMSSarabun-Regular.ttf", "Regular"),
    "700Bold/Sarabun_700Bold.ttf": ("LMSSarabun-Bold.ttf", "Bold"),
}
SARA_AA = "uni0E32"
SARA_AA_OF_AM = "uni0E32.am"
TONE_CODEPOINTS = range(0x0E48, 0x0E4C)


def _coverage(glyphs: list[str]) -> otTables.Coverage:
    coverage = otTables.Coverage()
    coverage.glyphs = glyphs
    return coverage


def _chain_rule(backtrack: list[list[str]], single_lookup_index: int) -> otTables.ChainContextSubst:
    """A chained context rule (format 3): sara aa after ``backtrack`` (nearest first)
    becomes the sara aa of sara am."""
    rule = otTables.ChainContextSubst()
    rule.Format = 3
    rule.BacktrackCoverage = [_coverage(glyphs) for glyphs in backtrack]
    rule.BacktrackGlyphCount = len(backtrack)
    rule.InputCoverage = [_coverage([SARA_AA])]
    rule.InputGlyphCount = 1
    rule.LookAheadCoverage = []
    rule.LookAheadGlyphCount = 0
    record = otTables.SubstLookupRecord()
    record.SequenceIndex = 0
    record.LookupListIndex = single_lookup_index
    rule.SubstLookupRecord = [record]
    rule.SubstCount = 1
    return rule


def _lookup(lookup_type: int, subtables: list) -> otTables.Lookup:
    lookup = otTables.Lookup()
    lookup.LookupType = lookup_type
    lookup.LookupFlag = 0
    lookup.SubTable = subtables
    lookup.SubTableCount = len(subtables)
    return lookup


def add_sara_am_glyph(font: TTFont) -> None:
    """Add ``uni0E32.am`` (a copy of sara aa) and the substitution that draws it in ำ."""
    order = font.getGlyphOrder()
    if SARA_AA_OF_AM in order:
        raise SystemExit(f"{SARA_AA_OF_AM} is already in the font: start from the upstream file")
    cmap = font.getBestCmap()
    font["glyf"].glyphs[SARA_AA_OF_AM] = copy.deepcopy(font["glyf"][SARA_AA])
    font["hmtx"].metrics[SARA_AA_OF_AM] = font["hmtx"].metrics[SARA_AA]
    font.setGlyphOrder([*order, SARA_AA_OF_AM])
    gdef = font["GDEF"].table
    if gdef.GlyphClassDef and SARA_AA in gdef.GlyphClassDef.classDefs:
        gdef.GlyphClassDef.classDefs[SARA_AA_OF_AM] = gdef.GlyphClassDef.classDefs[SARA_AA]

    # Nikhahit, its variants and its ligatures with a tone mark (uni0E4D0E48 …).
    # Coverage tables list glyphs in glyph order.
    nikhahit = sorted((name for name in order if name.startswith("uni0E4D")), key=font.getGlyphID)
    tones = sorted(
        {name for name in order for cp in TONE_CODEPOINTS if name.startswith(f"uni{cp:04X}")},
        key=font.getGlyphID,
    )
    assert cmap[0x0E4D] in nikhahit and all(cmap[cp] in tones for cp in TONE_CODEPOINTS)

    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    single = otTables.SingleSubst()
    single.mapping = {SARA_AA: SARA_AA_OF_AM}
    lookups.append(_lookup(1, [single]))
    single_index = len(lookups) - 1
    lookups.append(
        _lookup(6, [_chain_rule([nikhahit], single_index), _chain_rule([tones, nikhahit], single_index)])
    )
    chain_index = len(lookups) - 1
    gsub.LookupList.LookupCount = len(lookups)
    # Last in the ccmp feature of every script: after Sarabun's own nikhahit + tone ligatures.
    ccmp = [record for record in gsub.FeatureList.FeatureRecord if record.FeatureTag == "ccmp"]
    assert ccmp, "Sarabun has no ccmp feature any more"
    for record in ccmp:
        record.Feature.LookupListIndex.append(chain_index)
        record.Feature.LookupCount = len(record.Feature.LookupListIndex)


def rename(font: TTFont, style: str) -> None:
    """Family "LMS Sarabun"; the version says it is modified."""
    names = font["name"]
    version = names.getDebugName(5) or "Version 1.000"
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    values = {
        1: FAMILY,
        2: style,
        3: f"{version.split(';')[0].removeprefix('Version ')};LMS;{FAMILY.replace(' ', '')}-{style}",
        4: f"{FAMILY} {style}" if style != "Regular" else FAMILY,
        5: f"{version}; LMS: sara am glyph for text extraction",
        6: f"{FAMILY.replace(' ', '')}-{style}",
    }
    for name_id, value in values.items():
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)


def main(package: Path) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for source, (target, style) in WEIGHTS.items():
        font = TTFont(package / source)
        add_sara_am_glyph(font)
        rename(font, style)
        font.save(TARGET / target)
        print(f"{package / source} → {TARGET / target}")
    shutil.copyfile(package / "LICENSE_FONT", TARGET / "OFL.txt")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
