"""What a learner sees in Chromium on a phone-sized screen: the progress bar is drawn
whole, the lesson page loads without a console error or a failed request (what
Lighthouse counts), and finishing a lesson says so."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from courses import services
from tests.factories import UserFactory
from tests.factories.learning import learning_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def enrolled(login_browser):
    """A learner who finished the first of four lessons, logged in to the browser."""
    built = learning_course(modules=2, lessons_per_module=2)
    learner = login_browser(UserFactory())
    services.enrollment_create(user=learner, course=built.course)
    services.lesson_complete(user=learner, lesson=built.lessons[0])
    return built


def box(locator) -> dict:
    return locator.bounding_box()


@pytest.mark.parametrize("where", ["dashboard", "course"])
def test_progress_bar_shows_its_label_and_its_filled_track(live_server, page, enrolled, where):
    page.set_viewport_size(PHONE)
    url = "/my-courses/" if where == "dashboard" else enrolled.course.url
    page.goto(live_server.url + url)
    bar = page.locator(".progress").first
    label, track, fill = (
        bar.locator(".progress-label"),
        bar.locator(".progress-track"),
        bar.locator(".progress-fill"),
    )
    expect(label).to_contain_text("25%")
    outer, label_box, track_box, fill_box = box(bar), box(label), box(track), box(fill)
    # The whole label and the whole track lie inside the bar's box: nothing is clipped.
    assert outer["height"] >= label_box["height"] + track_box["height"]
    assert track_box["y"] + track_box["height"] <= outer["y"] + outer["height"] + 0.5
    assert track_box["height"] >= 12 and track_box["width"] >= 200
    assert fill_box["width"] == pytest.approx(track_box["width"] * 0.25, abs=3)
    # And what is drawn at the middle of the filled part is the fill itself.
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).className",
        [fill_box["x"] + fill_box["width"] / 2, fill_box["y"] + fill_box["height"] / 2],
    )
    assert hit == "progress-fill"


@pytest.mark.parametrize("who", ["learner", "visitor"])
def test_lesson_page_has_no_console_error_and_no_failed_request(live_server, page, login_browser, who):
    built = learning_course(modules=1, lessons_per_module=2, quiz_lessons=(1,))
    if who == "learner":
        services.enrollment_create(user=login_browser(UserFactory()), course=built.course)
    problems = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console: {msg.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: response.status >= 400 and problems.append(f"{response.status}: {response.url}"),
    )
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    page.set_viewport_size(PHONE)
    for lesson in built.lessons:
        page.goto(live_server.url + lesson.url)
        page.wait_for_load_state("networkidle")
    assert problems == []
    # The icon named in <head> was asked for and answered (no 404 behind the scenes).
    assert any(path.endswith("/img/favicon.svg") for path in requested)


def test_finishing_a_lesson_shows_a_confirmation(live_server, page, enrolled):
    page.set_viewport_size(PHONE)
    second = enrolled.lessons[1]
    page.goto(live_server.url + second.url)
    page.get_by_role("button", name="เรียนจบบทนี้แล้ว").click()
    expect(page).to_have_url(live_server.url + enrolled.lessons[2].url)
    message = page.locator(".messages .message-success")
    expect(message).to_be_visible()
    expect(message).to_have_text(f"เก่งมาก! เรียนจบบท “{second.title}” แล้ว นี่คือบทถัดไป")
