"""A query with a stop word ("add to cart") finds what it names, on both databases.

PostgreSQL's English text-search configuration drops stop words ("to", "the", "and")
from the index and from a whole query; our PostgreSQL backend builds one condition per
word (so the GIN indexes answer it), and a stop word alone is an empty query that matches
nothing, which lost the whole search. SQLite's FTS5 keeps every word, so there the
query matched all along: these tests hold both databases to the same answers.
"""

import pytest
from django.db import connection
from modelsearch.query import Not, PlainText

from cms_content.search.backend import REMOVED, index_condition, postgres_stop_words
from courses.models import LessonPage
from tests.factories.search import make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    return make_module(make_course("ขายของออนไลน์"))


def found(query, **kwargs):
    return [page.pk for page in LessonPage.objects.live().search(query, **kwargs)]


def test_add_to_cart_finds_the_lesson(module):
    lesson = make_lesson(module, "Add to cart", "กดปุ่ม add to cart แล้วไปที่ตะกร้าสินค้า")
    make_lesson(module, "ชำระเงิน", "เลือกวิธีจ่ายเงินแล้วกดยืนยัน")

    assert found("add to cart") == [lesson.pk]


def test_stop_words_in_the_body_only_are_ignored_like_the_other_words_around_them(module):
    lesson = make_lesson(module, "ตะกร้าสินค้า", "Tap the button and add the item to the cart")
    make_lesson(module, "Add a friend", "เพิ่มเพื่อนใน LINE")

    assert found("add the item to the cart") == [lesson.pk]
    assert found("the cart and the item") == [lesson.pk]


def test_a_stop_word_beside_thai_words_keeps_the_thai_words(module):
    lesson = make_lesson(module, "ซื้อของใน Shopee", "กด add to cart แล้วไปที่ตะกร้าสินค้า")
    make_lesson(module, "ตะกร้าใส่ของ", "ตะกร้าสานจากไม้ไผ่")

    assert found("ตะกร้าสินค้า to cart") == [lesson.pk]


def test_or_queries_with_a_stop_word_still_find_the_other_words(module):
    cart = make_lesson(module, "Cart", "ตะกร้าสินค้า")
    wishlist = make_lesson(module, "Wishlist", "รายการที่อยากได้")
    make_lesson(module, "Checkout", "จ่ายเงิน")

    assert sorted(found("cart the wishlist", operator="or")) == sorted([cart.pk, wishlist.pk])
    assert found(PlainText("cart") | PlainText("the")) == [cart.pk]


def test_a_not_of_a_stop_word_leaves_the_query_as_it_was(module):
    cart = make_lesson(module, "Cart", "ตะกร้าสินค้า")
    make_lesson(module, "Wishlist", "รายการที่อยากได้")

    # PostgreSQL drops "!to" with the stop word; FTS5 keeps it, and no lesson here
    # holds "to". Either way the remaining word decides.
    assert found(PlainText("cart") & Not(PlainText("to"))) == [cart.pk]


def test_index_condition_leaves_stop_words_out_of_and_and_or():
    def tsquery(part):
        return part.query_string

    stop = frozenset({"to", "the"})
    condition = index_condition(PlainText("add to cart"), tsquery, ["t"], stop)
    assert str(condition) == str(index_condition(PlainText("add cart"), tsquery, ["t"]))
    assert index_condition(PlainText("to the"), tsquery, ["t"], stop) is REMOVED
    either = index_condition(PlainText("cart") | PlainText("the"), tsquery, ["t"], stop)
    assert str(either) == str(index_condition(PlainText("cart"), tsquery, ["t"]))
    # PostgreSQL reads "the AND NOT cart" as "NOT cart", which no index narrows.
    assert index_condition(PlainText("the") & Not(PlainText("cart")), tsquery, ["t"], stop) is None


def test_postgresql_names_its_stop_words_in_one_query(django_assert_num_queries):
    if connection.vendor != "postgresql":
        # SQLite's FTS5 has no stop words; the function is PostgreSQL's alone and the
        # searches above prove both databases agree.
        assert connection.vendor == "sqlite"
        return
    words = ["add", "to", "cart", "the", "ตะกร้า"]
    with django_assert_num_queries(1):
        assert postgres_stop_words(words, config="english") == {"to", "the"}
    with django_assert_num_queries(0):  # asked once per process
        assert postgres_stop_words(["the", "cart"], config="english") == {"the"}
    assert postgres_stop_words(["the", "cart"], config="simple") == set()
