"""A learner's own personal data (PDPA): see what is kept, download it, erase it.

Downloading and erasing are POSTs behind allauth's reauthentication: on a shared center
PC, a session someone left open must not hand over or destroy a person's data. Staff
erase a walk-in learner's data from the staff learner page (:mod:`lms.centers.views`).
"""

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lms.accounts.personal_data import may_erase, personal_data_erase, personal_data_export


class EraseConfirmForm(forms.Form):
    """The person says they understand that erasing cannot be undone."""

    understood = forms.BooleanField(
        label=_("I understand that my account, my progress and my certificates cannot be brought back."),
        error_messages={"required": _("Tick the box to confirm that you understand.")},
    )


def zip_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_data(request):
    """What we keep about the person, with the download and erase buttons."""
    return render(
        request,
        "account/my_data.html",
        {"form": EraseConfirmForm(), "may_erase": may_erase(request.user)},
    )


@require_POST
@login_required
@reauthentication_required
def my_data_download(request):
    """Everything we hold about the person, as one ZIP of JSON files and PDFs."""
    stamp = timezone.localdate().strftime("%Y%m%d")
    return zip_response(personal_data_export(user=request.user), f"my-data-{stamp}.zip")


@login_required
@reauthentication_required(allow_get=True)
def my_data_erase(request):
    """Erase the person's account after they confirm (and re-authenticate)."""
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            personal_data_erase(user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            logout(request)
            messages.success(
                request, gettext("Your personal data has been erased. Thank you for learning with us.")
            )
            return redirect("/")
    return render(request, "account/my_data.html", {"form": form, "may_erase": may_erase(request.user)})
