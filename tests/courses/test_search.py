"""Thai-aware search: the backend, the search page and index upkeep (SQLite and PostgreSQL)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from cms_content.search.segmentation import (
    MAX_QUERY_LENGTH,
    compound_parts,
    query_terms,
    segment_for_index,
)
from courses.models import LessonPage
from tests.factories import UserFactory
from tests.factories.search import make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


def postgresql_only(reason: str):
    """Skip on SQLite, saying why; CI runs every test on PostgreSQL too, where these run."""
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=f"PostgreSQL only: {reason}")


SEARCH_URL = "/search/"
# รหัสผ่าน sits in the middle of a run of Thai with no spaces around it.
PASSWORD_SENTENCE = "มือถือที่ดีต้องมีการตั้งรหัสผ่านหรือรหัสปลดล็อกเสมอเพื่อกันคนอื่นเปิดดู"


@pytest.fixture
def module():
    return make_module(make_course("ใช้สมาร์ตโฟนอย่างปลอดภัย"))


def lesson_ids(results):
    return [page.pk for page in results]


# --- Segmentation --------------------------------------------------------------------


def test_thai_text_is_cut_into_words_with_domain_words_kept_whole():
    words = segment_for_index("รับเงินผ่านพร้อมเพย์แล้วไลฟ์สดขายของ").split()
    assert "พร้อมเพย์" in words
    assert "ไลฟ์สด" in words
    assert "รับ" in words


def test_compounds_are_indexed_with_their_parts():
    assert compound_parts("รหัสผ่าน") == ("รหัส", "ผ่าน")
    assert segment_for_index("ตั้งรหัสผ่าน").split() == ["ตั้ง", "รหัสผ่าน", "รหัส", "ผ่าน"]
    assert segment_for_index("รหัสผ่านหรือรหัส").split()[:3] == ["รหัสผ่าน", "หรือ", "รหัส"]


def test_query_terms_drop_syntax_and_normalise_digits_and_spaces():
    assert query_terms('  "LINE"   ) OR*  ๑๔๔๑ ') == ["LINE", "OR", "1441"]
    assert query_terms("!!! ??? ---") == []


# --- The backend, through the ORM -----------------------------------------------------


def test_word_from_middle_of_thai_sentence_is_found_by_queryset_search(module):
    lesson = make_lesson(module, "ความปลอดภัยของมือถือ", PASSWORD_SENTENCE)
    make_lesson(module, "การชาร์จแบตเตอรี่", "เสียบสายชาร์จให้แน่นแล้วรอจนเต็ม")

    assert lesson_ids(LessonPage.objects.live().search("รหัสผ่าน")) == [lesson.pk]
    assert lesson_ids(Page.objects.search("ปลดล็อก")) == [lesson.pk]


def test_unpublished_lesson_is_never_returned(module):
    make_lesson(module, "ร่างบทเรียน", PASSWORD_SENTENCE, live=False)

    assert lesson_ids(LessonPage.objects.live().search("รหัสผ่าน")) == []
    response = _search_page(q="รหัสผ่าน")
    assert "ร่างบทเรียน" not in response.content.decode()


def test_phrase_and_autocomplete_queries_are_segmented_too(module):
    from modelsearch.query import Phrase

    lesson = make_lesson(module, "ตั้งรหัสผ่านให้ปลอดภัย", PASSWORD_SENTENCE)

    assert lesson_ids(LessonPage.objects.live().search(Phrase("รหัสผ่านหรือรหัส"))) == [lesson.pk]
    assert lesson_ids(LessonPage.objects.live().autocomplete("รหัสผ่าน")) == [lesson.pk]


def test_search_restricted_to_title_field_uses_segmented_title(module):
    in_title = make_lesson(module, "ตั้งรหัสผ่านให้ปลอดภัย", "เนื้อหาอื่น")
    make_lesson(module, "เรื่องอื่น", PASSWORD_SENTENCE)

    results = LessonPage.objects.live().search("รหัสผ่าน", fields=["title"])
    assert lesson_ids(results) == [in_title.pk]


def test_junk_query_through_the_backend_returns_nothing(module):
    make_lesson(module, "บทเรียน", PASSWORD_SENTENCE)

    for junk in ['"', "!!!", "NEAR(", "*", "'; DROP TABLE x; --", "\x00"]:
        assert list(LessonPage.objects.live().search(junk)) == []


# --- The search page ---------------------------------------------------------------


def _search_page(client=None, **params):
    from django.test import Client

    return (client or Client()).get(SEARCH_URL, params)


def test_search_page_finds_word_from_middle_of_thai_sentence(client, module):
    make_lesson(module, "ความปลอดภัยของมือถือ", PASSWORD_SENTENCE)

    response = client.get(SEARCH_URL, {"q": "รหัสผ่าน"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "ความปลอดภัยของมือถือ" in html
    assert "<mark>รหัสผ่าน</mark>" in html
    # The course the lesson belongs to is named.
    assert "ใช้สมาร์ตโฟนอย่างปลอดภัย" in html


def test_search_page_url_is_in_the_site_navigation(client):
    assert f'href="{reverse("courses:search")}"' in client.get("/").content.decode()


def test_title_match_ranks_above_body_match(client, module):
    body_only = make_lesson(module, "การรับเงิน", "ลูกค้าโอนผ่านพร้อมเพย์ได้ พร้อมเพย์สะดวก พร้อมเพย์ไม่มีค่าธรรมเนียม")
    in_title = make_lesson(module, "สร้างคิวอาร์พร้อมเพย์", "ให้ลูกค้าสแกนจ่ายเงินได้ทันที")

    response = client.get(SEARCH_URL, {"q": "พร้อมเพย์"})

    lessons = [hit.page.pk for hit in response.context["results"].lessons]
    assert lessons == [in_title.pk, body_only.pk]


def test_snippet_escapes_lesson_text(client, module):
    make_lesson(module, "บทเรียน", "ระวัง <script>alert(1)</script> ลิงก์ปลอมในข้อความ")

    html = client.get(SEARCH_URL, {"q": "ลิงก์"}).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>ลิงก์</mark>" in html


def test_mixed_thai_english_query_and_thai_digits(client, module):
    line = make_lesson(module, "คุยกับลูกหลาน", "เพิ่มเพื่อนทางLINEแล้วส่งสติกเกอร์ทักทาย")
    hotline = make_lesson(module, "ถูกหลอกต้องทำอย่างไร", "โทรสายด่วน1441ได้ตลอด24ชั่วโมง")

    assert [h.page.pk for h in client.get(SEARCH_URL, {"q": "line  สติกเกอร์"}).context["results"].lessons] == [
        line.pk
    ]
    assert [h.page.pk for h in client.get(SEARCH_URL, {"q": "  ๑๔๔๑  "}).context["results"].lessons] == [
        hotline.pk
    ]


def test_any_word_is_enough_when_no_lesson_has_them_all(client, module):
    lesson = make_lesson(module, "ค่าส่งพัสดุ", "คิดค่าส่งตามน้ำหนักของพัสดุ")

    results = client.get(SEARCH_URL, {"q": "ค่าส่ง เครื่องบิน"}).context["results"]

    assert [hit.page.pk for hit in results.lessons] == [lesson.pk]


def test_filter_by_course(client):
    first = make_course("ขายของออนไลน์")
    second = make_course("เพจขายของ")
    in_first = make_lesson(make_module(first), "การตั้งราคา", "คิดค่าส่งรวมในราคา")
    make_lesson(make_module(second), "โพสต์ขายของ", "บอกค่าส่งให้ชัดในโพสต์")

    results = client.get(SEARCH_URL, {"q": "ค่าส่ง", "course": first.pk}).context["results"]

    assert results.course == first
    assert [hit.page.pk for hit in results.lessons] == [in_first.pk]


def test_live_courses_are_found_too(client):
    course = make_course("ขายของออนไลน์", summary="เปิดร้านออนไลน์และรับเงินด้วยพร้อมเพย์")

    results = client.get(SEARCH_URL, {"q": "พร้อมเพย์"}).context["results"]

    assert [hit.page.pk for hit in results.courses] == [course.pk]


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", '"', "*", "NEAR(", "') OR 1=1 --", "\x00", "ก" * 5000, "<script>", "%"],
)
def test_empty_junk_and_overlong_queries_answer_calmly(client, module, query):
    make_lesson(module, "บทเรียน", PASSWORD_SENTENCE)

    response = client.get(SEARCH_URL, {"q": query, "course": "not-a-number"})

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1].split("<footer", 1)[0]


@pytest.mark.parametrize("course", ["²", "1²", "๑", "-1", " 1", "9" * 40])
def test_a_course_filter_that_is_not_a_number_is_ignored(client, module, course):
    """ "²" is a digit to ``str.isdigit`` but ``int`` cannot read it: this page once gave 500."""
    lesson = make_lesson(module, "บทเรียน", PASSWORD_SENTENCE)

    response = client.get(SEARCH_URL, {"q": "รหัสผ่าน", "course": course})

    assert response.status_code == 200
    assert response.context["results"].course is None
    assert [hit.page.pk for hit in response.context["results"].lessons] == [lesson.pk]


def test_overlong_query_is_cut_and_still_searches(client, module):
    lesson = make_lesson(module, "บทเรียน", PASSWORD_SENTENCE)
    query = "รหัสผ่าน " + "x" * 1000

    response = client.get(SEARCH_URL, {"q": query})

    results = response.context["results"]
    assert len(results.query) <= MAX_QUERY_LENGTH
    assert results.was_cut
    assert [hit.page.pk for hit in results.lessons] == [lesson.pk]
    assert "ใช้เฉพาะส่วนต้น" in response.content.decode()


def test_search_page_query_count_does_not_grow_with_results(client, module, django_assert_max_num_queries):
    for number in range(12):
        make_lesson(module, f"บทที่ {number}", PASSWORD_SENTENCE)

    with django_assert_max_num_queries(16):
        response = client.get(SEARCH_URL, {"q": "รหัสผ่าน"})

    assert len(response.context["results"].lessons) == 12


# --- Index upkeep ----------------------------------------------------------------------


def test_unpublishing_a_lesson_removes_it_from_results(client, module):
    lesson = make_lesson(module, "บทเรียน", PASSWORD_SENTENCE)
    assert lesson_ids(LessonPage.objects.live().search("รหัสผ่าน")) == [lesson.pk]

    lesson.unpublish()

    assert lesson_ids(LessonPage.objects.live().search("รหัสผ่าน")) == []
    assert client.get(SEARCH_URL, {"q": "รหัสผ่าน"}).context["results"].lessons == []


def test_publishing_a_new_revision_reindexes_the_lesson(module):
    from wagtail.rich_text import RichText

    lesson = make_lesson(module, "บทเรียน", PASSWORD_SENTENCE)
    lesson.body = [("text", RichText("<p>เปิดการยืนยันตัวตนแบบสองขั้นตอนในเฟซบุ๊ก</p>"))]
    lesson.save_revision().publish()

    assert lesson_ids(LessonPage.objects.live().search("ยืนยันตัวตน")) == [lesson.pk]
    assert lesson_ids(LessonPage.objects.live().search("รหัสผ่าน")) == []


def test_deleting_a_lesson_removes_its_index_entry(module):
    lesson = make_lesson(module, "บทเรียน", PASSWORD_SENTENCE)
    pk = lesson.pk
    assert IndexEntry.objects.filter(object_id=str(pk)).exists()

    lesson.delete()

    assert not IndexEntry.objects.filter(object_id=str(pk)).exists()
    assert list(Page.objects.search("รหัสผ่าน")) == []


def test_wagtail_update_index_rebuilds_a_segmented_index(module):
    lesson = make_lesson(module, "บทเรียน", PASSWORD_SENTENCE)
    IndexEntry.objects.all().delete()
    assert lesson_ids(LessonPage.objects.live().search("รหัสผ่าน")) == []

    call_command("wagtail_update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert lesson_ids(LessonPage.objects.live().search("รหัสผ่าน")) == [lesson.pk]


@postgresql_only("SQLite keeps no planner statistics to refresh")
def test_postgresql_rebuild_refreshes_the_planner_statistics(module):
    """After a rebuild the planner knows how many entries there are, so it chooses the
    GIN indexes at once rather than when autovacuum next passes."""
    for n in range(3):
        make_lesson(module, f"บทเรียน {n}", PASSWORD_SENTENCE)
    table = IndexEntry._meta.db_table

    def planner_rows():
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]

    IndexEntry.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    assert planner_rows() == 0

    call_command("wagtail_update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert planner_rows() == IndexEntry.objects.count() > 0


@postgresql_only("SQLite has no VACUUM ANALYZE of one table")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_rebuild_outside_a_transaction_also_vacuums_the_index_table(module):
    """Run as the operator runs it (no transaction around it), the rebuild vacuums the
    table too, which drops the rows it replaced, so the table is not twice its size."""
    make_lesson(module, "บทเรียน", PASSWORD_SENTENCE)
    table = IndexEntry._meta.db_table

    def vacuums():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = %s", [table])
            return cursor.fetchone()[0]

    before = vacuums()
    call_command("wagtail_update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert vacuums() == before + 1


# --- The Wagtail admin --------------------------------------------------------------


def test_admin_page_search_finds_a_word_inside_a_thai_title(client, module):
    lesson = make_lesson(module, "การตั้งรหัสผ่านให้ปลอดภัย", "")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "รหัสผ่าน"})

    assert response.status_code == 200
    assert lesson.pk in [page.pk for page in response.context["pages"]]


def test_thai_vowels_and_tone_marks_tell_words_apart(module):
    swipe = make_lesson(module, "ท่าทางบนหน้าจอ", "ใช้นิ้วปัดหน้าจอขึ้นลง")
    close = make_lesson(module, "ปิดเครื่อง", "กดปุ่มค้างไว้เพื่อปิดเครื่อง")

    assert lesson_ids(LessonPage.objects.live().search("ปัด")) == [swipe.pk]
    assert lesson_ids(LessonPage.objects.live().search("ปิด")) == [close.pk]


def test_search_results_count_and_slices_agree(module):
    lessons = [make_lesson(module, f"บทที่ {n}", PASSWORD_SENTENCE) for n in range(5)]
    results = LessonPage.objects.live().search("รหัสผ่าน")

    assert results.count() == 5
    assert results[1:3].count() == 2
    assert sorted(lesson_ids(results)) == sorted(lesson.pk for lesson in lessons)
    assert lesson_ids(results[1:3]) == lesson_ids(results)[1:3]


def test_every_word_may_sit_in_the_title_or_in_the_body(module):
    """An AND query matches a lesson with one word in its title and the other in its
    body, as Wagtail's own backend does; the index-answered filter must not lose it."""
    split = make_lesson(module, "พร้อมเพย์สำหรับร้านค้า", "ลูกค้าสแกนคิวอาร์โค้ดแล้วโอนเงิน")
    make_lesson(module, "พร้อมเพย์", "ผูกบัญชีกับเบอร์มือถือ")
    make_lesson(module, "คิวอาร์โค้ด", "สแกนเพื่อเปิดเว็บ")

    assert lesson_ids(LessonPage.objects.live().search("พร้อมเพย์ คิวอาร์โค้ด", operator="and")) == [split.pk]


