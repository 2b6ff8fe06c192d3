"""Forms of the staff pages for in-person training sessions."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from lms.centers.constants import CENTER_ROLES

MAX_DATES = 6


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
        self.fields["trainer"].queryset = (
            get_user_model()
            .objects.filter(memberships__center__in=centers, memberships__role__in=CENTER_ROLES)
            .distinct()
            .order_by("first_name")
        )
        for index in range(MAX_DATES):
            self.fields[f"date_{index}"] = forms.DateField(
                label=_("Date %(number)d") % {"number": index + 1},
                required=index == 0,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def dates(self):
        return [
            self.cleaned_data[f"date_{i}"] for i in range(MAX_DATES) if self.cleaned_data.get(f"date_{i}")
        ]
