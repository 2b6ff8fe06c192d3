"""Account views of our own (allauth serves login, sign-up, logout and reset).

``set_password``: the one place where a password is chosen or changed (allauth's own
change and set pages redirect here). ``two_factor_required``: why staff must set up
two-factor authentication, before the setup itself. ``center_options``: the centers of
one province as ``<option>`` elements, for the sign-up page's small script that fills
the center list when a province is picked (without the script, the province form
reloads the page with the same list).
"""

from datetime import UTC, datetime

from allauth.core.exceptions import ReauthenticationRequired
from allauth.core.ratelimit import consume_or_429
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from lms.accounts import password_step
from lms.accounts.forms import SetPasswordForm
from lms.accounts.middleware import TWO_FACTOR_NEXT_KEY
from lms.accounts.services import LoginCodeError, password_set
from lms.centers.models import Center
from lms.centers.selectors import is_staff_member


def _start_again_with_the_code(request, message: str):
    """A walk-in learner whose code step is over: sign in with the slip again."""
    logout(request)
    messages.error(request, message)
    return redirect("centers:code_login")


@login_required
def set_password(request):
    """Choose a new password; clears ``must_set_password``.

    Right after a one-time code (walk-in slip or SMS) or a fresh re-authentication the
    new password is enough; otherwise the current password is asked too, so an open
    session on a shared PC cannot be used to take the account over. A walk-in code is
    used up only when the new password is saved.
    """
    user = request.user
    step = password_step.current(request, user)
    ask_current = step is None and not password_step.recently_reauthenticated(request, user)
    if ask_current and not user.has_usable_password():
        if user.must_set_password:
            return _start_again_with_the_code(
                request,
                gettext("Please sign in again with the code on your slip, then choose your password."),
            )
        # No password to ask for (e.g. LINE only): allauth's re-authentication (code by
        # SMS or email) brings the person back here.
        raise ReauthenticationRequired()
    form = SetPasswordForm(request.POST or None, user=user, ask_current=ask_current)
    if request.method == "POST":
        limited = consume_or_429(request, action="change_password", user=user)
        if limited:
            return limited
    if request.method == "POST" and form.is_valid():
        checked_at = step.code_checked_at if step and step.reason == password_step.WALK_IN_CODE else None
        try:
            password_set(
                user=user,
                password1=form.cleaned_data["password1"],
                password2=form.cleaned_data["password2"],
                login_code_checked_at=datetime.fromtimestamp(checked_at, tz=UTC) if checked_at else None,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except LoginCodeError as exc:
            return _start_again_with_the_code(request, str(exc))
        else:
            password_step.clear(request)
            # A new password would end the session; keep the person signed in.
            update_session_auth_hash(request, user)
            messages.success(request, gettext("Your password is set. Use it next time you log in."))
            return redirect("courses:dashboard")
    return render(request, "account/set_password.html", {"form": form, "ask_current": ask_current})


@login_required
def two_factor_required(request):
    """Why staff and admins need an authenticator app, and the button to set it up.

    :class:`~lms.accounts.middleware.TwoFactorRequiredMiddleware` sends them here; once
    the app is set up, the same address takes them on to the page they wanted.
    """
    if Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
        target = request.session.pop(TWO_FACTOR_NEXT_KEY, "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        return redirect(
            target or ("centers:staff_home" if is_staff_member(request.user) else "wagtailadmin_home")
        )
    return render(request, "account/two_factor_required.html")


@require_GET
def center_options(request):
    """``<option>`` elements for the active centers of ``?province=<code>``."""
    code = request.GET.get("province", "")[:2]
    centers = Center.objects.filter(province__code=code, is_active=True).order_by("name").only("pk", "name")
    return render(request, "account/includes/center_options.html", {"centers": centers})
