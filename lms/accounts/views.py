"""Account views of our own (allauth serves login, sign-up, logout and reset).

``set_password``: staff-made accounts choose a password at first sign-in.
``center_options``: the centers of one province as ``<option>`` elements, for the
sign-up page's small script that fills the center list when a province is picked
(without the script, the province form reloads the page with the same list).
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from lms.accounts.forms import SetPasswordForm
from lms.accounts.services import password_set
from lms.centers.models import Center


@login_required
def set_password(request):
    """Choose a new password; clears ``must_set_password``."""
    user = request.user
    form = SetPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        password_set(
            user=user, password1=form.cleaned_data["password1"], password2=form.cleaned_data["password2"]
        )
        # A new password would end the session; keep the learner signed in.
        update_session_auth_hash(request, user)
        messages.success(request, gettext("Your password is set. Use it next time you log in."))
        return redirect("courses:dashboard")
    return render(request, "account/set_password.html", {"form": form})


@require_GET
def center_options(request):
    """``<option>`` elements for the active centers of ``?province=<code>``."""
    code = request.GET.get("province", "")[:2]
    centers = Center.objects.filter(province__code=code, is_active=True).order_by("name").only("pk", "name")
    return render(request, "account/includes/center_options.html", {"centers": centers})
