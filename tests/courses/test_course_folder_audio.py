"""Course folders carry a lesson's recording: the optional ``audio`` front-matter key.

See docs/course-folder.md ("Lesson front matter"). The shared format's required keys are
unchanged: a folder without ``audio`` imports as before (tests/courses/test_course_folder.py).
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model

from courses.constants import READ_ALOUD_AUDIO_MAX_BYTES
from courses.course_folder import course_folder_export
from courses.models import LessonPage
from tests.courses.test_course_folder import (
    database_state,
    forget_everything_imported,
    import_folder,
    read_tree,
    snapshot,
    write_sample_course,
)
from tests.factories.readaloud import wav_bytes

pytestmark = pytest.mark.django_db

WIFI = "01-basics/01-wifi.md"


def with_recording(folder, relpath="audio/wifi.wav", content=None, lesson=WIFI):
    """Give ``lesson`` an ``audio`` key pointing at ``relpath`` (written unless None)."""
    if content is not None:
        (folder / relpath).parent.mkdir(parents=True, exist_ok=True)
        (folder / relpath).write_bytes(content)
    path = folder / lesson
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\ntitle:", f"---\naudio: {relpath}\ntitle:", 1), encoding="utf-8")
    return folder


def recording_hashes():
    """Each lesson's recording, by slug, as the stored file's hash."""
    return {
        lesson.slug: lesson.read_aloud_audio.file_hash if lesson.read_aloud_audio else None
        for lesson in LessonPage.objects.select_related("read_aloud_audio").order_by("slug")
    }


def test_audio_key_gives_the_lesson_its_recording(tmp_path):
    recording = wav_bytes(1.0)
    folder = with_recording(write_sample_course(tmp_path), content=recording)

    import_folder(folder)

    lesson = LessonPage.objects.get(slug="wifi")
    with lesson.read_aloud_audio.file.open("rb") as handle:
        assert handle.read() == recording
    assert lesson.read_aloud_audio.title == "wifi"
    assert LessonPage.objects.get(slug="scams").read_aloud_audio is None


def test_recording_survives_export_import_export_byte_for_byte(tmp_path):
    folder = with_recording(write_sample_course(tmp_path / "in"), content=wav_bytes(1.0))
    course = import_folder(folder)
    before, recordings = snapshot(course), recording_hashes()

    first = course_folder_export(course=course, path=tmp_path / "first")
    front_matter = (first / WIFI).read_text(encoding="utf-8").split("---")[1]
    assert "\naudio: audio/wifi.wav\n" in front_matter
    assert (first / "audio" / "wifi.wav").read_bytes() == (folder / "audio" / "wifi.wav").read_bytes()

    forget_everything_imported()
    course = import_folder(first)
    assert snapshot(course) == before
    assert recording_hashes() == recordings
    second = course_folder_export(course=course, path=tmp_path / "second")
    assert read_tree(first) == read_tree(second)


def test_reimport_reuses_the_recording_and_a_removed_key_removes_it(tmp_path):
    folder = with_recording(write_sample_course(tmp_path), content=wav_bytes(1.0))
    import_folder(folder)
    import_folder(folder)
    assert get_document_model().objects.filter(file__endswith=".wav").count() == 1

    path = folder / WIFI
    path.write_text(path.read_text(encoding="utf-8").replace("audio: audio/wifi.wav\n", ""), encoding="utf-8")
    import_folder(folder)
    assert LessonPage.objects.get(slug="wifi").read_aloud_audio is None


@pytest.mark.parametrize(
    ("relpath", "content", "expected"),
    [
        (
            "audio/missing.mp3",
            None,
            f"{WIFI}:2: ไม่พบไฟล์ audio/missing.mp3 / file not found: audio/missing.mp3",
        ),
        (
            "files/worksheet.csv",
            None,
            f"{WIFI}:2: ไฟล์เสียงอ่านบทเรียน files/worksheet.csv ต้องเป็นไฟล์ MP3, M4A, OGG หรือ WAV",
        ),
        (
            "audio/fake.mp3",
            b"%PDF-1.7 not a recording",
            f"{WIFI}:2: audio/fake.mp3 ไม่ใช่ไฟล์เสียงที่เปิดได้",
        ),
        (
            "audio/long.wav",
            wav_bytes(0.1) + bytes(READ_ALOUD_AUDIO_MAX_BYTES),
            f"{WIFI}:2: ไฟล์เสียงอ่านบทเรียน audio/long.wav ใหญ่เกิน 10 MB / "
            "the read-aloud recording audio/long.wav is larger than 10 MB",
        ),
        ("../outside.wav", b"", f"{WIFI}:2: ไฟล์ ../outside.wav อยู่นอกโฟลเดอร์หลักสูตร"),
    ],
    ids=["missing", "not-audio", "content-not-its-name", "over-10-mb", "outside-the-folder"],
)
def test_a_bad_recording_is_refused_with_path_and_line_and_changes_nothing(
    tmp_path, relpath, content, expected
):
    folder = write_sample_course(tmp_path / "in")
    if relpath == "../outside.wav":
        (tmp_path / "in" / "outside.wav").write_bytes(wav_bytes(0.1))
        content = None
    with_recording(folder, relpath=relpath, content=content)
    before = database_state()

    with pytest.raises(CommandError) as raised:
        call_command("import_course", str(folder), "--publish", stdout=io.StringIO())

    assert expected in str(raised.value)
    assert database_state() == before
