"""Staff pages for in-person training sessions at a center.

Sessions are fetched only among the centers the staff member may manage
(:func:`lms.centers.selectors.centers_managed_by`), so another center's session is 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.forms_sessions import TrainingSessionEditForm, TrainingSessionForm
from courses.models import SessionDate, TrainingSession
from courses.selectors.sessions import session_attendees, session_coverage
from courses.services.sessions import (
    attendance_record,
    session_enroll,
    session_enroll_many,
    training_session_create,
    training_session_update,
)
from lms.centers.selectors import (
    centers_managed_by,
    learners_visible_to,
    staff_member_required,
    user_is_center_staff,
)


def _sessions_for(user):
    return TrainingSession.objects.filter(center__in=centers_managed_by(user).values("pk")).select_related(
        "course", "center", "trainer"
    )


@staff_member_required
def session_list(request):
    """The sessions of the centers this person manages, newest first."""
    sessions = _sessions_for(request.user).prefetch_related("dates").order_by("-created_at")[:100]
    return render(request, "courses/sessions/session_list.html", {"sessions": sessions})


@staff_member_required
def session_create(request):
    """Create a session: course, center, trainer, capacity and its dates."""
    form = TrainingSessionForm(request.POST or None, centers=centers_managed_by(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = training_session_create(
                course=data["course"],
                center=data["center"],
                dates=form.dates(),
                trainer=data["trainer"],
                capacity=data["capacity"],
                title=data["title"],
                created_by=request.user,
                modules=data["modules"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The session has been created."))
            return redirect("sessions:session_detail", session_id=session.pk)
    return render(request, "courses/sessions/session_form.html", {"form": form})


@staff_member_required
def session_edit(request, session_id):
    """Change a session's title, trainer, capacity and the modules it teaches."""
    session = get_object_or_404(_sessions_for(request.user), pk=session_id)
    form = TrainingSessionEditForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            training_session_update(session=session, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The session has been saved."))
            return redirect("sessions:session_detail", session_id=session.pk)
    return render(request, "courses/sessions/session_edit.html", {"session": session, "form": form})


@staff_member_required
def session_detail(request, session_id):
    """A session: what it covers, its dates, each registered learner with what they
    still miss for a certificate, the form to register more, and "print this class"."""
    session = get_object_or_404(_sessions_for(request.user), pk=session_id)
    coverage = session_coverage(session)
    attendees = session_attendees(session, coverage)
    registrations = session.registrations.select_related("user").order_by("user__first_name")
    registered_ids = [r.user_id for r in registrations]
    candidates = (
        learners_visible_to(request.user, manage=True)
        .filter(home_center_id=session.center_id)
        .exclude(pk__in=registered_ids)
        .order_by("first_name")[:500]
    )
    return render(
        request,
        "courses/sessions/session_detail.html",
        {
            "session": session,
            "coverage": coverage,
            "attendees": attendees,
            "qualified": sum(attendee.qualifies for attendee in attendees),
            # Printing is a certificate write: the center's own staff only (not trainers
            # or admins), the rule certificates:batch_create applies.
            "may_print": user_is_center_staff(request.user, session.center),
            "today": timezone.localdate(),
            "dates": session.dates.all(),
            "registrations": registrations,
            "candidates": candidates,
            "seats_left": session.capacity - len(registered_ids),
        },
    )


@require_POST
@staff_member_required
def session_enroll_view(request, session_id):
    """Register one of the center's learners for the session."""
    session = get_object_or_404(_sessions_for(request.user), pk=session_id)
    learner = get_object_or_404(
        learners_visible_to(request.user, manage=True).filter(home_center_id=session.center_id),
        pk=request.POST.get("learner") or 0,
    )
    try:
        session_enroll(session=session, user=learner)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s is registered.") % {"name": learner.get_full_name()})
    return redirect("sessions:session_detail", session_id=session.pk)


@staff_member_required
def attendance_take(request, session_id, date_id):
    """Tick who is present on one date: one big checkbox per learner, phone-friendly."""
    session = get_object_or_404(_sessions_for(request.user), pk=session_id)
    session_date = get_object_or_404(SessionDate, pk=date_id, session=session)
    registrations = session.registrations.select_related("user").order_by("user__first_name")
    if request.method == "POST":
        try:
            count = attendance_record(
                session_date=session_date,
                present_user_ids=request.POST.getlist("present"),
                recorded_by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except ValueError:
            messages.error(request, _("The attendance could not be saved. Please try again."))
        else:
            messages.success(request, _("Attendance saved: %(count)d present.") % {"count": count})
            return redirect("sessions:session_detail", session_id=session.pk)
    present = set(session_date.attendance.filter(present=True).values_list("user_id", flat=True))
    return render(
        request,
        "courses/sessions/attendance.html",
        {
            "session": session,
            "session_date": session_date,
            "registrations": registrations,
            "present": present,
            "upcoming": session_date.date > timezone.localdate(),
        },
    )


@staff_member_required
def session_register_class(request, session_id):
    """Register a whole class: search the center's learners, tick several, register all.

    Searching (GET ``q``) matches first name, last name, login ID or mobile number; up
    to 100 learners are listed, those already registered are left out.
    """
    session = get_object_or_404(_sessions_for(request.user), pk=session_id)
    learners = learners_visible_to(request.user, manage=True).filter(home_center_id=session.center_id)
    if request.method == "POST":
        chosen = list(learners.filter(pk__in=[v for v in request.POST.getlist("learner") if v.isdecimal()]))
        if not chosen:
            messages.error(request, _("Tick at least one learner."))
        else:
            try:
                count = session_enroll_many(session=session, users=chosen)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("%(count)d learners registered.") % {"count": count})
                return redirect("sessions:session_detail", session_id=session.pk)
    query = request.GET.get("q", "").strip()[:100]
    candidates = learners.exclude(session_registrations__session=session)
    if query:
        candidates = candidates.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(login_id__iexact=query)
            | Q(phone__contains=query)
        )
    registered = session.registrations.count()
    return render(
        request,
        "courses/sessions/session_register_class.html",
        {
            "session": session,
            "query": query,
            "candidates": candidates.order_by("first_name", "last_name")[:100],
            "seats_left": session.capacity - registered,
        },
    )
