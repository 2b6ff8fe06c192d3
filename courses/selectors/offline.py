"""What a course needs on the device to be read without a signal.

:func:`course_offline_manifest` lists the course's pages (course, modules, lessons),
each with the version it was published at, the image renditions the pages show, and
the stylesheet and scripts, with their sizes, so the course page can say how big the
download is before it starts (static/js/offline.js) and the service worker can fetch
them. Queries do not grow with the number of lessons or images: pages are read with
one query per level and the images with their renditions in two.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from wagtail.images import get_image_model

from courses.models.pages import CoursePage, LessonPage, ModulePage

__all__ = ["OFFLINE_STATIC", "course_offline_manifest", "lesson_version"]

#: The static files every saved page needs (the stylesheet, the page scripts, the icon).
OFFLINE_STATIC = (
    "css/site.css",
    "js/offline.js",
    "js/read-aloud.js",
    "js/video-facade.js",
    "img/favicon.svg",
    "img/favicon.png",
)

#: Rendition widths per block type, as their templates ask for them (srcset_image).
_WIDTHS = {"image": (400, 800, 1200), "steps": (400, 800)}
_COVER_SPECS = ("fill-400x225|format-webp", "fill-800x450|format-webp")

#: A rendered page is its blocks' HTML plus about this much of header, outline and
#: footer (a lesson of a few paragraphs is about 16 KiB).
PAGE_OVERHEAD_BYTES = 12_000


def lesson_version(page) -> str:
    """The version of a page a learner read: its last publication time in seconds. The
    lesson forms carry it, and the course's offline manifest lists it per page."""
    published = page.last_published_at
    return str(int(published.timestamp())) if published else ""


def _static_size(name: str) -> int:
    try:
        return staticfiles_storage.size(staticfiles_storage.stored_name(name))
    except Exception:  # not collected (development, tests): read the source file
        found = finders.find(name)
        if not found:
            return 0
        with open(found, "rb") as file:
            return len(file.read())


def _image_uses(raw_blocks) -> list[tuple[int, tuple[int, ...]]]:
    """(image id, widths) for every image in a lesson's raw StreamField data."""
    uses = []
    for block in raw_blocks or []:
        kind, value = block.get("type"), block.get("value") or {}
        if kind == "image" and value.get("image"):
            uses.append((value["image"], _WIDTHS["image"]))
        elif kind == "steps":
            for step in value.get("steps") or []:
                step_value = step.get("value", step) if isinstance(step, dict) else {}
                if isinstance(step_value, dict) and step_value.get("image"):
                    uses.append((step_value["image"], _WIDTHS["steps"]))
    return uses


def _rendition_entry(rendition, width: int) -> dict:
    try:
        size = rendition.file.size
    except (OSError, ValueError):
        size = 0
    return {"url": rendition.url, "width": width, "bytes": size}


def course_offline_manifest(*, course: CoursePage, request=None) -> dict:
    """The course's pages, images and static files, with versions and sizes.

    ``pages``: ``{"url", "title", "version", "bytes"}`` (``bytes`` is an estimate);
    ``images``: groups of alternative renditions of one picture, ``{"url", "width",
    "bytes"}`` each (the device keeps the one its screen would load); ``assets``:
    static files. Missing renditions are made here, once.
    """
    modules = list(
        ModulePage.objects.live()
        .child_of(course)
        .order_by("path")
        .only("id", "title", "url_path", "last_published_at")
    )
    lessons = list(
        LessonPage.objects.live()
        .descendant_of(course)
        .order_by("path")
        .only("id", "title", "url_path", "path", "depth", "last_published_at", "body")
    )

    pages = [
        {
            "url": course.get_url(request=request),
            "title": course.title,
            "version": lesson_version(course),
            "bytes": PAGE_OVERHEAD_BYTES + len(course.description or "") * 3,
        }
    ]
    pages += [
        {
            "url": m.get_url(request=request),
            "title": m.title,
            "version": lesson_version(m),
            "bytes": PAGE_OVERHEAD_BYTES,
        }
        for m in modules
    ]
    uses: list[tuple[int, tuple[int, ...]]] = []
    for lesson in lessons:
        raw = list(lesson.body.raw_data)
        uses += _image_uses(raw)
        pages.append(
            {
                "url": lesson.get_url(request=request),
                "title": lesson.title,
                "version": lesson_version(lesson),
                "bytes": PAGE_OVERHEAD_BYTES + sum(len(str(block.get("value", ""))) for block in raw) * 2,
            }
        )

    specs = {f"width-{w}|format-webp" for _id, widths in uses for w in widths}
    if course.cover_image_id:
        specs |= set(_COVER_SPECS)
    ids = {image_id for image_id, _widths in uses} | (
        {course.cover_image_id} if course.cover_image_id else set()
    )
    images_by_id = {
        image.pk: image for image in get_image_model().objects.filter(pk__in=ids).prefetch_renditions(*specs)
    }
    groups, seen = [], set()
    for image_id, widths in uses:
        image = images_by_id.get(image_id)
        if image is None or (image_id, widths) in seen:
            continue
        seen.add((image_id, widths))
        renditions = image.get_renditions(*(f"width-{w}|format-webp" for w in widths))
        groups.append([_rendition_entry(renditions[f"width-{w}|format-webp"], w) for w in widths])
    cover = images_by_id.get(course.cover_image_id)
    if cover is not None:
        renditions = cover.get_renditions(*_COVER_SPECS)
        groups.append(
            [_rendition_entry(renditions[spec], w) for spec, w in zip(_COVER_SPECS, (400, 800), strict=True)]
        )

    assets = [{"url": static(name), "bytes": _static_size(name)} for name in OFFLINE_STATIC]
    return {"course": course.pk, "title": course.title, "pages": pages, "images": groups, "assets": assets}
