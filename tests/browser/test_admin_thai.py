"""The admin speaks Thai: a trainer and a center staff member walk every admin page they
work on (``tests/browser/admin_pages.py``), and no English word meets their eyes or their
screen reader.

On each page the test reads what people see (``document.body.innerText``) and what
assistive technology and tooltips say (every ``title``, ``aria-label`` and ``placeholder``
attribute), and fails on any word in Latin script that is not a name on the short
allow-list below. Addresses, e-mail addresses and file names are content, not interface,
and are set aside before the count.
"""

import re
from collections import Counter

import pytest

from tests.browser.admin_pages import (
    ADMIN_PAGES,
    NATIONAL_ADMIN,
    STAFF,
    TRAINER,
    build_admin_world,
    open_admin_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Names that stay in Latin script in Thai writing too, each for its reason:
ALLOWED = {
    "Wagtail",  # the product's name, in the admin's logo and "Wagtail" credits
    "LINE",  # the messaging app learners sign in with; Thai writes it "LINE"
    "Facebook",  # the social network, as its name is written in Thai
    "Shopee",  # the marketplace taught in the selling courses
    "YouTube",  # with Vimeo, the only video sites the lesson's video block accepts:
    "Vimeo",  # trainers must recognise the names to know which addresses work
    "English",  # the language picker names each language in its own script, for its readers
    # File formats, named as the files themselves are (uploads accepted, downloads offered):
    *("AVIF", "GIF", "JPG", "JPEG", "PNG", "WEBP", "PDF", "CSV", "XLSX"),
    *("MP3", "M4A", "OGG", "WAV"),  # a lesson's read-aloud recording
}

# Content, not interface: web addresses, paths, e-mail addresses, file names, center codes
# and the {placeholders} a certificate template's text is written with.
NOT_WORDS = re.compile(
    r"""
      \b[a-z][a-z0-9+.-]*://\S+          # https://…, mailto-like schemes
    | \bwww\.\S+
    | (?<![\w/])/[\w./%?=&~+-]*           # a path such as /courses/…
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+        # an e-mail address
    | \{\w+\}                          # a placeholder people type, e.g. {name} in a template
    | \b[A-Z]{2,}-[A-Z0-9-]*\d\b          # a code such as CDC-CMI-001
    | \b\d+x\d+\b                        # an image's size, 120x80
    | [\w.-]+\.(?:png|jpe?g|gif|webp|svg|avif|pdf|csv|txt|docx?|xlsx?|pptx?|odt|ods|zip)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Digits inside a word belong to it: "MP3" is one name, not "MP".
LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F]*(?:['’][A-Za-z]+)?")

READ_PAGE = """() => {
    const texts = [document.body.innerText];
    for (const element of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
        for (const name of ['title', 'aria-label', 'placeholder']) {
            const value = element.getAttribute(name);
            if (value) texts.push(value);
        }
    }
    texts.push(document.title);
    return texts;
}"""


def latin_words(texts: list[str]) -> list[str]:
    """Every Latin-script word in ``texts`` that is neither content nor an allowed name."""
    words = []
    for text in texts:
        for word in LATIN_WORD.findall(NOT_WORDS.sub(" ", text)):
            if word not in ALLOWED:
                words.append(word)
    return words


def context_of(word: str, texts: list[str]) -> str:
    """The line a word was found on, to tell the reader where to look."""
    for text in texts:
        for line in text.splitlines():
            if re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", NOT_WORDS.sub(" ", line)):
                return line.strip()[:120]
    return ""


def test_latin_words_are_found_and_names_urls_and_files_are_not():
    texts = [
        "ไปที่ https://cdc.example.go.th/courses/ หรือ /admin/pages/3/ ส่งถึง malee@example.com",
        "ไฟล์ ใบงาน_v2.pdf และ photo.JPG จาก LINE, Facebook, Shopee — Wagtail",
        "ศูนย์ CDC-CMI-001 ใช้ตัวแทน {name} {course}",
        "Skip to main content · 5 minutes ที่ผ่านมา · Approve with comment",
    ]
    assert latin_words(texts) == [
        "Skip",
        "to",
        "main",
        "content",
        "minutes",
        "Approve",
        "with",
        "comment",
    ]


@pytest.mark.parametrize("role", [TRAINER, STAFF, NATIONAL_ADMIN])
def test_admin_pages_show_no_english(role, live_server, page, login_browser):
    world = build_admin_world()
    login_browser(world.users[role])
    found: dict[str, list[str]] = {}
    for spec in ADMIN_PAGES:
        if spec.role != role:
            continue
        open_admin_page(page, live_server.url, spec, world)
        texts = page.evaluate(READ_PAGE)
        words = latin_words(texts)
        if words:
            found[spec.name] = [f"{word} ({context_of(word, texts)})" for word in dict.fromkeys(words)]
            found[spec.name].insert(0, f"{len(words)} words")

    total = sum(int(lines[0].split()[0]) for lines in found.values())
    distinct = Counter(line.split(" (")[0] for lines in found.values() for line in lines[1:])
    report = "\n".join(f"{name}:\n    " + "\n    ".join(lines) for name, lines in found.items())
    assert not found, (
        f"{role}: {total} Latin-script words ({len(distinct)} distinct) on {len(found)} pages:\n{report}"
    )
