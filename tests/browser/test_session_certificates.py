"""In Chromium, as staff: a past class of a course with quizzes, the session page says in
Thai how the session counts and what the absent learner misses, and "print this class"
gives one PDF with a page for each learner present on every date."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.certificates.pdftools import page_count
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.sessions import attend, past_dates, session_class

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_sees_why_and_prints_the_class(live_server, page, login_browser):
    CertificateTemplateFactory()
    group = session_class(size=3, dates=past_dates(8)[:2])
    learners = group.learners
    attend(group, learners, learners[:2])
    login_browser(group.staff)

    page.goto(f"{live_server.url}/staff/sessions/")
    page.get_by_role("link", name="อบรมรุ่นที่ 1").click()
    expect(page.get_by_test_id("session-coverage")).to_contain_text("รอบนี้สอนทั้งหลักสูตร “ขายของออนไลน์”")
    absent = page.get_by_test_id("session-attendees").locator("li", has_text=learners[2].first_name).first
    expect(absent).to_contain_text("ขาดอบรมวันที่")
    expect(page.get_by_text("ผู้เรียน 2 คนในรุ่นนี้มีเกียรติบัตรให้พิมพ์")).to_be_visible()

    page.get_by_role("button", name="พิมพ์เกียรติบัตรของรอบการอบรมนี้").click()
    expect(page).to_have_url(re.compile(r"/staff/certificates/batches/\d+/$"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="ดาวน์โหลดไฟล์ PDF").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and page_count(pdf) == 2
