"""Read-aloud on the server: Thai sentences for speech, the wrapped lesson HTML, and the
trainer's recording (its checks in the admin and on the lesson page).

The browser side (voices, highlighting, pause, the recording playing) is tested in
Chromium: tests/browser/test_read_aloud.py.
"""

import html
import re
import unicodedata
import urllib.request

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pythainlp.tokenize import word_tokenize
from wagtail.test.utils.form_data import querydict_from_html

from courses.constants import READ_ALOUD_AUDIO_MAX_BYTES
from courses.models import LessonPage
from courses.readaloud import (
    MAX_UTTERANCE_CHARS,
    MIN_UTTERANCE_CHARS,
    audio_problem,
    speakable_html,
    split_sentences,
)
from tests.factories import UserFactory, build_course, make_document, stream_form_data
from tests.factories.readaloud import make_recording, wav_bytes

SPAN = re.compile(r'<span data-s="(\d+)">([^<]*)</span>')
PARAGRAPH = (
    "กด ปุ่มด้านข้าง ค้างไว้ประมาณ 3 วินาที จนหน้าจอสว่าง แล้วปล่อยนิ้ว "
    "เมื่อเครื่องเปิดแล้วให้ปัดหน้าจอขึ้นเพื่อปลดล็อก หากตั้งรหัสไว้ ให้ใส่รหัสผ่าน 6 หลัก "
    "Wi-Fi คือการต่ออินเทอร์เน็ตแบบไร้สาย ใช้ได้ฟรีที่ศูนย์ดิจิทัลชุมชน"
)


def spoken(text: str) -> str:
    return " ".join(text.split())


def unwrap(markup: str) -> str:
    """The HTML without the read-aloud spans."""
    return SPAN.sub(r"\2", markup)


# -- sentences ------------------------------------------------------------------------


def test_a_thai_paragraph_is_read_in_several_sentences_that_keep_numbers_with_their_words():
    pieces = split_sentences(PARAGRAPH)
    assert "".join(pieces) == PARAGRAPH
    assert len(pieces) >= 3
    assert any("ประมาณ 3 วินาที" in piece for piece in pieces)  # a space around a number is no boundary
    assert any("รหัสผ่าน 6 หลัก" in piece for piece in pieces)
    assert all(MIN_UTTERANCE_CHARS <= len(spoken(p)) <= MAX_UTTERANCE_CHARS for p in pieces)


def test_two_words_do_not_make_an_utterance_of_their_own():
    # CRFCut ends a sentence after "เปิดแอป": too short to be read (and highlighted) alone.
    assert split_sentences("เปิดแอป ตั้งค่า") == ["เปิดแอป ตั้งค่า"]


def test_a_long_sentence_without_spaces_is_cut_between_words():
    text = "ผู้ขายควรถ่ายรูปสินค้าในที่ที่มีแสงสว่างเพียงพอและพื้นหลังเรียบ" * 6  # 366 characters, no space
    pieces = split_sentences(text)
    assert "".join(pieces) == text
    assert len(pieces) >= 3 and all(len(p) <= MAX_UTTERANCE_CHARS for p in pieces)
    word_edges, at = set(), 0
    for word in word_tokenize(text, keep_whitespace=True):
        at += len(word)
        word_edges.add(at)
    cuts, at = [], 0
    for piece in pieces[:-1]:
        at += len(piece)
        cuts.append(at)
    assert set(cuts) <= word_edges


def test_a_word_longer_than_an_utterance_is_cut_without_splitting_a_letter_from_its_marks():
    address = "https://example.com/" + "ที่" * 100  # each "ที่" is a letter with two marks
    pieces = split_sentences(address)
    assert "".join(pieces) == address
    assert all(len(p) <= MAX_UTTERANCE_CHARS for p in pieces)
    assert all(unicodedata.category(p[0])[0] != "M" for p in pieces)


def test_blank_text_has_nothing_to_say():
    assert split_sentences("") == [] and split_sentences(" \n\t ") == []


THAI_TEXT = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x0E01, 0x0E3B)]
        + [chr(c) for c in range(0x0E40, 0x0E5C)]
        + list(" \n  .?!,abcXYZ0123456789")
    ),
    max_size=700,
)


@hypothesis_settings(deadline=None, max_examples=150)
@given(text=THAI_TEXT)
def test_no_text_is_lost_and_the_order_is_kept(text):
    pieces = split_sentences(text)
    if not text.strip():
        assert pieces == []
        return
    assert "".join(pieces) == text
    assert all(piece.strip() for piece in pieces)
    assert all(len(spoken(piece)) <= MAX_UTTERANCE_CHARS for piece in pieces)


# -- the wrapped HTML -------------------------------------------------------------------


