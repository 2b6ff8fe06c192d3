"""Staff pages of a center: its learners, registering walk-ins, login slips.

Every view fetches through :mod:`lms.centers.selectors`, so a center or learner
outside the staff member's scope is not found (404).
"""

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.accounts.models import LoginCodePurpose
from lms.accounts.personal_data import may_erase, personal_data_erase
from lms.accounts.services import learner_name_update, login_code_issue, walk_in_learner_create
from lms.centers.forms import LearnerEraseForm, LearnerNameForm, WalkInLearnerForm
from lms.centers.selectors import (
    centers_managed_by,
    centers_staffed_by,
    learners_visible_to,
    login_code_pending,
    staff_member_required,
    user_is_center_staff,
)

SLIP_SESSION_KEY = "centers_login_slip"


def _remember_slip(request, user, code):
    # The code exists in clear text only here: in this staff member's session, until
    # the slip is printed or another one is made. The database keeps only its hash.
    request.session[SLIP_SESSION_KEY] = {"user_id": user.pk, "code": code}


def _add_form_errors(form, exc: ValidationError):
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@staff_member_required
def staff_home(request):
    """The staff start page: the centers this person works for."""
    centers = centers_managed_by(request.user).order_by("name")[:200]
    return render(request, "centers/staff_home.html", {"centers": centers})


@staff_member_required
def learner_list(request, center_id):
    """Learners of one center, searchable by name or login ID."""
    center = get_object_or_404(centers_managed_by(request.user), pk=center_id)
    learners = learners_visible_to(request.user, manage=True).filter(home_center=center)
    query = request.GET.get("q", "").strip()
    if query:
        learners = learners.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(login_id__iexact=query)
        )
    learners = learners.order_by("first_name", "last_name")[:100]
    return render(
        request, "centers/learner_list.html", {"center": center, "learners": learners, "query": query}
    )


@staff_member_required
def learner_create(request, center_id):
    """Register a walk-in learner and go straight to their login slip."""
    center = get_object_or_404(centers_managed_by(request.user), pk=center_id)
    form = WalkInLearnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            learner, code = walk_in_learner_create(
                created_by=request.user, center=center, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_form_errors(form, exc)
        else:
            _remember_slip(request, learner, code)
            messages.success(
                request, _("The learner is registered. Print the login slip and give it to them.")
            )
            return redirect("centers:learner_slip", learner_id=learner.pk)
    return render(request, "centers/learner_form.html", {"center": center, "form": form})


@staff_member_required
def learner_detail(request, learner_id):
    """One learner: correct the name, or print a new login slip."""
    learner = get_object_or_404(learners_visible_to(request.user, manage=True), pk=learner_id)
    initial = {"title": learner.title, "first_name": learner.first_name, "last_name": learner.last_name}
    form = LearnerNameForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            learner_name_update(learner=learner, **form.cleaned_data)
        except ValidationError as exc:
            _add_form_errors(form, exc)
        else:
            messages.success(request, _("The name has been saved."))
            return redirect("centers:learner_detail", learner_id=learner.pk)
    may_erase_learner = user_is_center_staff(request.user, learner.home_center)
    return render(
        request,
        "centers/learner_detail.html",
        {"learner": learner, "form": form, "may_erase_learner": may_erase_learner},
    )


@require_POST
@staff_member_required
def learner_reset_code(request, learner_id):
    """Reset a learner's password: a new one-time code, every older code stops working."""
    learner = get_object_or_404(learners_visible_to(request.user, manage=True), pk=learner_id)
    code = login_code_issue(user=learner, created_by=request.user, purpose=LoginCodePurpose.PASSWORD_RESET)
    _remember_slip(request, learner, code)
    messages.success(request, _("A new login code was made. Older codes no longer work."))
    return redirect("centers:learner_slip", learner_id=learner.pk)


@staff_member_required
def learner_slip(request, learner_id):
    """The printable login slip: login ID, one-time code and the site's address."""
    learner = get_object_or_404(learners_visible_to(request.user, manage=True), pk=learner_id)
    slip = request.session.get(SLIP_SESSION_KEY) or {}
    code = slip.get("code") if slip.get("user_id") == learner.pk else None
    pending = login_code_pending(learner) if code else None
    return render(
        request,
        "centers/login_slip.html",
        {
            "learner": learner,
            "code": code if pending else None,
            "expires_at": pending.expires_at if pending else None,
            "code_display": f"{code[:4]} {code[4:]}" if code else "",
            "site_url": settings.SITE_URL,
            "login_url": settings.SITE_URL + "/accounts/code/",
        },
    )


@staff_member_required
def learner_erase(request, learner_id):
    """Erase a learner's personal data when they ask in person (staff of their center
    only, not trainers or admins: erasing revokes certificates; the staff member
    confirms with their password first)."""
    learners = learners_visible_to(request.user).filter(
        home_center__in=centers_staffed_by(request.user).values("pk")
    )
    learner = get_object_or_404(learners, pk=learner_id)
    form = LearnerEraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The scope is checked above, so someone outside it gets 404, not a password page.
        return _learner_erase_confirmed(request, learner=learner, form=form)
    return _learner_erase_page(request, learner, form)


def _learner_erase_page(request, learner, form):
    return render(
        request,
        "centers/learner_erase.html",
        {"learner": learner, "form": form, "may_erase": may_erase(learner)},
    )


@reauthentication_required
def _learner_erase_confirmed(request, *, learner, form):
    try:
        personal_data_erase(user=learner, erased_by=request.user)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _learner_erase_page(request, learner, form)
    messages.success(request, _("The learner's personal data has been erased."))
    return redirect("centers:learner_list", center_id=learner.home_center_id)
