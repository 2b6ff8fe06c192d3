"""The declared course page tree: catalogue → course → module → lesson."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import lesson_blocks
from courses.constants import DEFAULT_PASS_MARK, Category, Level

READ_ALOUD_AUDIO_MESSAGES = {
    "type": _("The read-aloud recording must be an MP3, M4A, OGG or WAV file."),
    "size": _("The read-aloud recording is larger than 10 MB. Save it as MP3 at 64 kbit/s mono."),
    "content": _("This file is not a recording that phones can play: its content is not what its name says."),
    "missing": _("The read-aloud recording's file is missing. Upload it again."),
}


class CourseIndexPage(Page):
    """The course catalogue. Learners filter it by category."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["cms_content.HomePage"]
    subpage_types = ["courses.CoursePage"]
    #: Anonymous visitors get it from the shared page cache (cms_content/page_cache.py).
    page_cache_anonymous = True

    class Meta:
        verbose_name = _("course catalogue")
        verbose_name_plural = _("course catalogues")

    def get_context(self, request, *args, **kwargs):
        """Course cards, filtered by ``?category=`` (an unknown category shows all)."""
        from courses.selectors import catalogue_categories, catalogue_courses

        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category") or ""
        context["category"] = category
        context["categories"] = catalogue_categories()
        context["cards"] = catalogue_courses(catalogue=self, category=category)
        return context


class CoursePage(Page):
    """A course: what it teaches, for whom, how long it takes and how it is passed.

    ``title`` is in the course's own ``language`` (Thai); ``title_en``, optional, is the
    English title that certificates snapshot for the English edition of their Open Badges
    achievement (docs/certificates.md). It is never made up when left blank.
    """

    title_en = models.CharField(
        _("English course title"),
        max_length=255,
        blank=True,
        help_text=_("Used in the digital certificate (Open Badges) for checkers abroad. Optional."),
    )
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: shown on the course page.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.CharField(
        _("category"), max_length=30, choices=Category.choices, default=Category.OTHER
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the sum of the lessons."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=DEFAULT_PASS_MARK,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The percentage a learner needs in every quiz of the course."),
    )
    issues_certificate = models.BooleanField(_("issues a certificate"), default=True)
    language = models.CharField(_("language"), max_length=20, default="th")
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="courses_trained",
    )

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("level"),
                FieldPanel("estimated_minutes"),
                FieldPanel("pass_mark"),
                FieldPanel("issues_certificate"),
            ],
            heading=_("Course settings"),
        ),
        FieldPanel("trainers"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("category"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]
    #: Anonymous visitors get it from the shared page cache (cms_content/page_cache.py).
    page_cache_anonymous = True

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        """The outline (modules → lessons, time estimates) and the rendered description."""
        from courses.selectors import course_description_html, course_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = course_outline(self)
        context["description_html"] = course_description_html(self.description)
        return context


class ModulePage(Page):
    """A chapter of a course: a group of lessons in order."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    #: Anonymous visitors get it from the shared page cache (cms_content/page_cache.py).
    page_cache_anonymous = True

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def get_context(self, request, *args, **kwargs):
        """The module's course (for the breadcrumb) and its lessons in order."""
        from courses.selectors import module_outline

        context = super().get_context(request, *args, **kwargs)
        context["course"], context["module_outline"] = module_outline(self)
        return context


class LessonPage(Page):
    """One lesson: content blocks, possibly with quiz questions among them, and
    optionally the trainer's recording of it read aloud."""

    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), null=True, blank=True)
    body = StreamField(lesson_blocks(), blank=True, verbose_name=_("lesson content"))
    # A document, not a FileField: Wagtail uploads documents on their own, so a draft
    # revision never points at a file that was not stored (courses/readaloud.py checks it).
    read_aloud_audio = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("read-aloud recording"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional: the lesson read aloud, as an MP3, M4A, OGG or WAV file of up to 10 MB. "
            "Learners whose phone has no Thai voice hear it when they tap “Listen to the lesson”. "
            "MP3 at 64 kbit/s mono takes about 0.5 MB a minute."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
        FieldPanel("read_aloud_audio"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    #: Anonymous visitors get it from the shared page cache (cms_content/page_cache.py).
    page_cache_anonymous = True

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def clean(self):
        """Refuse a recording that is not an MP3, M4A, OGG or WAV file within the size
        limit (the admin shows the message on the field; imports report it)."""
        super().clean()
        if self.read_aloud_audio_id is None:
            return
        from courses.readaloud import document_audio_problem

        problem = document_audio_problem(self.read_aloud_audio)
        if problem is not None:
            raise ValidationError({"read_aloud_audio": READ_ALOUD_AUDIO_MESSAGES[problem]})

    def get_context(self, request, *args, **kwargs):
        """Breadcrumb, previous/next across modules, the outline, the rendered body and
        whether it needs the video script (the same for everyone: from the shared cache,
        courses.selectors.fragments), and the learner's side (``learning``)."""
        from courses.selectors import lesson_body, lesson_navigation_shared

        context = super().get_context(request, *args, **kwargs)
        navigation = lesson_navigation_shared(lesson=self, request=request)
        body = lesson_body(lesson=self, request=request)
        context["navigation"] = navigation
        context["course"] = navigation.course
        context["module"] = navigation.module
        context["has_video"] = body.has_video
        context["learning"] = self.get_learning_context(
            request, navigation=navigation, has_quiz=body.has_quiz
        )
        context["lesson_body_html"] = body.html(enrolled=context["learning"].enrollment is not None)
        return context

    def get_learning_context(self, request, navigation=None, has_quiz=None):
        """The learner's side of the lesson page, for ``courses/includes/lesson_actions.html``
        and ``course_outline.html``: a :class:`courses.selectors.LessonLearning`.

        ``has_quiz=False`` (known from the cached body) spares reading the body again.
        Also records the visit for an enrolled learner (one upsert), except in previews.
        """
        from courses.selectors.progress import lesson_learning
        from courses.services.learning import lesson_visit

        questions = [] if has_quiz is False else None
        if navigation is not None:
            learning = lesson_learning(
                user=request.user,
                lesson=self,
                course=navigation.course,
                outline=navigation.outline,
                questions=questions,
            )
        else:
            learning = lesson_learning(user=request.user, lesson=self, questions=questions)
        if learning.enrollment is not None and not getattr(request, "is_preview", False):
            lesson_visit(enrollment=learning.enrollment, lesson=self)
        return learning

    @property
    def quiz_questions(self):
        """The quiz question blocks of this lesson, in order."""
        return [block for block in self.body if block.block_type == "quiz_question"]