def test_sentences_are_wrapped_in_numbered_spans_across_inline_tags():
    markup = (
        "<h2>เปิดเครื่อง</h2><p>กด <b>ปุ่มด้านข้าง</b> ค้างไว้ประมาณ 3 วินาที จนหน้าจอสว่าง</p>"
        "<ul><li>เปิด Wi-Fi ที่หน้าตั้งค่า</li><li>เลือกชื่อเครือข่ายของศูนย์</li></ul>"
    )
    out = speakable_html(markup)
    assert unwrap(out) == markup
    spans = SPAN.findall(out)
    assert [int(n) for n, _ in spans] == [0, 1, 1, 1, 2, 3]
    assert [text for n, text in spans if n == "1"] == ["กด ", "ปุ่มด้านข้าง", " ค้างไว้ประมาณ 3 วินาที จนหน้าจอสว่าง"]
    assert '<b><span data-s="1">ปุ่มด้านข้าง</span></b>' in out  # spans nest inside the inline tag


def test_hidden_text_file_sizes_and_controls_are_not_read():
    markup = (
        '<a class="video-facade" href="https://youtu.be/x"><span class="video-play" aria-hidden="true">▶</span> '
        '<span class="video-title">เล่นวิดีโอ: วิธีเปิดเครื่อง</span></a>'
        '<p><a href="/documents/1/x.csv">ดาวน์โหลด: ใบงาน</a> <span class="meta">(CSV, 24 ไบต์)</span></p>'
        "<p hidden>ซ่อนไว้</p><p data-nospeak>ไม่ต้องอ่าน</p><script>var x = '<p>';</script>"
        '<label class="quiz-choice"><input type="radio" name="q" value="0" disabled> ไม่บอกใครเลย</label>'
    )
    out = speakable_html(markup)
    assert unwrap(out) == markup
    assert [text for _, text in SPAN.findall(out)] == [
        "เล่นวิดีโอ: วิธีเปิดเครื่อง",
        "ดาวน์โหลด: ใบงาน",
        "ไม่บอกใครเลย",
    ]


def test_text_stays_escaped():
    markup = "<p>พิมพ์ &lt;script&gt;alert(1)&lt;/script&gt; &amp; กดตกลง</p>"
    out = speakable_html(markup)
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp; กดตกลง" in out


def test_the_filter_escapes_text_that_is_not_html_yet():
    rendered = Template("{% load readaloud %}{{ value|speakable }}").render(
        Context({"value": "<b>ตัวหนา</b>"})
    )
    assert "<b>" not in rendered and "&lt;b&gt;" in rendered


TEXT = st.text(
    alphabet=st.sampled_from(list("กขคงจฉชซญดตถทนบปผพฟมยรลวสหอะาิีุู่้เแโใไ ๆ<>&\"'abc1. \n")), max_size=80
)


@hypothesis_settings(deadline=None, max_examples=60)
@given(first=TEXT, bold=TEXT, last=TEXT, item=TEXT)
def test_markup_and_text_come_back_unchanged_around_the_spans(first, bold, last, item):
    def esc(text):
        return html.escape(text, quote=False)

    markup = f'<div class="block-text"><p>{esc(first)}<b>{esc(bold)}</b>{esc(last)}</p><ul><li>{esc(item)}</li></ul></div>'
    out = speakable_html(markup)
    assert unwrap(out) == markup
    numbers = [int(n) for n, _ in SPAN.findall(out)]
    assert numbers == sorted(numbers) and (not numbers or set(numbers) == set(range(numbers[-1] + 1)))


def test_a_lesson_body_is_split_once_per_version():
    markup = "<p>เนื้อหาบทเรียนที่ยังไม่เคยแบ่งประโยคมาก่อน แล้วจึงเก็บผลไว้</p>"
    cache.clear()
    first = speakable_html(markup)
    stored = [key for key in cache._cache if "readaloud" in key]  # LocMemCache in tests
    assert len(stored) == 1
    assert speakable_html(markup) == first


# -- the recording ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "problem"),
    [
        ("lesson.wav", wav_bytes(0.1)[:12], None),
        ("lesson.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00", None),
        ("lesson.mp3", b"\xff\xfb\x90\x64\x00\x00\x00\x00\x00\x00\x00\x00", None),
        ("lesson.m4a", b"\x00\x00\x00\x20ftypM4A \x00\x00", None),
        ("lesson.ogg", b"OggS\x00\x02\x00\x00\x00\x00\x00\x00", None),
        ("LESSON.WAV", wav_bytes(0.1)[:12], None),
        ("lesson.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "type"),
        ("lesson.mp3", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "content"),
        ("lesson.wav", b"OggS\x00\x02\x00\x00\x00\x00\x00\x00", "content"),
    ],
)
def test_a_recording_is_an_mp3_m4a_ogg_or_wav_file_whose_content_matches_its_name(name, head, problem):
    assert audio_problem(name=name, size=1000, head=head) == problem


