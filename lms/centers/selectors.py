"""Who may see which center: the one place every staff page and download asks.

A person's reach comes only from their :class:`~lms.centers.models.Membership` rows
(and ``is_superuser``, which counts as national admin):

* center staff and center trainers see and manage their own center;
* a provincial admin reads every center of their province (reports only, no writes);
* a national admin reads and manages everything;
* revoking certificates, printing a class's certificates and erasing a learner's data
  are narrower still (:func:`centers_staffed_by`): only the center's own staff, and
  superusers.

Views never rely on hiding links: they fetch objects through these querysets, so an
object outside the scope is simply not found (404).
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from wagtail.models import GroupPagePermission

from lms.accounts.models import LoginCode
from lms.centers.constants import CENTER_ROLES, Role
from lms.centers.models import Center, Membership, Province

__all__ = [
    "centers_managed_by",
    "centers_staffed_by",
    "centers_visible_to",
    "is_national_admin",
    "is_staff_member",
    "learners_visible_to",
    "login_code_pending",
    "provinces_visible_to",
    "requires_two_factor",
    "staff_member_required",
    "user_can_manage_center",
    "user_is_center_staff",
    "user_can_view_center",
]


def _memberships(user) -> list[Membership]:
    """The user's memberships, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_center_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).only("role", "center_id", "province_id"))
        user._center_memberships = cached
    return cached


def is_national_admin(user) -> bool:
    """A superuser, or someone holding the national admin role."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(m.role == Role.NATIONAL_ADMIN for m in _memberships(user))


def is_staff_member(user) -> bool:
    """Whether the user holds any role at all (a learner holds none)."""
    return is_national_admin(user) or bool(_memberships(user))


def _center_ids(user, roles) -> set[int]:
    return {m.center_id for m in _memberships(user) if m.role in roles and m.center_id}


def _province_ids(user) -> set[int]:
    return {m.province_id for m in _memberships(user) if m.role == Role.PROVINCIAL_ADMIN}


def centers_visible_to(user) -> QuerySet[Center]:
    """Centers whose figures and records the user may read."""
    if is_national_admin(user):
        return Center.objects.select_related("province")
    center_ids, province_ids = _center_ids(user, CENTER_ROLES), _province_ids(user)
    if not center_ids and not province_ids:
        return Center.objects.none()
    return Center.objects.select_related("province").filter(
        Q(pk__in=center_ids) | Q(province_id__in=province_ids)
    )


def centers_managed_by(user) -> QuerySet[Center]:
    """Centers where the user may write: register learners, run sessions, reset codes."""
    if is_national_admin(user):
        return Center.objects.select_related("province")
    return Center.objects.select_related("province").filter(pk__in=_center_ids(user, CENTER_ROLES))


def centers_staffed_by(user) -> QuerySet[Center]:
    """Centers where the user may revoke, reissue and batch-print certificates and erase
    a learner's data: only the center's own staff (and superusers). Trainers and
    provincial or national admins do not, unless they are also staff of that center."""
    if not getattr(user, "is_authenticated", False):
        return Center.objects.none()
    if user.is_superuser:
        return Center.objects.select_related("province")
    # A subquery, not the cached memberships: pages nest it in their own queries.
    staff_of = Membership.objects.filter(user=user, role=Role.CENTER_STAFF).values("center")
    return Center.objects.select_related("province").filter(pk__in=staff_of)


def user_is_center_staff(user, center) -> bool:
    """Whether ``center`` is in :func:`centers_staffed_by` for the user (no query when
    the memberships are already read)."""
    return getattr(user, "is_superuser", False) or center.pk in _center_ids(user, (Role.CENTER_STAFF,))


def provinces_visible_to(user) -> QuerySet[Province]:
    """Provinces whose whole report the user may read."""
    if is_national_admin(user):
        return Province.objects.all()
    return Province.objects.filter(pk__in=_province_ids(user))


def user_can_view_center(user, center) -> bool:
    """Whether ``center``'s records are within the user's reading scope."""
    if is_national_admin(user):
        return True
    return center.pk in _center_ids(user, CENTER_ROLES) or center.province_id in _province_ids(user)


def user_can_manage_center(user, center) -> bool:
    """Whether the user may write at ``center`` (center staff, trainer or national admin)."""
    return is_national_admin(user) or center.pk in _center_ids(user, CENTER_ROLES)


def learners_visible_to(user, *, manage: bool = False):
    """Learner accounts (people with a home center) that the user may see.

    With ``manage=True`` only learners of centers the user may write at.
    """
    centers = centers_managed_by(user) if manage else centers_visible_to(user)
    return (
        get_user_model()
        .objects.filter(home_center__in=centers.values("pk"), is_active=True)
        .select_related("home_center")
    )


#: Roles whose holders must use two-factor authentication: they reach many learners'
#: personal data or publish what every learner reads. A center trainer who only writes
#: drafts does not need it (unless a group lets them publish).
TWO_FACTOR_ROLES = (Role.CENTER_STAFF, Role.PROVINCIAL_ADMIN, Role.NATIONAL_ADMIN)


def requires_two_factor(user) -> bool:
    """Whether ``user`` must set up two-factor authentication before any staff or admin
    page: superusers, center staff, provincial and national admins, and anyone in a
    group that may publish pages (Wagtail's ``publish_page``, e.g. "Moderators")."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or any(m.role in TWO_FACTOR_ROLES for m in _memberships(user)):
        return True
    return GroupPagePermission.objects.filter(group__user=user, permission__codename="publish_page").exists()


def login_code_pending(learner):
    """The learner's one working (unused, unexpired) login code, or ``None``: issuing a
    code expires every older one, so there is at most one."""
    return (
        LoginCode.objects.filter(user=learner, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )


def staff_member_required(view_func):
    """Guard a staff view: anonymous people go to the login page, people with no role
    at all get 404 (the page does not exist for them). Object-level scope is then
    applied by fetching through the selectors above."""

    @wraps(view_func)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            raise Http404
        return view_func(request, *args, **kwargs)

    return wrapped
