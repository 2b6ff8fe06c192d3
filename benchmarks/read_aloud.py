"""Read-aloud's cost: its script's size, the bytes the sentence spans add to a lesson, and
the time to split a lesson into sentences (once per lesson version) against a cache hit.

    .venv/bin/python benchmarks/read_aloud.py [--runs 5]

Budget (issue #16): the script ≤ 4 KB gzipped (the page's scripts plus the service worker
≤ 15 KB). The lessons are the demo courses' (courses/demo/*/NN-*/NN-*.md), rendered from
Markdown to HTML as the import does; no database is needed. Times are medians over the
lessons; the first split in a process also loads PyThaiNLP's dictionary, printed apart.
"""

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")


def gz(data: bytes, level: int = 9) -> int:
    return len(gzip.compress(data, compresslevel=level))


def demo_lessons() -> list[tuple[str, str]]:
    """(name, HTML) of every demo lesson body."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    lessons = []
    for path in sorted((ROOT / "courses" / "demo").glob("*/[0-9][0-9]-*/[0-9][0-9]-*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        lessons.append((str(path.relative_to(ROOT / "courses" / "demo")), md.render(body)))
    return lessons


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache

    from courses.readaloud import _wrap_sentences, speakable_html

    script = (ROOT / "static" / "js" / "read-aloud.js").read_bytes()
    print(
        f"static/js/read-aloud.js: {len(script)} B, gzip -9 {gz(script)} B, gzip -6 {gz(script, 6)} B (budget 4096 B)"
    )

    lessons = demo_lessons()
    started = time.perf_counter()
    _wrap_sentences("<p>โหลดพจนานุกรม</p>")
    print(f"first split in a process (loads the dictionary): {time.perf_counter() - started:.2f} s")

    plain = sum(len(html.encode()) for _, html in lessons)
    wrapped = [_wrap_sentences(html) for _, html in lessons]
    spans = sum(w.count("<span data-s=") for w in wrapped)
    added = sum(len(w.encode()) for w in wrapped) - plain
    added_gz = sum(gz(w.encode(), 6) for w in wrapped) - sum(gz(h.encode(), 6) for _, h in lessons)
    print(
        f"{len(lessons)} demo lessons, {spans} sentence spans: +{added / len(lessons):.0f} B HTML a lesson "
        f"(+{added_gz / len(lessons):.0f} B gzipped; the bodies average {plain / len(lessons):.0f} B)"
    )

    split, hit = [], []
    for _ in range(args.runs):
        for _, html in lessons:
            cache.clear()
            started = time.perf_counter()
            speakable_html(html)  # a miss: split and store
            split.append(time.perf_counter() - started)
            started = time.perf_counter()
            speakable_html(html)  # a hit: hash and fetch
            hit.append(time.perf_counter() - started)
    split_ms, hit_ms = statistics.median(split) * 1000, statistics.median(hit) * 1000
    print(
        f"median per lesson: split {split_ms:.1f} ms, cached {hit_ms:.3f} ms "
        f"(a split costs {split_ms / hit_ms:.0f} cache hits)"
    )


if __name__ == "__main__":
    main()
