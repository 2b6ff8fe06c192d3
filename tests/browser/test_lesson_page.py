"""A lesson in a real browser: the video costs nothing until the learner taps play."""

from urllib.parse import urlparse

import pytest
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from tests.factories import build_course, every_block_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_video_loads_nothing_from_the_video_site_until_tapped(live_server, page):
    lesson = build_course(modules=1, lessons_per_module=1, lesson_body=every_block_body).lessons[0]
    # Ours: the site, and the media store when media live in a bucket (S3_BUCKET).
    own_hosts = {urlparse(live_server.url).netloc, urlparse(default_storage.url("x.png")).netloc or None}
    third_party = []
    page.on(
        "request",
        lambda request: urlparse(request.url).netloc not in own_hosts and third_party.append(request.url),
    )
    # The sandbox has no internet: answer the player's requests with an empty page.
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="<html></html>"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + lesson.url)
    page.wait_for_load_state("networkidle")
    assert third_party == []
    expect(page.locator("iframe")).to_have_count(0)

    page.locator(".video-facade").click()
    player = page.locator(".video-frame iframe")
    expect(player).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    )
    expect(player).to_have_attribute("title", "วิธีเปิดเครื่อง")
