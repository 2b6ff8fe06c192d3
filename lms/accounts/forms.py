"""Sign-up and set-password forms.

:class:`SignupForm` is allauth's ``ACCOUNT_SIGNUP_FORM_CLASS``: allauth builds its own
sign-up form on top of it (adding email, mobile number and passwords) and calls
:meth:`SignupForm.signup` once the account is saved. It asks only what centers report
on. The sign-up page asks it in short steps (:mod:`lms.accounts.signup`), and reads the
name back before the account is made (the name is printed on certificates).
"""

import re

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lms.accounts import consent
from lms.accounts.constants import COMMON_TITLES, Gender, TargetGroup
from lms.accounts.models import ConsentRecord, User
from lms.centers.models import Center, Province

OTHER_TITLE = "other"
BE_OFFSET = 543  # Buddhist Era year = Common Era year + 543
# Thai letters, vowels and tone marks, with the spaces, dots and hyphens names may hold.
_THAI_NAME = re.compile(r"^[\u0E00-\u0E7F][\u0E00-\u0E7F .\-]*$")


def _thai_name(value: str) -> str:
    value = " ".join(value.split())
    if not _THAI_NAME.match(value):
        raise ValidationError(gettext("Write the name in Thai letters."), code="not_thai")
    return value


def birth_year_choices_be() -> tuple[int, int]:
    """The Buddhist Era years accepted as a birth year: up to 110 years old, at least 7."""
    this_year_be = timezone.localdate().year + BE_OFFSET
    return this_year_be - 110, this_year_be - 7


