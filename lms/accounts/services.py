"""Writes to accounts: walk-in learners, one-time login codes, names and passwords.

Staff scope (which center a staff member may act for) is checked by the caller through
:mod:`lms.centers.selectors`; these services only keep the accounts themselves whole.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.app_settings import app_settings
from lms.accounts.constants import Gender, TargetGroup
from lms.accounts.models import CodeAttempt, LoginCode, LoginCodePurpose, User
from lms.accounts.phone import ascii_digits

__all__ = [
    "LoginCodeError",
    "code_attempt_clear",
    "code_attempt_take",
    "code_attempts_delete_expired",
    "learner_name_update",
    "login_code_consume",
    "login_code_issue",
    "login_code_redeem",
    "normalize_birth_year",
    "password_set",
    "two_factor_reset",
    "walk_in_learner_create",
]

LOGIN_CODE_DIGITS = 8
BUDDHIST_ERA_OFFSET = 543


class LoginCodeError(Exception):
    """The login ID and code do not match a working code; the message is for the learner."""


def normalize_birth_year(year: int | None) -> int | None:
    """Accept a birth year in the Buddhist Era (as Thai people write it) or the Common
    Era; return the Common Era year. Raises ``ValidationError`` for an impossible year."""
    if year in (None, ""):
        return None
    year = int(year)
    if year > 2400:
        year -= BUDDHIST_ERA_OFFSET
    this_year = timezone.localdate().year
    if not 1900 <= year <= this_year:
        raise ValidationError(
            _("Please enter a year of birth between 2443 and %(max)d (B.E.).")
            % {"max": this_year + BUDDHIST_ERA_OFFSET}
        )
    return year


def _clean_name(value: str) -> str:
    return " ".join((value or "").split())


def _name_errors(first_name: str, last_name: str) -> dict[str, str]:
    """Messages for the name parts a certificate cannot be printed without."""
    errors = {}
    if not first_name:
        errors["first_name"] = _("Please enter the first name.")
    if not last_name:
        errors["last_name"] = _("Please enter the last name.")
    return errors


def _new_code() -> str:
    # Digits only: the easiest thing to type on any phone keypad. Eight of them, a
    # short life and a lock after a few failures make guessing hopeless.
    return "".join(secrets.choice("0123456789") for _ in range(LOGIN_CODE_DIGITS))


@transaction.atomic
def login_code_issue(*, user: User, created_by: User | None, purpose: str) -> str:
    """Make a new one-time login code for ``user`` and return it in clear text.

    Only its hash is stored; every older unused code of the user stops working, and
    the user must choose a new password after signing in with it.
    """
    now = timezone.now()
    LoginCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    code = _new_code()
    LoginCode.objects.create(
        user=user,
        code_hash=make_password(code),
        purpose=purpose,
        created_by=created_by,
        created_at=now,
        expires_at=now + timedelta(hours=app_settings.LOGIN_CODE_TTL_HOURS),
    )
    User.objects.filter(pk=user.pk).update(must_set_password=True)
    user.must_set_password = True
    return code


@transaction.atomic
def walk_in_learner_create(
    *,
    created_by: User,
    center,
    title: str,
    first_name: str,
    last_name: str,
    birth_year: int | None = None,
    gender: str = "",
    target_group: str = "",
) -> tuple[User, str]:
    """Create an account for a learner who has neither email nor phone.

    The learner's home center is ``center``; the account has no usable password until
    the learner signs in with the returned one-time code and chooses one.
    Raises ``ValidationError`` (messages in Thai) for missing names or bad choices.
    """
    title, first_name, last_name = _clean_name(title), _clean_name(first_name), _clean_name(last_name)
    errors = _name_errors(first_name, last_name)
    if gender and gender not in Gender.values:
        errors["gender"] = _("Please choose a gender from the list.")
    if target_group and target_group not in TargetGroup.values:
        errors["target_group"] = _("Please choose a target group from the list.")
    try:
        birth_year = normalize_birth_year(birth_year)
    except ValidationError as exc:
        errors["birth_year"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    user = User.objects.create_user(
        title=title,
        first_name=first_name,
        last_name=last_name,
        birth_year=birth_year,
        gender=gender,
        target_group=target_group,
        home_center=center,
        created_by=created_by,
        must_set_password=True,
    )
    code = login_code_issue(user=user, created_by=created_by, purpose=LoginCodePurpose.FIRST_LOGIN)
    return user, code


@transaction.atomic
def learner_name_update(*, learner: User, title: str, first_name: str, last_name: str) -> User:
    """Correct a learner's name as it will be printed on certificates."""
    title, first_name, last_name = _clean_name(title), _clean_name(first_name), _clean_name(last_name)
    errors = _name_errors(first_name, last_name)
    if errors:
        raise ValidationError(errors)
    learner.title, learner.first_name, learner.last_name = title, first_name, last_name
    learner.save(update_fields=["title", "first_name", "last_name"])
    return learner


