"""Forms of the staff pages for in-person training sessions."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, ModulePage
from lms.centers.constants import CENTER_ROLES

MAX_DATES = 6


class ModuleChoiceField(forms.ModelMultipleChoiceField):
    """Modules as big checkboxes, each labelled with its course when several are offered."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, course_titles: dict | None, **kwargs):
        self.course_titles = course_titles
        super().__init__(*args, **kwargs)

    def label_from_instance(self, module):
        if self.course_titles is None:
            return module.title
        course = self.course_titles.get(module.path[: module.steplen * (module.depth - 1)], "")
        return f"{course} — {module.title}"


def _module_field(queryset, *, course_titles: dict | None = None) -> ModuleChoiceField:
    return ModuleChoiceField(
        label=_("Modules this session teaches"),
        queryset=queryset,
        required=False,
        course_titles=course_titles,
        help_text=_(
            "Leave all unticked when the session teaches the whole course. Learners present "
            "on every date have these modules' lessons done, and their quizzes count as "
            "assessed in person by the staff member who saves the attendance."
        ),
    )


def _trainers(centers):
    return (
        get_user_model()
        .objects.filter(memberships__center__in=centers, memberships__role__in=CENTER_ROLES)
        .distinct()
        .order_by("first_name")
    )


class TrainingSessionForm(forms.Form):
    """A new session: course, center, trainer, capacity and up to six dates."""

    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    center = forms.ModelChoiceField(label=_("Center"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=None, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500, initial=20)

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["center"].queryset = centers
        self.fields["trainer"].queryset = _trainers(centers)
        for index in range(MAX_DATES):
            self.fields[f"date_{index}"] = forms.DateField(
                label=_("Date %(number)d") % {"number": index + 1},
                required=index == 0,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

        # Every live course's modules, labelled with their course; the service checks
        # that the ticked ones belong to the chosen course.
        course_titles = dict(self.fields["course"].queryset.values_list("path", "title"))
        self.fields["modules"] = _module_field(
            ModulePage.objects.live().order_by("path"), course_titles=course_titles
        )

    def dates(self):
        return [
            self.cleaned_data[f"date_{i}"] for i in range(MAX_DATES) if self.cleaned_data.get(f"date_{i}")
        ]


class TrainingSessionEditForm(forms.Form):
    """Change a session's title, trainer, capacity and the modules it teaches."""

    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=None, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500)

    def __init__(self, *args, session, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": session.title,
                "trainer": session.trainer_id,
                "capacity": session.capacity,
                "modules": list(session.modules.values_list("pk", flat=True)),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = _trainers([session.center_id])
        self.fields["modules"] = _module_field(
            ModulePage.objects.live().child_of(session.course).order_by("path")
        )
