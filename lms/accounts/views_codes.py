"""Signing in with a one-time code from a login slip, then choosing a password.

``set_password`` is a minimal page for anyone with ``must_set_password``; the
learner-journey work may replace it with its own under the same URL name.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.services import LoginCodeError, login_code_redeem, password_set

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class CodeLoginForm(forms.Form):
    """Login ID and one-time code, as printed on the slip."""

    login_id = forms.CharField(label=gettext_lazy("Login ID"), max_length=32)
    code = forms.CharField(label=gettext_lazy("One-time code"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login_id"].widget.attrs.update(
            {"autocapitalize": "characters", "autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})


class SetPasswordForm(forms.Form):
    """A new password, typed twice."""

    password1 = forms.CharField(
        label=gettext_lazy("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 8 characters, not only digits."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


def code_login(request):
    """Sign in with the login ID and one-time code; then the learner must set a password."""
    form = CodeLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = login_code_redeem(**form.cleaned_data)
        except LoginCodeError as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend=MODEL_BACKEND)
            return redirect("accounts:set_password")
    return render(request, "centers/code_login.html", {"form": form})


@login_required
def set_password(request):
    """Choose one's own password (required after signing in with a code)."""
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_set(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field, errors)
        else:
            # Changing the password would end the session; keep the learner signed in.
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been saved. Use it next time you sign in."))
            return redirect("/")
    return render(request, "centers/set_password.html", {"form": form})
