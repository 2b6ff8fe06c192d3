"""Thai text that looks the same is searched the same, on both databases.

Thai can be typed several ways that render identically: sara am as nikhahit + sara aa,
a tone mark before its vowel, a mark typed twice, zero-width spaces pasted from a word
processor. :func:`normalise_text` gives them one spelling, and the index and queries both
pass through it (``segment_for_index``, ``segment_query``), so any spelling finds any other.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms_content.search.segmentation import normalise_text, segment_for_index, segment_query
from courses.models import LessonPage
from tests.factories.search import make_course, make_lesson, make_module

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff"]
NIKHAHIT_SARA_AA = "\u0e4d\u0e32"
SARA_AM = "\u0e33"
TONES = ["\u0e48", "\u0e49", "\u0e4a", "\u0e4b"]

# Words of our lessons with the spellings that go wrong: sara am under a tone mark,
# tone marks over upper vowels, compounds a zero-width space might split.
WORDS = ["น้ำ", "ทำ", "จำรหัสผ่าน", "ที่ปลอดภัย", "ซื้อของ", "ตั้งค่า", "คำแนะนำ", "รหัสผ่าน", "ลิงก์ปลอม"]

thai_text = st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B), max_size=30)
any_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B),
        st.sampled_from([*ZERO_WIDTH, " ", "a", "Z", "1", "\u0301"]),
    ),
    max_size=40,
)


@st.composite
def misspelt(draw, word: str) -> str:
    """``word`` as a hurried typist or a pasted document might give it: sara am split,
    its tone mark typed after it, a tone typed before an upper vowel, a mark doubled, and
    zero-width characters anywhere."""
    text = word
    if SARA_AM in text and draw(st.booleans()):
        text = text.replace(SARA_AM, NIKHAHIT_SARA_AA)
        for tone in TONES:  # nikhahit, tone, sara aa: as many keyboards give it
            text = text.replace(tone + NIKHAHIT_SARA_AA, "\u0e4d" + tone + "\u0e32")
    elif SARA_AM in text and draw(st.booleans()):
        for tone in TONES:
            text = text.replace(tone + SARA_AM, SARA_AM + tone)
    for tone in TONES:
        for vowel in "\u0e31\u0e34\u0e35\u0e36\u0e37":
            if vowel + tone in text and draw(st.booleans()):
                text = text.replace(vowel + tone, tone + vowel)
    marks = [i for i, char in enumerate(text) if char in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e48\u0e49\u0e4c"]
    if marks and draw(st.booleans()):
        i = draw(st.sampled_from(marks))
        text = text[: i + 1] + text[i] + text[i + 1 :]
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(ZERO_WIDTH)) + text[i:]
    return text


@st.composite
def word_and_variant(draw):
    word = draw(st.sampled_from(WORDS))
    return word, draw(misspelt(word))


# --- The function ------------------------------------------------------------------


@given(any_text)
def test_normalising_twice_changes_nothing_more(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(any_text)
def test_no_zero_width_character_and_no_split_sara_am_is_left(text):
    normal = normalise_text(text)
    assert not any(char in normal for char in ZERO_WIDTH)
    assert NIKHAHIT_SARA_AA not in normal
    assert all(SARA_AM + tone not in normal for tone in TONES)


@given(thai_text)
def test_text_without_anything_to_fix_is_left_alone_apart_from_digits(text):
    if any(char in text for char in "\u0e4d\u0e33\u0e48\u0e49\u0e4a\u0e4b") or text != normalise_text(text):
        # Only the cases below are changed; everything else must come back as it was.
        return
    assert normalise_text(text) == text


def test_each_spelling_gets_the_one_users_see():
    assert normalise_text("น\u0e4d\u0e32") == "นำ"  # sara am as two characters
    assert normalise_text("น\u0e4d\u0e49\u0e32") == "น้ำ"  # nikhahit, tone, sara aa
    assert normalise_text("น\u0e49\u0e4d\u0e32") == "น้ำ"  # tone, nikhahit, sara aa
    assert normalise_text("น\u0e33\u0e49") == "น้ำ"  # sara am typed before its tone
    assert normalise_text("ท\u0e48\u0e35") == "ที่"  # tone before the upper vowel
    assert normalise_text("ดีี") == "ดี"  # a vowel typed twice
    assert normalise_text("รหัส\u200bผ่าน\ufeff") == "รหัสผ่าน"
    assert normalise_text("e\u0301") == "\u00e9"  # NFC
    assert normalise_text("๑๔๔๑") == "1441"


@given(word_and_variant())
def test_any_spelling_is_indexed_and_queried_as_the_word(pair):
    word, variant = pair
    assert segment_for_index(variant) == segment_for_index(word)
    assert segment_query(variant) == segment_query(word)


# --- Through the backend, on the database the suite runs on --------------------------


@pytest.fixture
def lessons(db):
    module = make_module(make_course("ใช้มือถืออย่างปลอดภัย"))
    written_well = make_lesson(module, "ดื่มน้ำให้พอ", "จำรหัสผ่านให้ได้ และทำตามคำแนะนำที่ปลอดภัย")
    # The same words as a pasted document gives them.
    written_badly = make_lesson(
        module,
        "ดื่มน\u0e4d\u0e49\u0e32ทุกวัน",
        "ต\u0e49\u0e31\u200bงค่าลิงก์\u200bปลอมซ\u0e49\u0e37อของ",
    )
    make_lesson(module, "ชาร์จแบตเตอรี่", "เสียบสายชาร์จให้แน่น")
    return written_well, written_badly


def found(query):
    return sorted(page.pk for page in LessonPage.objects.live().search(query))


@pytest.mark.django_db
def test_a_well_typed_query_finds_badly_typed_text_and_the_other_way_round(lessons):
    written_well, written_badly = lessons
    assert found("น้ำ") == sorted([written_well.pk, written_badly.pk])
    assert found("ตั้งค่า ซื้อของ") == [written_badly.pk]
    assert found("ลิงก์ปลอม") == [written_badly.pk]
    assert found("ตั\u0e49\u0e49งค\u200b่า") == [written_badly.pk]
    assert found("จำรหัสผ่าน") == [written_well.pk]


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=word_and_variant())
def test_every_spelling_of_a_query_finds_the_same_lessons(lessons, pair):
    word, variant = pair
    assert found(variant) == found(word)
    assert found(word) != []
