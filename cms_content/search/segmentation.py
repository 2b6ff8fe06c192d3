"""Thai word segmentation for the search index and for search queries.

Both sides must be cut the same way, or a word in the index never meets the same word in
a query: :func:`segment_for_index` and :func:`query_terms` share one dictionary and one
normalisation. The engine is PyThaiNLP's ``newmm`` (dictionary-based maximal matching),
which runs offline with the dictionary bundled in the package; ``words.txt`` next to this
module adds the words of our courses (พร้อมเพย์, ไลฟ์สด, คิวอาร์โค้ด …).

Compound words (รหัสผ่าน, ลิงก์ปลอม) are indexed whole *and* as their parts, so a learner
who types only รหัส or ลิงก์ still finds them; queries are cut without that expansion.

Spelling variants and English loanwords (เฟสบุ๊ค, เฟซบุ๊ก, Facebook) are listed in
``synonyms.txt``: a word of any spelling is indexed with its group's first spelling as
well, and a query word is searched as that first spelling, so every spelling finds the
lessons written with any other.
"""

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("words.txt")
SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")

#: Queries are cut to this many characters before anything else (a pasted page of text
#: must not cost the server a second of segmentation).
MAX_QUERY_LENGTH = 200

# Parts shorter than this are not indexed on their own: a one-letter "word" cut out of a
# compound (ณ, ก็) would match far too much.
_MIN_PART_LENGTH = 2
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Zero-width spaces, joiners and byte-order marks that editors paste into Thai text to
# hint line breaks: invisible, so a learner never types them. They are removed rather than
# made spaces, or รหัส<ZWSP>ผ่าน would be indexed as two words and not as รหัสผ่าน.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_TONE = "\u0e48-\u0e4b"  # mai ek, mai tho, mai tri, mai chattawa
_ABOVE_VOWEL = "\u0e31\u0e34-\u0e37"  # mai han-akat, sara i, ii, ue, uee
_THAI_MARK = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# Sara am (ำ) typed as nikhahit + sara aa, with or without a tone mark between them,
# or typed before its tone mark (นำ้ for น้ำ): all look the same on screen.
_SARA_AM_SPLIT = re.compile(f"\u0e4d([{_TONE}]?)\u0e32")
_SARA_AM_BEFORE_TONE = re.compile(f"\u0e33([{_TONE}])")
# A tone mark typed before the vowel above the same letter (ท + ่ + ี for ที่); Unicode's
# canonical order (NFC) does not fix it, since those vowels are not combining classes.
_TONE_BEFORE_VOWEL = re.compile(f"([{_TONE}])([{_ABOVE_VOWEL}])")
# The same mark typed twice (a bouncing key): one is what the learner sees.
_REPEATED_MARK = re.compile(f"([{_THAI_MARK}])\\1+")


def custom_words() -> set[str]:
    """The words of ``words.txt`` (comment lines start with ``#``)."""
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


@cache
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Each spelling of ``synonyms.txt`` (case-folded, normalised) → its whole group,
    the group's first spelling first."""
    groups: dict[str, tuple[str, ...]] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        group = tuple(
            dict.fromkeys(normalise_text(word.strip()).casefold() for word in line.split(",") if word.strip())
        )
        for word in group:
            groups[word] = group
    return groups


def canonical_spelling(word: str) -> str:
    """The first spelling of ``word``'s synonym group, or ``word`` itself."""
    group = synonym_groups().get(word.casefold())
    return group[0] if group else word


def spellings(words: list[str]) -> list[str]:
    """``words`` and every other spelling of them, without repeats (for highlighting)."""
    out: dict[str, None] = {}
    for word in words:
        out[word] = None
        out.update(dict.fromkeys(synonym_groups().get(word.casefold(), ())))
    return list(out)


@cache
def _dictionary() -> tuple[frozenset[str], object]:
    """PyThaiNLP's bundled word list plus ours, as a set and as the trie ``newmm`` uses.

    Built once per process (about a second), on first use rather than at import, so
    ``manage.py`` commands that never search do not pay for it.
    """
    from pythainlp.corpus.common import thai_words
    from pythainlp.util import dict_trie

    variants = {word for word in synonym_groups() if _THAI.search(word)}
    words = frozenset(thai_words()) | custom_words() | variants
    return words, dict_trie(words)


