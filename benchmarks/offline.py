"""Budgets of offline learning (issue 16, docs/offline.md), measured, not asserted.

1. Script sizes, gzipped (level 9): the service worker as served (/sw.js), the page
   script static/js/offline.js, the video script and the lesson page's inline script.
2. The size of each demo course saved for offline reading: the browser's caches are
   read after "เก็บไว้อ่านตอนไม่มีเน็ต" finished (phone viewport 390×844, DPR 2).
3. Lighthouse (mobile) performance and accessibility of a demo lesson, when
   benchmarks/lighthouse/node_modules has Lighthouse (``npm ci --prefix
   benchmarks/lighthouse``); run with CHROME_PATH=/usr/bin/chromium.
4. Time until a lesson's main text is visible with Chromium throttled to 400 kbit/s and
   400 ms round trip (CDP Network.emulateNetworkConditions): a first visit (empty
   browser) and a visit to a lesson already saved. Runs alternate; medians reported.

Usage (from the project root)::

    .venv/bin/python benchmarks/offline.py [--runs 5]

It builds a temporary SQLite database with the demo data (``load_demo --force``), runs
gunicorn on 127.0.0.1 (a free port in 8700-8799) and stops it at the end.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "benchmarks/lighthouse/node_modules/.bin/lighthouse"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "locale": "th-TH",
}
THROTTLE = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}

SETTINGS = """
from lms.settings.test import *  # noqa
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
WHITENOISE_AUTOREFRESH = False
WHITENOISE_USE_FINDERS = True
ROOT_URLCONF = "bench_offline_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
"""
URLS = """
from django.conf import settings
from django.urls import re_path
from django.views.static import serve
from lms.urls import urlpatterns as site
# Uploaded images, as the web server serves them in production.
urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})] + site
"""
FIND_PAGES = """
import json
from courses.models import CoursePage, LessonPage
from courses.selectors import course_outline
out = []
for course in CoursePage.objects.live().order_by("path"):
    lessons = course_outline(course).lessons
    text = next((l for l in lessons if not any(b.block_type == "video" for b in l.specific.body)), lessons[0])
    out.append({"id": course.pk, "title": course.title, "url": course.url, "lesson": text.url,
                "lessons": [l.url for l in lessons]})
