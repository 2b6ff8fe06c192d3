"""A lesson stays light on a slow phone link: HTML + CSS + JS ≤ 40 KB after gzip."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.factories import build_course, every_block_body

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 40 * 1024


def _gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _static_file(url: str) -> bytes:
    """The bytes a linked stylesheet or script is served with, found by the static finders."""
    assert url.startswith(settings.STATIC_URL), f"{url} is not one of our static files"
    found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert found, f"{url} is linked but not found"
    return Path(found).read_bytes()


def test_lesson_with_every_block_weighs_at_most_40_kb_gzipped(client):
    built = build_course(modules=3, lessons_per_module=4, lesson_body=every_block_body, with_quiz=True)
    response = client.get(built.lessons[5].url)
    assert response.status_code == 200
    html = response.content
    text = html.decode()
    stylesheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', text)
    assert stylesheets and scripts, "the lesson links its stylesheet and (having a video) its script"

    sizes = {"html": _gzipped_size(html)}
    for url in stylesheets + scripts:
        sizes[url] = _gzipped_size(_static_file(url))
    total = sum(sizes.values())
    print(
        "lesson page weight (gzip): "
        + ", ".join(f"{name} {size} B" for name, size in sizes.items())
        + f"; total {total} B = {total / 1024:.1f} KB of {BUDGET_BYTES // 1024} KB"
    )
    assert total <= BUDGET_BYTES
