"""The import service: a valid course folder → the course page tree, all or nothing.

Decisions (documented in docs/course-folder.md):

- Pages are matched by slug: the course under the site's catalogue, modules inside the
  course, lessons anywhere inside the course (lesson slugs are unique per course, so a
  lesson moved to another module keeps its page, its id and its learners' progress).
- Every page that the folder names gets a new revision; with ``publish`` that revision is
  published, otherwise it waits as a draft and the live site does not change.
- Pages are updated in place, never deleted and recreated: ``LessonProgress`` and
  ``QuizAttempt`` rows point at lesson page ids.
- Lessons and modules that are no longer in the folder are **unpublished, not deleted**
  (only when publishing; a draft import leaves the live site alone), so the records that
  point at them survive and the lesson comes back if the folder names it again.
- Images and downloads are stored once per file content (matched by SHA-1, as Wagtail
  computes it), so importing again does not duplicate them.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.utils.file import hash_filelike

from cms_content.models import HomePage
from courses.course_folder.errors import CourseFolderError, error
from courses.course_folder.markdown import FileRef
from courses.course_folder.reader import CourseData, read_course_folder
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage

logger = logging.getLogger(__name__)

CATALOGUE_TITLE = "หลักสูตรทั้งหมด"
CATALOGUE_SLUG = "courses"


@dataclass
class ImportResult:
    """What an import did: the course page and the lessons it created, updated or unpublished."""

    course: CoursePage
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    published: bool = False


class _Files:
    """Finds or creates the Wagtail image or document for a file, by content hash."""

    def __init__(self):
        self.images: dict[Path, int] = {}
        self.documents: dict[Path, int] = {}
        self.stored = []  # files written to storage, removed again if the import fails

    def _hash(self, path: Path) -> str:
        with path.open("rb") as handle:
            return hash_filelike(handle)

    def image(self, ref: FileRef) -> int:
        if ref.path not in self.images:
            Image = get_image_model()
            digest = self._hash(ref.path)
            image = Image.objects.filter(file_hash=digest).order_by("pk").first()
            if image is None:
                with ref.path.open("rb") as handle:
                    image = Image(title=ref.path.stem, file=File(handle, name=ref.path.name))
                    image._set_image_file_metadata()
                    image.save()
                    self.stored.append(image.file)
            self.images[ref.path] = image.pk
        return self.images[ref.path]

    def document(self, ref: FileRef) -> int:
        if ref.path not in self.documents:
            Document = get_document_model()
            digest = self._hash(ref.path)
            document = Document.objects.filter(file_hash=digest).order_by("pk").first()
            if document is None:
                with ref.path.open("rb") as handle:
                    document = Document(title=ref.path.stem, file=File(handle, name=ref.path.name))
                    document._set_document_file_metadata()
                    document.save()
                    self.stored.append(document.file)
            self.documents[ref.path] = document.pk
        return self.documents[ref.path]

    def resolve(self, value, key=None):
        """Replace every :class:`FileRef` in raw block data by an image or document id."""
        if isinstance(value, FileRef):
            return self.document(value) if key == "document" else self.image(value)
        if isinstance(value, dict):
            return {k: self.resolve(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v, key) for v in value]
        return value


def catalogue_for_site() -> CourseIndexPage:
    """The default site's course catalogue; made under the home page if there is none."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page if site else Page.objects.filter(depth=2).first()
    catalogue = CourseIndexPage.objects.descendant_of(root, inclusive=True).order_by("path").first()
    if catalogue is not None:
        return catalogue
    home = HomePage.objects.descendant_of(root, inclusive=True).first() or root.specific
    catalogue = CourseIndexPage(title=CATALOGUE_TITLE, draft_title=CATALOGUE_TITLE, slug=CATALOGUE_SLUG)
    home.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    return catalogue


def _save(page, *, parent, user, publish, source, before_revision=None):
    """Save ``page`` as a new revision (adding it under ``parent`` if new); publish if asked.

    ``before_revision(page)`` runs once the page has an id (many-to-many fields need one).
    """
    if page.pk is None:
        page.live = False
        parent.add_child(instance=page)
    if before_revision is not None:
        before_revision(page)
    try:
        revision = page.save_revision(user=user, log_action=True)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            problem = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in exc.message_dict.items())
        else:
            problem = "; ".join(exc.messages)
        raise CourseFolderError([error(source, 1, "invalid_block", problem=problem)]) from exc
    if publish:
        revision.publish(user=user)
    return page


def _editable(page):
    """The newest version of a page (its latest revision if there are unpublished changes)."""
    return page.specific.get_latest_revision_as_object()


def _order_children(parent, wanted_ids):
    """Put ``parent``'s children in the folder's order; children not named go last."""
    current = list(parent.get_children().values_list("pk", flat=True))
    wanted = [pk for pk in wanted_ids if pk in current] + [pk for pk in current if pk not in wanted_ids]
    if current == wanted:
        return
    for pk in wanted:
        Page.objects.get(pk=pk).move(Page.objects.get(pk=parent.pk), pos="last-child")


