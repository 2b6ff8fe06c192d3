"""Spelling variants and loanwords reach the same lessons (synonyms.txt, used by the search
backend for indexing and for queries), and snippets show text, not Markdown. Both
databases: CI runs this module on SQLite and on PostgreSQL."""

import pytest

from cms_content.search.segmentation import segment_for_index, segment_query
from courses.search.selectors import search_site
from tests.factories.search import make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons():
    module = make_module(make_course("ใช้มือถือให้ปลอดภัย"))
    return {
        "facebook": make_lesson(module, "สร้างเพจร้าน", "เปิดแอป Facebook แล้วกดสร้างเพจใหม่ให้ร้านของเรา"),
        "otp": make_lesson(module, "รหัสลับ", "รหัส OTP ที่ส่งมาทางข้อความห้ามบอกใครเด็ดขาด"),
        "line": make_lesson(module, "คุยกับลูกค้า", "เพิ่มเพื่อนในไลน์ด้วยการสแกนคิวอาร์โค้ด"),
        "shopee": make_lesson(module, "ร้านค้าออนไลน์", "เปิดร้านบน Shopee แล้วลงรูปสินค้า"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("เฟสบุ๊ค", "facebook"),
        ("เฟซบุ๊ก", "facebook"),
        ("facebook", "facebook"),
        ("โอทีพี", "otp"),
        ("otp", "otp"),
        ("LINE", "line"),
        ("ไลน์", "line"),
        ("ช้อปปี้", "shopee"),
        ("ช็อปปี้", "shopee"),
    ],
)
def test_every_spelling_finds_the_lesson_written_with_another(lessons, query, expected):
    results = search_site(query=query)
    found = [hit.page.pk for hit in results.lessons]
    assert found == [lessons[expected].pk], query


def test_the_found_spelling_is_marked_in_the_snippet(lessons):
    hit = search_site(query="เฟสบุ๊ค").lessons[0]
    assert "<mark>Facebook</mark>" in hit.snippet_html


def test_index_and_query_meet_on_the_group_s_first_spelling():
    assert "เฟซบุ๊ก" in segment_for_index("ตั้งเพจบนเฟสบุ๊คก่อน").split()
    assert segment_query("เฟสบุ๊ค OTP") == "เฟซบุ๊ก โอทีพี"
    # Words outside the list are left as they are.
    assert segment_query("รหัสผ่าน") == "รหัสผ่าน"


def test_course_snippet_shows_the_description_as_text_with_the_word_marked():
    course = make_course("ขายของออนไลน์")
    course.description = "เรียนจบแล้วจะเตรียมตัว **ไลฟ์สด** ขายของได้อย่าง <มั่นใจ>"
    course.save_revision().publish()
    hit = next(hit for hit in search_site(query="ไลฟ์สด").courses if hit.page.pk == course.pk)
    assert "**" not in hit.snippet_html
    assert "<mark>ไลฟ์สด</mark>" in hit.snippet_html
    assert "&lt;มั่นใจ&gt;" in hit.snippet_html
