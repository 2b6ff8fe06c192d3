"""Personal data (Thailand's PDPA): export everything we hold about a person, or erase it.

``accounts`` is a foundation and may not import the apps above it, so the data is found
two ways:

1. **From the models.** Every model with a foreign key, one-to-one or many-to-many field
   to the user model is found through :mod:`django.apps` (:func:`user_relations`), so a
   model added later is exported, and erased, without anyone remembering to.
2. **From a registry each app fills** in its ``AppConfig.ready()`` with :func:`register`:
   fields never to export (secrets), readable extras (a course's title beside its id),
   files (certificate PDFs) and what erasure does to the app's rows.

Erasure (:func:`personal_data_erase`) keeps the account row as an anonymous record so
the reports' figures do not change: no name, contact, login or password, the year of
birth moved to the middle of its age band; gender, target group and home center stay.
docs/privacy.md lists what is kept and why.
"""

import io
import json
import logging
import secrets
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.constants import AGE_BANDS

__all__ = [
    "KEEP",
    "PersonalDataHandler",
    "may_erase",
    "personal_data_erase",
    "personal_data_export",
    "register",
    "user_relations",
]

logger = logging.getLogger(__name__)

#: ``erase=KEEP``: the rows stay, pointing at the anonymous account (they feed counts).
KEEP = "keep"

#: Field names never exported from any model: password hashes, code hashes, secrets.
SECRET_FIELD_NAMES = frozenset(
    {"password", "code_hash", "secret", "token", "token_secret", "key", "session_key"}
)


@dataclass(frozen=True)
class PersonalDataHandler:
    """What one app says about one of its models that refers to people.

    ``exclude``: fields never exported. ``readable(queryset) -> {pk: {...}}``: extra,
    human-readable facts per exported row (one query for all rows). ``files(user) ->
    [(name, bytes)]``: files to put in the ZIP. ``erase``: ``KEEP``, or ``erase(user)``
    doing the app's own erasure, or ``None`` (default) to delete the rows whose
    non-nullable reference points at the person.
    """

    label: str
    exclude: frozenset = frozenset()
    readable: Callable | None = None
    files: Callable | None = None
    erase: Callable | str | None = None


_registry: dict[str, PersonalDataHandler] = {}


def register(
    label: str,
    *,
    exclude: Iterable[str] = (),
    readable: Callable | None = None,
    files: Callable | None = None,
    erase: Callable | str | None = None,
) -> None:
    """Tell the export and erasure how to treat ``label`` (``"app_label.modelname"``).

    Called from an ``AppConfig.ready()``; registering a label twice replaces it.
    """
    _registry[label.lower()] = PersonalDataHandler(
        label=label.lower(), exclude=frozenset(exclude), readable=readable, files=files, erase=erase
    )


def handler_for(label: str) -> PersonalDataHandler:
    return _registry.get(label.lower()) or PersonalDataHandler(label=label.lower())


def user_relations() -> dict[type[models.Model], list[models.Field]]:
    """Every model with a field that refers to a person, and those fields.

    Fields declared on the model itself (not inherited from a parent page model), in a
    stable order; the user model appears too (``created_by``).
    """
    User = get_user_model()
    found: dict[type[models.Model], list[models.Field]] = {}
    for model in apps.get_models():
        fields = [
            field
            for field in model._meta.get_fields(include_parents=False)
            if field.concrete and field.is_relation and field.related_model is User
        ]
        if fields:
            found[model] = fields
    return dict(sorted(found.items(), key=lambda item: item[0]._meta.label_lower))


def _rows_of(model, fields, user) -> models.QuerySet:
    if model is get_user_model():
        # Only the person's own row: never the accounts they created for others.
        return model._default_manager.filter(pk=user.pk)
    condition = models.Q()
    for field in fields:
        condition |= models.Q(**{field.name: user})
    rows = model._default_manager.filter(condition).order_by("pk")
    # Joining a many-to-many table can repeat a row; other filters cannot.
    return rows.distinct() if any(field.many_to_many for field in fields) else rows


def _exported_field_names(model, handler: PersonalDataHandler) -> list[str]:
    excluded = SECRET_FIELD_NAMES | handler.exclude
    return [
        field.name
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.name not in excluded and not field.primary_key
    ]


def _export_rows(model, fields, user) -> list[dict]:
    handler = handler_for(model._meta.label_lower)
    queryset = _rows_of(model, fields, user)
    rows = serializers.serialize("python", queryset, fields=_exported_field_names(model, handler))
    readable = handler.readable(queryset) if handler.readable else {}
    return [
        {
            "id": row["pk"],
            **row["fields"],
            **({"readable": readable[row["pk"]]} if row["pk"] in readable else {}),
        }
        for row in rows
    ]