def _validate_body(lesson: LessonPage, lesson_data):
    """Run the lesson blocks' own validation (quiz rules, video addresses, lengths …).

    The reader checks all of this already with better messages; this is the safety net
    for anything it does not know, reported on the line of the failing block.
    """
    stream_block = LessonPage._meta.get_field("body").stream_block
    try:
        stream_block.clean(lesson.body)
    except ValidationError as exc:
        block_errors = getattr(exc, "block_errors", None) or {}
        errors = []
        for index, block_error in block_errors.items():
            line = lesson_data.lines[index] if index < len(lesson_data.lines) else 1
            errors.append(error(lesson_data.source, line, "invalid_block", problem=_describe(block_error)))
        if not errors:
            errors.append(error(lesson_data.source, 1, "invalid_block", problem=_describe(exc)))
        raise CourseFolderError(errors) from exc


def _describe(exc) -> str:
    """A one-line description of a (possibly nested) block validation error."""
    if hasattr(exc, "as_json_data"):
        data = exc.as_json_data()
        return _flatten(data)
    return "; ".join(getattr(exc, "messages", [str(exc)]))


def _flatten(data) -> str:
    if isinstance(data, dict):
        return "; ".join(
            _flatten(value) if key in ("messages", "blockErrors", "errors") else f"{key}: {_flatten(value)}"
            for key, value in data.items()
        )
    if isinstance(data, list):
        return "; ".join(_flatten(item) for item in data if item)
    return str(data)


def course_folder_import(*, path, publish: bool = False, user=None, trainers=()) -> ImportResult:
    """Import the course folder at ``path``; return what changed.

    All or nothing: the folder is read and checked first, then written in one
    transaction. Raises :class:`~courses.course_folder.errors.CourseFolderError` (nothing
    written) when the folder has problems. ``trainers`` are added to the course's
    trainers (existing trainers are kept).
    """
    data = read_course_folder(path)
    files = _Files()
    try:
        with transaction.atomic():
            return _import(data, files=files, publish=publish, user=user, trainers=trainers)
    except Exception:
        # The rows are rolled back; remove the files they pointed at, too.
        for stored in files.stored:
            stored.storage.delete(stored.name)
        raise


def _import(data: CourseData, *, files, publish, user, trainers) -> ImportResult:
    catalogue = catalogue_for_site()
    # Two imports at once would both create the course: lock the catalogue row so they
    # take turns (SQLite already serialises writers; this is for PostgreSQL).
    Page.objects.select_for_update().filter(pk=catalogue.pk).first()
    existing = CoursePage.objects.child_of(catalogue).filter(slug=data.slug).first()
    course = _editable(existing) if existing else CoursePage(slug=data.slug)
    course.title = data.title
    course.title_en = data.title_en
    course.summary = data.summary
    course.description = data.description
    course.cover_image_id = files.image(data.image) if data.image else None
    course.estimated_minutes = data.estimated_minutes
    course.pass_mark = data.pass_mark
    course.issues_certificate = data.issues_certificate
    course.language = data.language
    course.category = data.category
    course.level = data.level
    new_trainers = [t for t in trainers if t is not None]

    def add_trainers(page):
        if new_trainers:
            page.trainers.add(*new_trainers)

    _save(
        course,
        parent=catalogue,
        user=user,
        publish=publish,
        source="course.yaml",
        before_revision=add_trainers,
    )
    # Publishing works on a copy of the page, so read the course back for the caller.
    result = ImportResult(course=CoursePage.objects.get(pk=course.pk), published=publish)

    existing_modules = {m.slug: m for m in ModulePage.objects.child_of(course)}
    existing_lessons = {lesson.slug: lesson for lesson in LessonPage.objects.descendant_of(course)}
    module_ids, named_lessons = [], set()
    for module_data in data.modules:
        module_page = existing_modules.get(module_data.slug)
        module = _editable(module_page) if module_page else ModulePage(slug=module_data.slug)
        module.title = module_data.title
        _save(module, parent=course, user=user, publish=publish, source=module_data.source)
        module_ids.append(module.pk)
        lesson_ids = []
        for lesson_data in module_data.lessons:
            lesson_page = existing_lessons.get(lesson_data.slug)
            if lesson_page is not None and lesson_page.get_parent().pk != module.pk:
                # Moved to another module in the folder: move the page, keep its id.
                lesson_page.move(Page.objects.get(pk=module.pk), pos="last-child")
                lesson_page = LessonPage.objects.get(pk=lesson_page.pk)
            lesson = _editable(lesson_page) if lesson_page else LessonPage(slug=lesson_data.slug)
            lesson.title = lesson_data.title
            lesson.estimated_minutes = lesson_data.estimated_minutes
            lesson.body = files.resolve(lesson_data.body)
            # The folder is the source of truth: no ``audio`` key, no recording.
            lesson.read_aloud_audio_id = files.document(lesson_data.audio) if lesson_data.audio else None
            _validate_body(lesson, lesson_data)
            _save(lesson, parent=module, user=user, publish=publish, source=lesson_data.source)
            (result.updated if lesson_page else result.created).append(lesson_data.slug)
            lesson_ids.append(lesson.pk)
            named_lessons.add(lesson_data.slug)
        _order_children(module, lesson_ids)
    _order_children(course, module_ids)

    if publish:
        gone_lessons = LessonPage.objects.descendant_of(course).live().exclude(slug__in=named_lessons)
        for lesson in gone_lessons:
            lesson.unpublish(user=user)
            result.unpublished.append(lesson.slug)
        named_modules = {m.slug for m in data.modules}
        for module in ModulePage.objects.child_of(course).live().exclude(slug__in=named_modules):
            module.unpublish(user=user)
    logger.info("Imported course %s (%s)", data.slug, "published" if publish else "draft")
    return result