def _attempt_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def code_attempt_take(*, key: str, max_tries: int, lock_seconds: int) -> bool:
    """Count one try at the code named by ``key``; ``False`` when ``max_tries`` were
    already used (then nothing is counted and the code must not be compared).

    One conditional ``UPDATE ... SET tries = tries + 1 WHERE tries < max`` decides,
    so however many requests arrive together, exactly ``max_tries`` of them get a try.
    Each try keeps the count for ``lock_seconds`` more; a lapsed count starts again.
    """
    now = timezone.now()
    digest = _attempt_digest(key)
    expires_at = now + timedelta(seconds=lock_seconds)
    CodeAttempt.objects.filter(key=digest, expires_at__lte=now).delete()
    _attempt, _created = CodeAttempt.objects.get_or_create(
        key=digest, defaults={"tries": 0, "expires_at": expires_at}
    )
    taken = CodeAttempt.objects.filter(key=digest, tries__lt=max_tries).update(
        tries=F("tries") + 1, expires_at=expires_at
    )
    return taken == 1


def code_attempt_clear(*, key: str) -> None:
    """Forget the tries at ``key`` (after the right code was accepted)."""
    CodeAttempt.objects.filter(key=_attempt_digest(key)).delete()


def code_attempts_delete_expired() -> int:
    """Delete the counts whose time has passed; return how many (``clear_code_attempts``).

    A count is also renewed when its code is tried again; this removes the ones
    nobody comes back to (guesses at login IDs that do not exist, finished codes).
    """
    deleted, _by_model = CodeAttempt.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def _walk_in_attempt_key(login_id: str) -> str:
    return f"walk-in:{login_id}"


def login_code_redeem(*, login_id: str, code: str) -> User:
    """Check a login ID and one-time code and return the user.

    The code is NOT used up here: a learner whose password step then fails may sign in
    with it again. :func:`login_code_consume` uses it up when the new password is saved
    (:func:`password_set`, in the same transaction, with one conditional update, so two
    sessions racing with one code save one password). Raises :class:`LoginCodeError`
    when the pair does not match a working code, the code has expired or was used, or
    the login ID is locked after too many failures. Tries are counted per login ID before
    any code is compared (:func:`code_attempt_take`), so a burst of guesses sent together
    gets exactly ``LOGIN_CODE_MAX_FAILURES`` comparisons, and then none for
    ``LOGIN_CODE_LOCK_SECONDS``.
    """
    login_id = "".join((login_id or "").split()).upper()
    # Thai digits count as digits; anything else (spaces, dashes, "²") is dropped.
    code = "".join(ch for ch in ascii_digits(code or "") if ch in "0123456789")
    attempt_key = _walk_in_attempt_key(login_id)
    if not code_attempt_take(
        key=attempt_key,
        max_tries=app_settings.LOGIN_CODE_MAX_FAILURES,
        lock_seconds=app_settings.LOGIN_CODE_LOCK_SECONDS,
    ):
        raise LoginCodeError(_("Too many wrong codes. Please wait 15 minutes or ask the center staff."))
    now = timezone.now()
    with transaction.atomic():
        candidates = LoginCode.objects.filter(
            user__login_id=login_id, user__is_active=True, used_at__isnull=True, expires_at__gt=now
        ).select_related("user")
        for login_code in candidates:
            if code and check_password(code, login_code.code_hash):
                code_attempt_clear(key=attempt_key)
                return login_code.user
    raise LoginCodeError(
        _(
            "The login ID or code is wrong, or the code has expired. Please ask the center staff for a new slip."
        )
    )


def login_code_consume(*, user: User, checked_at: datetime) -> None:
    """Use up the one-time code that ``user`` signed in with at ``checked_at``.

    One conditional update: only a code that was already issued at ``checked_at``, is
    still unused and has not expired (nor been replaced by a newer slip, which expires
    it) is marked used; when two sessions race, only the first succeeds. Call it inside
    the transaction that saves the new password. Raises :class:`LoginCodeError` when no
    such code is left.
    """
    now = timezone.now()
    used = LoginCode.objects.filter(
        user=user, used_at__isnull=True, created_at__lte=checked_at, expires_at__gt=now
    ).update(used_at=now)
    if not used:
        raise LoginCodeError(
            _("This code has expired or was already used. Please ask the center staff for a new slip.")
        )


@transaction.atomic
def password_set(
    *, user: User, password1: str, password2: str, login_code_checked_at: datetime | None = None
) -> User:
    """Set the user's own password and clear ``must_set_password``.

    With ``login_code_checked_at`` (a walk-in learner who signed in with a printed code)
    the code is used up in the same transaction (:func:`login_code_consume`), and only
    when the password is valid. Raises ``ValidationError`` (in Thai) when the two
    entries differ or the password is too weak, :class:`LoginCodeError` when the code
    no longer works; either way nothing changes.
    """
    if password1 != password2:
        raise ValidationError({"password2": _("The two passwords are not the same.")})
    try:
        password_validation.validate_password(password1, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    if login_code_checked_at is not None:
        login_code_consume(user=user, checked_at=login_code_checked_at)
    user.set_password(password1)
    user.must_set_password = False
    user.save(update_fields=["password", "must_set_password"])
    return user


@transaction.atomic
def two_factor_reset(*, user: User) -> int:
    """Remove ``user``'s authenticator app and recovery codes (a lost or new phone).

    Staff cannot switch two-factor authentication off themselves; a national admin does
    this (``manage.py reset_two_factor``), and the person sets the app up again at their
    next staff or admin page. Returns how many authenticators were removed.
    """
    from allauth.mfa.models import Authenticator

    removed, _ = Authenticator.objects.filter(user=user).delete()
    return removed