print(json.dumps(out))
"""
CACHE_BYTES = """async () => {
  let total = 0, count = 0;
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) { total += (await (await cache.match(req)).blob()).size; count++; }
  }
  return [total, count];
}"""


def free_port() -> int:
    for port in range(8700, 8800):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("No free port in 8700-8799.")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
        return response.read()


def script_sizes(base: str, lesson_url: str) -> dict:
    html = fetch(base + lesson_url).decode()
    inline = "".join(re.findall(r"<script>(.*?)</script>", html, re.S)).encode()
    sizes = {
        "sw.js": gz(fetch(base + "/sw.js")),
        "js/offline.js": gz((ROOT / "static/js/offline.js").read_bytes()),
        "js/video-facade.js": gz((ROOT / "static/js/video-facade.js").read_bytes()),
        "lesson inline script": gz(inline),
    }
    others = [src for src in re.findall(r'<script src="([^"]+)"', html) if "offline.js" not in src]
    for src in others:
        if "video-facade" not in src:
            sizes[src] = gz(fetch(base + src))
    sizes["total"] = sum(sizes.values())
    return sizes


def throttled(context, page):
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    return cdp


def time_to_text(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.locator(".lesson-body").first.wait_for(state="visible")
    return time.perf_counter() - start


BROKEN_URLS = """async (manifest) => {
  const data = await (await fetch(manifest)).json(), bad = [];
  const urls = data.pages.map((p) => p.url).concat(data.assets.map((a) => a.url), data.images.flat().map((i) => i.url));
  for (const url of urls) { const r = await fetch(url); if (!r.ok) bad.push(url + " " + r.status); }
  return bad;
}"""


def save_course(page) -> None:
    """Tap "keep for reading without internet" and wait until it is saved (or say why not)."""
    page.wait_for_function("() => document.querySelector('.offline-size').textContent !== ''")
    page.get_by_role("button", name="เก็บไว้อ่านตอนไม่มีเน็ต").click()
    page.wait_for_function(
        "() => !document.querySelector('.offline-mark').hidden || "
        "document.querySelector('.offline-save-message').textContent.includes('หยุด')",
        timeout=180_000,
    )
    if page.locator(".offline-mark").is_hidden():
        manifest = page.locator(".offline-save").get_attribute("data-manifest")
        raise SystemExit(f"Saving failed: {page.evaluate(BROKEN_URLS, manifest)}")


def measure_browser(base: str, courses: list[dict], runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    results = {"saved_course_mb": {}, "first_visit_s": [], "saved_visit_s": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-quic"])
        for course in courses:
            context = browser.new_context(**PHONE, service_workers="allow")
            page = context.new_page()
            page.goto(base + course["url"])
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            save_course(page)
            total, count = page.evaluate(CACHE_BYTES)
            shown = page.locator(".offline-size").inner_text()
            results["saved_course_mb"][course["title"]] = {
                "mb": round(total / 1048576, 2),
                "files": count,
                "shown_before": shown,
            }
            context.close()
        course = courses[0]
        lessons = course["lessons"]
        for run in range(runs):
            # First visit: an empty browser, the lesson straight away.
            context = browser.new_context(**PHONE)
            page = context.new_page()
            throttled(context, page)
            results["first_visit_s"].append(time_to_text(page, base + lessons[run % len(lessons)]))
            context.close()
            # Saved: the course saved unthrottled, then a lesson not opened before.
            context = browser.new_context(**PHONE, service_workers="allow")
            page = context.new_page()
            page.goto(base + course["url"])
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            save_course(page)
            throttled(context, page)
            results["saved_visit_s"].append(time_to_text(page, base + lessons[(run + 1) % len(lessons)]))
            context.close()
        browser.close()
    for key in ("first_visit_s", "saved_visit_s"):
        values = results[key]
        results[key] = {
            "median": round(statistics.median(values), 3),
            "max": round(max(values), 3),
            "runs": values,
        }
    return results


METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


def lighthouse_once(url: str, blocked: tuple[str, ...] = ()) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        "--only-categories=performance,accessibility",
        "--form-factor=mobile",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if blocked:
        command.append("--blocked-url-patterns=" + ",".join(blocked))
    out = subprocess.run(
        command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, check=True
    )
    report = json.loads(out.stdout)
    result = {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
    }
    result.update({name: round(report["audits"][name]["numericValue"], 3) for name in METRICS})
    return result


def lighthouse(url: str, runs: int) -> dict | None:
    """Lighthouse (mobile) of the lesson, alternating with runs that block the offline
    scripts (the page as it was before them), so the two are compared on one machine load."""
    if not LIGHTHOUSE.exists():
        return None
    with_offline, without = [], []
    for _ in range(runs):
        with_offline.append(lighthouse_once(url))
        without.append(lighthouse_once(url, ("*/static/js/offline.js", "*/sw.js", "*/manifest.webmanifest")))

    def median(results):
        return {key: statistics.median(r[key] for r in results) for key in results[0]}

    return {
        "with_offline": median(with_offline),
        "without_offline_scripts": median(without),
        "runs": with_offline,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bench_offline_settings.py").write_text(SETTINGS)
        Path(tmp, "bench_offline_urls.py").write_text(URLS)
        media = Path(tmp, "media")
        env = {
            **os.environ,
            "PYTHONPATH": tmp,
            "DJANGO_SETTINGS_MODULE": "bench_offline_settings",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "MEDIA_ROOT": str(media),
            "TEST_MEDIA_ROOT": str(media),
        }
        python = str(ROOT / ".venv/bin/python")

        def manage(*argv):
            return subprocess.run(
                [python, "manage.py", *argv], env=env, cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout

        manage("migrate", "--noinput")
        manage("shell", "-c", "from django.conf import settings; print(settings.MEDIA_ROOT)")
        manage("load_demo", "--force")
        courses = json.loads(manage("shell", "-c", FIND_PAGES).strip().splitlines()[-1])
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "lms.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--threads",
                "4",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(120):
                try:
                    fetch(base + "/sw.js")
                    break
                except OSError:
                    time.sleep(0.5)
            lesson = courses[0]["lesson"]
            report = {
                "scripts_gzip_bytes": script_sizes(base, lesson),
                **measure_browser(base, courses, args.runs),
                "lighthouse_mobile": lighthouse(base + lesson, args.lighthouse_runs)
                or "not installed: npm ci --prefix benchmarks/lighthouse",
                "lesson": lesson,
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()


if __name__ == "__main__":
    main()