def normalise_text(text: str) -> str:
    """One spelling for text that looks the same: the index and queries both pass through it.

    Unicode NFC; zero-width spaces and joiners removed; Thai digits as Arabic digits;
    sara am written as nikhahit + sara aa (``\\u0e4d\\u0e32``, with or without a tone mark
    between them) or before its tone mark as ``\\u0e33`` after the tone mark; a tone mark
    typed before an upper vowel put after it; a Thai mark typed twice in a row kept once.
    Idempotent: normalising twice changes nothing more.
    """
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE)).translate(_THAI_DIGITS)
    if not _THAI.search(text):
        return text
    while True:
        fixed = _SARA_AM_SPLIT.sub("\\1\u0e33", text)
        fixed = _SARA_AM_BEFORE_TONE.sub("\\1\u0e33", fixed)
        fixed = _TONE_BEFORE_VOWEL.sub("\\2\\1", fixed)
        fixed = _REPEATED_MARK.sub("\\1", fixed)
        fixed = unicodedata.normalize("NFC", fixed)
        if fixed == text:
            return text
        text = fixed


def _is_word(token: str) -> bool:
    """A token worth indexing or searching: it holds a letter or a digit."""
    return any(char.isalnum() for char in token)


def _clean_token(token: str) -> str:
    """Keep letters, digits and combining marks (Thai vowels and tone marks are marks).

    Everything else (quotes, brackets, operators) goes, so no query can break the
    syntax of FTS5's MATCH or PostgreSQL's ``to_tsquery``.
    """
    return "".join(char for char in token if char.isalnum() or unicodedata.category(char)[0] == "M")


def tokenize(text: str) -> list[str]:
    """Cut ``text`` into clean words: Thai by ``newmm``, other scripts at spaces."""
    from pythainlp.tokenize import word_tokenize

    text = normalise_text(text)
    if not _THAI.search(text):
        tokens = re.split(r"[^\w\u0e00-\u0e7f]+", text)
    else:
        _words, trie = _dictionary()
        tokens = word_tokenize(text, custom_dict=trie, engine="newmm", keep_whitespace=False)
    cleaned = (_clean_token(token) for token in tokens)
    return [token for token in cleaned if token and _is_word(token)]


@lru_cache(maxsize=50_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The dictionary words a Thai compound is made of, longest first part first.

    ``compound_parts("รหัสผ่าน") == ("รหัส", "ผ่าน")``; a word that does not split
    wholly into dictionary words of two letters or more gives ``()``.
    """
    words, _trie = _dictionary()
    for cut in range(len(word) - _MIN_PART_LENGTH, _MIN_PART_LENGTH - 1, -1):
        head, tail = word[:cut], word[cut:]
        if head not in words:
            continue
        if tail in words:
            return (head, tail)
        rest = compound_parts(tail)
        if rest:
            return (head, *rest)
    return ()


def segment_for_index(text: str) -> str:
    """``text`` as space-separated words, then the parts of its compound words.

    The parts go after the text rather than next to their compound, so a phrase query
    (``"รหัสผ่าน หรือ รหัส"``) still finds its words side by side.
    """
    if not text:
        return ""
    return _segment_for_index(text)


# PostgreSQL's indexer reads each value twice (for the tsvector and for the plain text that
# fuzzy search uses) and the title a third time: a small cache halves its indexing time.
@lru_cache(maxsize=256)
def _segment_for_index(text: str) -> str:
    words = tokenize(text)
    parts: dict[str, None] = {}
    for word in words:
        if len(word) >= 2 * _MIN_PART_LENGTH and _THAI.search(word):
            parts.update(dict.fromkeys(compound_parts(word)))
    canonical = {canonical_spelling(word): None for word in words}
    extra = [word for word in [*parts, *canonical] if word not in words]
    return " ".join([*words, *dict.fromkeys(extra)])


def clean_query(query: str) -> str:
    """The query as a learner meant it: cut to :data:`MAX_QUERY_LENGTH`, spaces collapsed."""
    return " ".join(str(query)[:MAX_QUERY_LENGTH].split())


def query_terms(query: str) -> list[str]:
    """The words of a query, in order, without repeats."""
    return list(dict.fromkeys(tokenize(clean_query(query))))


def segment_query(query: str) -> str:
    """The query as space-separated words, ready for the backends' own query parsers;
    a word with other spellings is searched as its group's first spelling."""
    return " ".join(dict.fromkeys(canonical_spelling(term) for term in query_terms(query)))