def _readme() -> str:
    """The ZIP's README.txt, in the language of the site (Thai)."""
    return _(
        "Your personal data from the Community Digital Center learning system.\n\n"
        "This file holds everything the system keeps about you on the day you downloaded it.\n"
        "- manifest.json: the list of files and how many records each holds\n"
        "- data/accounts.user.json: your account (without your password)\n"
        "- data/...json: one file per kind of record, such as consent, enrollments, "
        "progress, quiz results and certificates\n"
        "- certificates/: your certificates as PDF files\n\n"
        "JSON files open in any text editor.\n"
    )


def personal_data_export(*, user) -> bytes:
    """Everything held about ``user`` as one ZIP: a JSON file per model that refers to
    people (an empty list when none of its rows is theirs), the files the apps add
    (certificate PDFs), a ``manifest.json`` and a Thai ``README.txt``."""
    buffer = io.BytesIO()
    manifest = {"exported_at": timezone.now().isoformat(), "login_id": user.login_id, "files": []}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme())
        for model, fields in user_relations().items():
            label = model._meta.label_lower
            rows = _export_rows(model, fields, user)
            name = f"data/{label}.json"
            archive.writestr(name, json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            manifest["files"].append(
                {
                    "file": name,
                    "model": label,
                    "name": str(model._meta.verbose_name_plural),
                    "rows": len(rows),
                }
            )
        for handler in list(_registry.values()):
            if handler.files is None:
                continue
            for filename, content in handler.files(user):
                archive.writestr(filename, content)
                manifest["files"].append({"file": filename, "model": handler.label})
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def may_erase(user) -> bool:
    """Only a learner's account is erased this way: people who hold a role (staff,
    trainers, admins) first lose the role through the admin, so no center is left
    without its records of who did what."""
    if user.is_staff or user.is_superuser or user.erased_at is not None:
        return False
    Membership = apps.get_model("centers", "Membership")
    return not Membership.objects.filter(user=user).exists()


def _birth_year_in_band(birth_year: int | None) -> int | None:
    """A year of birth in the middle of the person's age band today (at most ten years
    into it), so the band the reports count stays while the exact year goes."""
    if birth_year is None:
        return None
    this_year = timezone.localdate().year
    age = this_year - birth_year
    for _label, low, high in AGE_BANDS:
        if low <= age <= high:
            return this_year - min((low + high) // 2, low + 10)
    return None


def _anonymise(user, *, erased_by) -> None:
    User = get_user_model()
    while True:
        login_id = "ERASED-" + secrets.token_hex(6).upper()
        if not User.objects.filter(login_id=login_id).exists():
            break
    user.login_id = login_id
    user.email = None
    user.phone = None
    user.phone_verified = False
    user.title = user.first_name = user.last_name = user.name_en = ""
    user.birth_year = _birth_year_in_band(user.birth_year)
    user.created_by = None
    user.must_set_password = False
    user.is_active = False
    user.erased_at = timezone.now()
    user.erased_by = erased_by
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


@transaction.atomic
def personal_data_erase(*, user, erased_by=None):
    """Erase a learner's personal data at their request; keep only anonymous counts.

    Each app's registered eraser runs first (certificates are revoked with the reason
    ``ERASURE_REASON`` and lose the name; lesson progress and quiz answers go; enrollments
    and attendance stay for the counts). Rows of other models whose required reference
    points at the person are deleted. The account row stays, anonymous and unusable.
    ``erased_by`` is the staff member who did it for the learner (default: the learner).
    Raises ``ValidationError`` (Thai) for an account that holds a role. Erasing an
    already erased account changes nothing.
    """
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        return user
    if not may_erase(user):
        raise ValidationError(
            _("This account holds a staff or admin role. Remove the role first, then erase the account.")
        )
    relations = user_relations()
    for model, fields in relations.items():
        if model is User:
            continue
        handler = handler_for(model._meta.label_lower)
        if handler.erase == KEEP:
            continue
        if callable(handler.erase):
            handler.erase(user)
            continue
        required = [f for f in fields if not f.null and not f.many_to_many]
        for field in required:
            model._default_manager.filter(**{field.name: user}).delete()
    _anonymise(user, erased_by=erased_by or user)
    logger.info("Personal data of user %s erased (by %s)", user.pk, getattr(erased_by, "pk", "themself"))
    return user