class SignupForm(forms.Form):
    """What a learner tells us at sign-up (allauth adds email, mobile and passwords).

    At least one of email and mobile number is required. Duplicates are refused with a
    Thai message. Birth year is asked in the Buddhist Era and stored in the Common Era.
    """

    title = forms.ChoiceField(
        label=pgettext_lazy("honorific before a name", "Title"),
        choices=[("", _("Choose…")), *[(t, t) for t in COMMON_TITLES], (OTHER_TITLE, _("Other title"))],
    )
    title_other = forms.CharField(
        label=_("Other title (e.g. ดร., ว่าที่ ร.ต.)"),
        required=False,
        max_length=50,
    )
    first_name = forms.CharField(label=_("First name (in Thai)"), max_length=150)
    last_name = forms.CharField(label=_("Last name (in Thai)"), max_length=150)
    birth_year_be = forms.IntegerField(
        label=_("Year of birth (Buddhist Era, e.g. 2510)"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    target_group = forms.ChoiceField(
        label=_("Which group are you in?"), choices=[("", _("Choose…")), *TargetGroup.choices]
    )
    province = forms.ModelChoiceField(
        label=_("Province of your center"),
        queryset=Province.objects.all(),
        required=False,
        to_field_name="code",
        widget=forms.HiddenInput,
    )
    home_center = forms.ModelChoiceField(
        label=_("Community Digital Center near your home"),
        queryset=Center.objects.none(),
        required=False,
        empty_label=_("Choose a center"),
    )
    consent = forms.BooleanField(
        label=_("I have read and agree to how my personal data is kept and used"),
        error_messages={"required": _("Please agree to the personal data terms to sign up.")},
    )

    # allauth adds its fields (email, phone, passwords) after ours; this is the order shown.
    field_order = [
        "phone",
        "email",
        "title",
        "title_other",
        "first_name",
        "last_name",
        "birth_year_be",
        "gender",
        "target_group",
        "province",
        "home_center",
        "password1",
        "password2",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.provinces = Province.objects.order_by("name_th").only("code", "name_th")
        if self.is_bound:
            province_code = self.data.get("province")
        else:
            # The province picker above the form reloads the page with ?province=.
            from allauth.core import context

            request = getattr(context, "request", None)
            province_code = request.GET.get("province") if request is not None else None
            # A later step of the sign-up remembers the province picked before.
            province_code = province_code or self.initial.get("province")
        self.province_obj = Province.objects.filter(code=str(province_code or "")[:2]).first()
        if self.province_obj is not None:
            self.initial.setdefault("province", self.province_obj.code)
            self.fields["home_center"].queryset = Center.objects.filter(
                province=self.province_obj, is_active=True
            ).order_by("name")
        # A new site may have no centers yet; once it has some, every learner picks one.
        self.centers_exist = Center.objects.filter(is_active=True).exists()
        self.fields["home_center"].required = self.centers_exist
        self.fields["home_center"].error_messages["required"] = gettext(
            "Choose your province, then the center near your home."
        )
        self.consent_version = consent.CURRENT_VERSION
        self.consent_text = consent.current_text()

    def clean_first_name(self):
        return _thai_name(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return _thai_name(self.cleaned_data["last_name"])

    def clean_birth_year_be(self):
        year = self.cleaned_data["birth_year_be"]
        low, high = birth_year_choices_be()
        if low - BE_OFFSET <= year <= high - BE_OFFSET:
            raise ValidationError(
                gettext("Please give the year in the Buddhist Era: %(year)s is %(be)s.")
                % {"year": year, "be": year + BE_OFFSET},
                code="christian_era",
            )
        if not low <= year <= high:
            raise ValidationError(
                gettext("Enter a Buddhist Era year between %(low)s and %(high)s.")
                % {"low": low, "high": high},
                code="out_of_range",
            )
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title") == OTHER_TITLE:
            other = " ".join((cleaned.get("title_other") or "").split())
            if not other:
                self.add_error("title_other", gettext("Write your title."))
            cleaned["title_value"] = other
        else:
            cleaned["title_value"] = cleaned.get("title") or ""
        self._clean_identifiers(cleaned)
        return cleaned

    def _clean_identifiers(self, cleaned):
        """At least one of email and mobile number; neither may belong to another account.

        allauth's own check stays silent about duplicates (to hide who has an account),
        but a learner at a center needs to be told plainly, in Thai.
        """
        if "email" not in self.fields and "phone" not in self.fields:
            return
        email = cleaned.get("email")
        phone = cleaned.get("phone")
        if not email and not phone and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("phone", gettext("Enter a mobile number or an email address (one is enough)."))
        if email and User.objects.filter(email__iexact=email).exists():
            self.add_error(
                "email", gettext("An account with this email address already exists. Log in instead.")
            )
        if phone and User.objects.filter(phone=phone).exists():
            self.add_error(
                "phone", gettext("An account with this mobile number already exists. Log in instead.")
            )

    @property
    def full_name(self) -> str:
        data = getattr(self, "cleaned_data", {})
        given = f"{data.get('title_value', '')}{data.get('first_name', '')}"
        return " ".join(part for part in (given, data.get("last_name", "")) if part)

    @property
    def birth_year_ce(self) -> int | None:
        year = getattr(self, "cleaned_data", {}).get("birth_year_be")
        return year - BE_OFFSET if year else None

    def signup(self, request, user) -> None:
        """Called by allauth once the user row exists: store the profile and consent."""
        data = self.cleaned_data
        user.title = data["title_value"]
        user.first_name = data["first_name"]
        user.last_name = data["last_name"]
        user.birth_year = self.birth_year_ce
        user.gender = data["gender"]
        user.target_group = data["target_group"]
        user.home_center = data.get("home_center")
        user.save(
            update_fields=[
                "title",
                "first_name",
                "last_name",
                "birth_year",
                "gender",
                "target_group",
                "home_center",
            ]
        )
        ConsentRecord.objects.get_or_create(user=user, version=self.consent_version)


class SetPasswordForm(forms.Form):
    """A new password, twice; with ``ask_current`` the current password first.

    The current password is left out only for the one step right after a one-time code
    or a fresh re-authentication (:mod:`lms.accounts.password_step`).
    """

    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, ask_current: bool = False, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if ask_current:
            current = forms.CharField(
                label=_("Current password"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )
            self.fields = {"current_password": current, **self.fields}

    def clean_current_password(self):
        value = self.cleaned_data["current_password"]
        if not self.user.check_password(value):
            raise ValidationError(
                gettext(
                    "That is not your current password. Forgot it? Log out and use “Forgot your password?”."
                ),
                code="wrong_current_password",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", gettext("The two passwords are not the same."))
        if first:
            try:
                password_validation.validate_password(first, self.user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
