"""Which addresses are videos we embed, and the embed address we build for each."""

import pytest

from cms_content.video import Video, parse_video_url


@pytest.mark.parametrize(
    ("url", "video"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video("youtube", "dQw4w9WgXcQ")),
        ("https://youtu.be/dQw4w9WgXcQ", Video("youtube", "dQw4w9WgXcQ")),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", Video("youtube", "dQw4w9WgXcQ")),
        ("https://vimeo.com/76979871", Video("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", Video("vimeo", "76979871")),
    ],
)
def test_youtube_and_vimeo_addresses_are_recognised(url, video):
    assert parse_video_url(url) == video


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/²³",  # digits to str.isdigit, not a Vimeo number
        "https://vimeo.com/๗๖๙๗๙๘๗๑",
        "https://www.youtube.com/watch?v=short",
        "javascript:alert(1)",
        "https://example.com/watch?v=dQw4w9WgXcQ",
        "",
        None,
    ],
)
def test_anything_else_is_not_a_video(url):
    assert parse_video_url(url) is None


def test_vimeo_is_embedded_without_tracking():
    assert parse_video_url("https://vimeo.com/76979871").embed_url == (
        "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"
    )
