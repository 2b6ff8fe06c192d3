"""Forms of the staff pages: registering a walk-in learner, correcting a name."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.accounts.constants import COMMON_TITLES, Gender, TargetGroup


class LearnerNameForm(forms.Form):
    """A learner's name as printed on certificates."""

    title = forms.CharField(
        label=pgettext_lazy("honorific before a name", "Title"),
        max_length=50,
        required=False,
        help_text=_("For example นาย, นาง, นางสาว"),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["list"] = "common-titles"
        self.common_titles = COMMON_TITLES


class WalkInLearnerForm(LearnerNameForm):
    """A learner who has neither email nor phone, registered by staff at the center."""

    birth_year = forms.IntegerField(
        label=_("Year of birth (B.E.)"), required=False, help_text=_("For example 2505")
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    target_group = forms.ChoiceField(
        label=_("Target group"), choices=[("", "—"), *TargetGroup.choices], required=False
    )


class LearnerEraseForm(forms.Form):
    """Staff confirm that the learner asked, in person, for their data to be erased."""

    asked_in_person = forms.BooleanField(
        label=_("The learner asked me in person, and I checked that it is them."),
        error_messages={"required": _("Tick the box to confirm that the learner asked in person.")},
    )
