"""Learner-facing course pages: catalogue, course, module and lesson, as visitors see them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.constants import Category
from tests.factories import build_course, every_block_body, make_image

pytestmark = pytest.mark.django_db


def _get(client, page, query=""):
    response = client.get(page.url + query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _count_queries(client, url):
    client.get(url)  # warm up: renditions are made and site paths cached on first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- catalogue -----------------------------------------------------------------------


def test_catalogue_lists_live_courses_with_lessons_and_minutes(client):
    shown = build_course(title="ใช้มือถือ", modules=2, lessons_per_module=3)
    build_course(title="หลักสูตรร่าง", publish=False)
    html = _get(client, shown.course.get_parent())
    assert "ใช้มือถือ" in html
    assert "หลักสูตรร่าง" not in html
    assert "6 บทเรียน" in html
    assert "ประมาณ 60 นาที" in html  # 6 lessons × 10 minutes


def test_catalogue_filters_by_category(client):
    device = build_course(title="คอร์สอุปกรณ์", category=Category.DEVICE_USE, modules=1, lessons_per_module=1)
    build_course(title="คอร์สขายของ", category=Category.ONLINE_SELLING, modules=1, lessons_per_module=1)
    catalogue = device.course.get_parent()
    html = _get(client, catalogue, "?category=online_selling")
    assert "คอร์สขายของ" in html and "คอร์สอุปกรณ์" not in html
    assert 'href="/courses/?category=online_selling" aria-current="page"' in html


def test_catalogue_shows_every_course_for_an_unknown_category(client):
    device = build_course(title="ใช้มือถือ", modules=1, lessons_per_module=1)
    html = _get(client, device.course.get_parent(), "?category=<script>")
    assert "ใช้มือถือ" in html
    assert "<script>" not in html


def test_catalogue_cards_show_lazy_webp_cover_renditions(client):
    built = build_course(cover_image=make_image(width=900, height=600), modules=1, lessons_per_module=1)
    html = _get(client, built.course.get_parent())
    img = re.search(r"<img [^>]*class=\"card-image\"[^>]*>", html).group(0)
    assert 'loading="lazy"' in img
    assert "srcset=" in img and " 400w" in img and " 800w" in img
    assert ".webp" in img


# --- course and module ---------------------------------------------------------------


def test_course_page_outlines_modules_and_lessons_in_order_with_minutes(client):
    built = build_course(modules=2, lessons_per_module=2)
    html = _get(client, built.course)
    positions = [html.index(title) for title in ("บทที่ 1", "บทเรียน 1.1", "บทเรียน 1.2", "บทที่ 2", "บทเรียน 2.2")]
    assert positions == sorted(positions)
    assert "ประมาณ 40 นาที" in html  # the course: 4 lessons × 10 minutes
    assert "ประมาณ 20 นาที" in html  # each module
    assert f'href="{built.lessons[0].url}"' in html  # the start button


def test_course_minutes_use_the_trainers_estimate_when_set(client):
    built = build_course(modules=1, lessons_per_module=2, estimated_minutes=90)
    html = _get(client, built.course)
    assert "ประมาณ 90 นาที" in html


def test_course_description_markdown_is_rendered_without_raw_html(client):
    built = build_course(
        modules=1, lessons_per_module=1, description="## ที่จะได้เรียน\n\n**ปลอดภัย**\n\n<script>alert(1)</script>"
    )
    html = _get(client, built.course)
    assert "<h2>ที่จะได้เรียน</h2>" in html
    assert "<strong>ปลอดภัย</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_module_page_lists_its_lessons_and_links_its_course(client):
    built = build_course(modules=2, lessons_per_module=2)
    html = _get(client, built.modules[1])
    assert "บทเรียน 2.1" in html and "บทเรียน 2.2" in html
    assert "บทเรียน 1.1" not in html
    assert f'href="{built.course.url}"' in html


# --- lesson --------------------------------------------------------------------------


def test_lesson_has_breadcrumb_and_previous_next_across_modules(client):
    built = build_course(modules=2, lessons_per_module=2)
    html = _get(client, built.lessons[1])  # the last lesson of module 1
    breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert built.course.title in breadcrumb and "บทที่ 1" in breadcrumb
    assert f'rel="prev" href="{built.lessons[0].url}"' in html
    assert f'rel="next" href="{built.lessons[2].url}"' in html  # first lesson of module 2
    assert "บทเรียนที่ 2 จาก 4" in html


def test_first_lesson_has_no_previous_and_last_leads_back_to_the_course(client):
    built = build_course(modules=2, lessons_per_module=1)
    assert 'rel="prev"' not in _get(client, built.lessons[0])
    last = _get(client, built.lessons[-1])
    assert 'rel="next"' not in last
    assert f'href="{built.course.url}">กลับไปที่หลักสูตร' in last


def test_lesson_renders_every_block_type(client):
    built = build_course(modules=1, lessons_per_module=1, lesson_body=every_block_body)
    html = _get(client, built.lessons[0])
    # Read-aloud wraps each sentence in <span data-s="N"> (tests/courses/test_readaloud.py).
    html = re.sub(r'<span data-s="\d+">([^<]*)</span>', r"\1", html)
    assert "<h2>เปิดเครื่อง</h2>" in html  # text
    assert '<th scope="col">รายการ</th>' in html  # table
    assert 'alt="ปุ่มเปิดเครื่องด้านขวา"' in html  # image
    assert "วิธีเปิดเครื่อง" in html  # video
    assert 'class="block-steps"' in html and 'alt="หน้าตั้งค่า"' in html  # steps
    assert "callout-warning" in html  # callout
    assert "ใบงานคิดราคา" in html and "/documents/" in html  # document
    assert re.search(r'<span class="meta">\(CSV, \d+\s\S+\)</span>', html)  # its type and size
    assert "รหัส OTP ควรบอกใครได้บ้าง" in html and "ไม่บอกใครเลย" in html  # quiz question


def test_lesson_images_are_lazy_webp_srcsets(client):
    built = build_course(modules=1, lessons_per_module=1, lesson_body=every_block_body)
    html = _get(client, built.lessons[0])
    img = re.search(r'<img [^>]*alt="ปุ่มเปิดเครื่องด้านขวา"[^>]*>', html).group(0)
    assert 'loading="lazy"' in img and "srcset=" in img and ".webp" in img


def test_video_is_a_facade_that_loads_nothing_from_the_video_site(client):
    built = build_course(modules=1, lessons_per_module=1, lesson_body=every_block_body)
    html = _get(client, built.lessons[0])
    assert "<iframe" not in html
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;rel=0"' in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert any("video-facade" in src for src in scripts)


def test_video_script_is_only_loaded_on_lessons_with_a_video(client):
    built = build_course(modules=1, lessons_per_module=1)
    assert "video-facade.js" not in _get(client, built.lessons[0])


def test_quiz_is_read_only_for_visitors(client):
    built = build_course(modules=1, lessons_per_module=1, with_quiz=True)
    html = _get(client, built.lessons[0])
    fieldset = re.search(r'<fieldset class="quiz-question"[^>]*>.*?</fieldset>', html, re.S).group(0)
    assert "disabled" in fieldset.split(">")[0]
    assert "เข้าสู่ระบบเพื่อตอบคำถาม" in fieldset


# --- query counts --------------------------------------------------------------------


def test_lesson_page_queries_are_few_and_do_not_grow_with_the_course(client):
    small = build_course(modules=1, lessons_per_module=5, lesson_body=every_block_body)
    large = build_course(modules=5, lessons_per_module=10, lesson_body=every_block_body)
    small_count = _count_queries(client, small.lessons[2].url)
    large_count = _count_queries(client, large.lessons[25].url)
    print(f"anonymous lesson page: {small_count} queries (5 lessons), {large_count} (50 lessons)")
    assert small_count <= 20
    assert small_count == large_count


def test_course_and_catalogue_queries_do_not_grow_with_the_course(client):
    small = build_course(modules=1, lessons_per_module=5, cover_image=make_image())
    catalogue_url = small.course.get_parent().url
    catalogue_small = _count_queries(client, catalogue_url)
    course_small = _count_queries(client, small.course.url)
    large = build_course(modules=5, lessons_per_module=10, cover_image=make_image())
    catalogue_large = _count_queries(client, catalogue_url)
    course_large = _count_queries(client, large.course.url)
    print(f"catalogue: {catalogue_small}/{catalogue_large} queries; course: {course_small}/{course_large}")
    assert catalogue_small == catalogue_large <= 15
    assert course_small == course_large <= 15