def test_a_recording_over_the_limit_is_refused():
    head = wav_bytes(0.1)[:12]
    assert audio_problem(name="a.wav", size=READ_ALOUD_AUDIO_MAX_BYTES, head=head) is None
    assert audio_problem(name="a.wav", size=READ_ALOUD_AUDIO_MAX_BYTES + 1, head=head) == "size"


@pytest.fixture
def trainer_client(client):
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name="Trainers"))
    client.force_login(trainer)
    return client


def _save_draft_with_recording(client, lesson, document):
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update(stream_form_data(LessonPage.body.field.stream_block, lesson.body))
    data["read_aloud_audio"] = str(document.pk)
    return client.post(url, data)


@pytest.mark.django_db
def test_trainer_adds_a_recording_to_a_lesson_in_the_admin(trainer_client):
    lesson = build_course(modules=1, lessons_per_module=1, publish=False).lessons[0]
    edit = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).content.decode()
    assert "ไฟล์เสียงอ่านบทเรียน" in edit and "MP3, M4A, OGG หรือ WAV" in edit  # the field and its help
    recording = make_recording()

    response = _save_draft_with_recording(trainer_client, lesson, recording)

    assert response.status_code == 302
    assert LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object().read_aloud_audio == recording


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: make_document(), "ไฟล์เสียงอ่านบทเรียนต้องเป็นไฟล์ MP3, M4A, OGG หรือ WAV"),
        (
            lambda: make_recording(content=b"%PDF-1.7 not a recording", extension="mp3"),
            "ไฟล์นี้ไม่ใช่ไฟล์เสียงที่โทรศัพท์เล่นได้",
        ),
        (
            lambda: make_recording(content=wav_bytes(0.1) + bytes(READ_ALOUD_AUDIO_MAX_BYTES)),
            "ไฟล์เสียงอ่านบทเรียนใหญ่เกิน 10 เมกะไบต์",
        ),
    ],
    ids=["a-worksheet", "a-pdf-named-mp3", "over-10-mb"],
)
def test_a_file_that_is_not_a_playable_recording_is_refused_in_thai_and_nothing_is_saved(
    trainer_client, make, message
):
    lesson = build_course(modules=1, lessons_per_module=1, publish=False).lessons[0]
    revision = LessonPage.objects.get(pk=lesson.pk).latest_revision_id

    response = _save_draft_with_recording(trainer_client, lesson, make())

    assert response.status_code == 200
    assert message in response.content.decode()
    assert LessonPage.objects.get(pk=lesson.pk).latest_revision_id == revision


# -- the lesson page ------------------------------------------------------------------


def _read_aloud_box(page_html: str) -> str:
    return re.search(r"<div class=\"read-aloud\".*?\n</div>", page_html, re.S).group(0)


@pytest.mark.django_db
def test_without_a_recording_the_listen_box_waits_hidden_for_a_thai_voice(client):
    lesson = build_course(modules=1, lessons_per_module=1).lessons[0]
    page = client.get(lesson.url).content.decode()
    box = _read_aloud_box(page)
    assert re.search(r"data-read-aloud[^>]* hidden>", box)
    assert re.search(r'<button type="button" [^>]*aria-pressed="false" hidden>', box)
    assert "ฟังบทเรียน" in box and "<audio" not in box
    assert '<script src="/static/js/read-aloud.js" defer></script>' in page


@pytest.mark.django_db
def test_with_a_recording_its_player_shows_even_without_javascript(client):
    built = build_course(modules=1, lessons_per_module=1)
    lesson = built.lessons[0]
    recording = make_recording()
    lesson.read_aloud_audio = recording
    lesson.save_revision().publish()

    box = _read_aloud_box(client.get(lesson.url).content.decode())

    assert not re.search(r"data-read-aloud[^>]* hidden>", box)
    assert f'<audio controls preload="none" src="{recording.url}"' in box
    assert "เสียงอ่านบทเรียนโดยวิทยากร" in box
    assert re.search(r'<button type="button" [^>]*hidden>', box)  # the button waits for the script
    served = client.get(recording.url)
    if served.status_code == 302:
        # Media on an S3 server (the PostgreSQL run of .ci/run): Wagtail hands the file
        # to the store's own address, which must serve the recording itself.
        with urllib.request.urlopen(served["Location"], timeout=10) as stored:  # noqa: S310 - the test's S3 server
            assert stored.status == 200 and stored.read(4) == b"RIFF"
    else:
        assert served.status_code == 200
