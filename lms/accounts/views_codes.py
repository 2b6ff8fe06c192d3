"""Signing in with a one-time code from a login slip, then choosing a password.

After the code, the learner chooses a password on ``accounts:set_password``
(:mod:`lms.accounts.views`) without an old one (:mod:`lms.accounts.password_step`); the
code is used up only when that password is saved.
"""

import time

from django import forms
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from lms.accounts import password_step
from lms.accounts.services import LoginCodeError, login_code_redeem

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


def code_login(request):
    """Sign in with the login ID and one-time code; then the learner must set a password."""
    form = CodeLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = login_code_redeem(**form.cleaned_data)
        except LoginCodeError as exc:
            form.add_error(None, str(exc))
        else:
            checked_at = time.time()
            login(request, user, backend=MODEL_BACKEND)
            # The code is used up only when the new password is saved (set_password).
            password_step.allow(request, user, reason=password_step.WALK_IN_CODE, code_checked_at=checked_at)
            return redirect("accounts:set_password")
    return render(request, "centers/code_login.html", {"form": form})
