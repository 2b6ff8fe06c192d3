"""Recognise YouTube and Vimeo addresses and build their privacy-friendly embed URLs."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


@dataclass(frozen=True)
class Video:
    provider: str
    video_id: str

    @property
    def embed_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1&rel=0"
        return f"https://player.vimeo.com/video/{self.video_id}?autoplay=1&dnt=1"

    @property
    def watch_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"


def parse_video_url(url: str | None) -> Video | None:
    """Return the video an address points at, or ``None`` if it is not YouTube or Vimeo."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https"):
        return None
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            candidate = parse_qs(parsed.query).get("v", [""])[0]
        else:
            parts = [p for p in parsed.path.split("/") if p]
            candidate = parts[1] if len(parts) >= 2 and parts[0] in ("embed", "shorts", "live") else ""
        return Video("youtube", candidate) if _YOUTUBE_ID.match(candidate) else None
    if host == "youtu.be":
        candidate = parsed.path.strip("/").split("/")[0]
        return Video("youtube", candidate) if _YOUTUBE_ID.match(candidate) else None
    if host in ("vimeo.com", "player.vimeo.com"):
        digits = [p for p in parsed.path.split("/") if p.isascii() and p.isdigit()]
        return Video("vimeo", digits[0]) if digits else None
    return None