def test_or_and_not_queries_keep_their_meaning(module):
    from modelsearch.query import Not, PlainText

    promptpay = make_lesson(module, "รับเงินด้วยพร้อมเพย์", "ผูกบัญชีกับเบอร์มือถือ")
    live = make_lesson(module, "ขายของผ่านไลฟ์สด", "ตั้งขาตั้งมือถือให้มั่นคง")
    other = make_lesson(module, "ชาร์จแบตเตอรี่", "เสียบสายชาร์จให้แน่น")
    lessons = LessonPage.objects.live()

    either = lessons.search("พร้อมเพย์ ไลฟ์สด", operator="or")
    assert sorted(lesson_ids(either)) == sorted([promptpay.pk, live.pk])
    with_phone = PlainText("มือถือ") & Not(PlainText("พร้อมเพย์"))
    assert lesson_ids(lessons.search(with_phone)) == [live.pk]
    assert lesson_ids(lessons.search(Not(PlainText("มือถือ")))) == [other.pk]


@postgresql_only("SQLite's FTS5 path is tested by the other tests here")
def test_postgresql_answers_a_search_from_the_gin_indexes(module):
    """Matching ``title || body`` builds a vector per entry, so PostgreSQL read every
    entry (about 100 ms with 2,000 lessons). The filter now names the title and body
    vectors one by one, which their GIN indexes answer: with 2,000 other entries in the
    table, the plan reads the indexes instead of scanning the table."""
    from django.contrib.contenttypes.models import ContentType

    make_lesson(module, "ความปลอดภัยของมือถือ", PASSWORD_SENTENCE)
    lesson_type = ContentType.objects.get_for_model(LessonPage).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry (object_id, content_type_id, title_norm, autocomplete,"
            " title, body, title_text, body_text) SELECT 'x' || g, %s, 1, ''::tsvector,"
            " to_tsvector('simple', 'บทเรียน ' || g), to_tsvector('simple', 'เนื้อหา อื่น ' || g), '', ''"
            " FROM generate_series(1, 2000) AS g",
            [lesson_type],
        )
        cursor.execute("ANALYZE wagtailsearch_indexentry")
    results = LessonPage.objects.live().search("รหัสผ่าน ปลดล็อก")[:10]
    sql, params = results.query_compiler.search(None, 0, 10).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Bitmap Index Scan on wagtailsear_title_9caae0_gin" in plan, plan
    assert "Bitmap Index Scan on wagtailsear_body_90c85d_gin" in plan, plan
    assert lesson_ids(results) != []
