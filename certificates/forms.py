"""Forms of the certificates app: code lookup, revoke reason, staff filters, batches."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.constants import CertificateStatus
from certificates.models import Certificate
from courses.models import CoursePage, TrainingSession


class VerifyCodeForm(forms.Form):
    """The code printed under the QR code, typed by hand (spaces, dashes, case ignored)."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("The code under the QR code, e.g. K7M2-QPXA-R4TB-Z6NW."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public verification page."),
    )


class CertificateFilter(django_filters.FilterSet):
    """Staff filters; the centers offered are only those the person may see."""

    center = django_filters.ModelChoiceFilter(label=_("Center"), queryset=None)
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=CoursePage.objects.order_by("title")
    )
    issued_from = django_filters.DateFilter(
        label=_("Issued from"),
        field_name="issued_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    issued_to = django_filters.DateFilter(
        label=_("Issued until"),
        field_name="issued_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CertificateStatus.choices)
    name = django_filters.CharFilter(label=_("Name"), field_name="learner_name", lookup_expr="icontains")

    class Meta:
        model = Certificate
        fields = ["center", "course", "issued_from", "issued_to", "status", "name"]

    def __init__(self, *args, centers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["center"].queryset = centers


class SessionBatchForm(forms.Form):
    """Print every valid certificate of one training session's learners."""

    session = forms.ModelChoiceField(label=_("Training session"), queryset=TrainingSession.objects.none())

    def __init__(self, *args, centers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            TrainingSession.objects.filter(center__in=centers)
            .select_related("course", "center")
            .order_by("-created_at")
        )
