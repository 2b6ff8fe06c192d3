"""A certificate as an Open Badges 3.0 ``OpenBadgeCredential`` (W3C VC Data Model 2.0).

Pure functions: they read a certificate (with ``user`` and ``course`` already loaded)
and return dictionaries; nothing is written. :mod:`certificates.openbadges.signing`
turns the dictionary into a signed JWT.

What goes in, and why (docs/certificates.md, "Open Badges 3.0"):

- the achievement: the course title as printed on the certificate, its summary, the
  criteria (in Thai, with the hours) and ``inLanguage`` from the course's language;
- its English name, when the course had an English title at issue (the certificate
  keeps it in ``course_title_en``): OB 3.0 types ``name`` as one plain string, so
  another language is a separate edition of the achievement, named in ``related``
  (``{"id", "type": ["Related"], "inLanguage": "en"}``) and published at its own
  address (:func:`english_edition_url`, :func:`build_english_achievement`). Without an
  English title there is no ``related``: no name is made up or machine-translated;
- the recipient: a salted SHA-256 of their login ID (``identityHash``) and the name
  printed on the certificate; never the phone number or email address;
- the issuer: the issuing center as a ``Profile`` whose ``parentOrg`` is the national
  issuer profile (or the national profile alone when no center is recorded);
- ``validFrom``: when the certificate was issued (whole seconds, as the JWT ``nbf``);
- ``credentialStatus``: its bit in a W3C Bitstring Status List (revoked or replaced
  → set).
"""

import hashlib
import uuid
from datetime import UTC, datetime, time
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from certificates.app_settings import app_settings
from certificates.openbadges.contexts import CONTEXT_OB3, CONTEXT_VC2

SCHEMA_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
SCHEMA_TYPE = "1EdTechJsonSchemaValidator2019"
# The spec's minimum (131,072 entries, 16 KB): every list hides which entry a verifier checks.
STATUS_LIST_SIZE = 131072
_SALT_PURPOSE = "certificates.openbadges.recipient-salt"
# The namespace of the ``urn:uuid:`` ids we derive (credential, subject): the same
# certificate always gets the same ids, whatever SITE_URL is.
ID_NAMESPACE = uuid.UUID("5b0f6d8e-3f4a-5c1e-9d2b-7a6c4e8f1b03")


def derived_urn(kind: str, value: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{kind}:{value}')}"


def absolute(path: str) -> str:
    return f"{app_settings.SITE_URL}{path}"


def national_issuer_id() -> str:
    return absolute(reverse("certificates:openbadges_issuer"))


def center_issuer_id(center_id: int) -> str:
    return absolute(reverse("certificates:openbadges_center_issuer", args=[center_id]))


def status_list_url(number: int) -> str:
    return absolute(reverse("certificates:openbadges_status_list", args=[number]))


def key_url(kid: str) -> str:
    return absolute(reverse("certificates:openbadges_key", args=[kid]))


def english_edition_key(title_en: str, hours: Decimal) -> str:
    """16 hex digits naming one English edition of a course's achievement.

    A digest of what the edition says that can differ between certificates of one
    course (the English title and the hours, both frozen at issue), so its address
    keeps saying what it said when a credential first named it, even after the course
    is renamed; it holds nothing about any learner.
    """
    return hashlib.sha256(f"{title_en}\n{format_hours(hours)}".encode()).hexdigest()[:16]


def english_edition_url(translation_key, title_en: str, hours: Decimal) -> str:
    """Where the English edition of a course's achievement is published (public JSON)."""
    key = english_edition_key(title_en, hours)
    return absolute(reverse("certificates:openbadges_achievement_en", args=[translation_key, key]))


def status_list_position(certificate_id: int) -> tuple[int, int]:
    """Which status list and which entry in it hold ``certificate_id``'s status.

    The certificate's own primary key decides: stable, unique, and known without
    storing anything; the serial on the paper tells the order of issue anyway.
    """
    return divmod(certificate_id, STATUS_LIST_SIZE)


def national_profile() -> dict:
    """The national issuer: the deployment that runs the centers' LMS and signs."""
    with translation.override(settings.LANGUAGE_CODE):
        name = str(app_settings.OPENBADGES_ISSUER_NAME)
    return {
        "id": national_issuer_id(),
        "type": ["Profile"],
        "name": name,
        "url": app_settings.SITE_URL + "/",
    }


def center_profile(center_id: int, name: str) -> dict:
    """An issuing center, under the national issuer."""
    return {
        "id": center_issuer_id(center_id),
        "type": ["Profile"],
        "name": name,
        "parentOrg": national_profile(),
    }


def issuer_profile(certificate) -> dict:
    if certificate.center_id and certificate.center_name:
        return center_profile(certificate.center_id, certificate.center_name)
    return national_profile()


def recipient_salt(certificate) -> str:
    """A salt only we can compute: an HMAC of the certificate's code under SECRET_KEY.

    Login IDs are short, so a public salt alone would not stop a guess of every ID;
    the salt is published in the credential (verifiers need it) but cannot be
    predicted for another certificate.
    """
    return salted_hmac(_SALT_PURPOSE, certificate.verification_code, algorithm="sha256").hexdigest()[:32]


def identity_hash(login_id: str, salt: str) -> str:
    """``sha256$`` and the hex SHA-256 of the login ID followed by the salt (OB 3.0)."""
    return "sha256$" + hashlib.sha256(f"{login_id}{salt}".encode()).hexdigest()


def format_hours(hours: Decimal) -> str:
    return f"{hours:.0f}" if hours == hours.to_integral_value() else f"{hours:.1f}"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _course_criteria(*, title: str, hours: str, pass_mark: int) -> str:
    """What earns the achievement, in the active language."""
    return gettext(
        "Completed the course “%(course)s” (%(hours)s hours of study): every lesson done and every "
        "quiz passed with at least %(pass_mark)s%%, or the center's in-person training attended in full."
    ) % {"course": title, "hours": hours, "pass_mark": pass_mark}


def _default_description(hours: str) -> str:
    return gettext("A course of %(hours)s hours of study at a Community Digital Center.") % {"hours": hours}


def build_english_achievement(
    *, translation_key, title_en: str, hours: Decimal, pass_mark: int, language: str
) -> dict:
    """The English edition of a course's achievement: an OB 3.0 ``Achievement`` whose
    ``related`` points back at the course's own achievement (``language``, Thai).

    The English title and hours are the ones frozen on the certificates that name this
    edition; the texts around them are the English originals of the Thai ones.
    """
    shown_hours = format_hours(hours)
    with translation.override("en"):
        description = _default_description(shown_hours)
        criteria = _course_criteria(title=title_en, hours=shown_hours, pass_mark=pass_mark)
    return {
        "id": english_edition_url(translation_key, title_en, hours),
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": title_en,
        "description": description,
        "criteria": {"narrative": criteria},
        "inLanguage": "en",
        "related": [
            {
                "id": f"urn:uuid:{translation_key}",
                "type": ["Related"],
                "inLanguage": language or settings.LANGUAGE_CODE,
            }
        ],
    }


def _achievement(certificate) -> dict:
    course = certificate.course
    hours = format_hours(certificate.hours)
    related = []
    if course is not None:
        achievement_id = f"urn:uuid:{course.translation_key}"
        description = (course.summary or "").strip()
        language = course.language or settings.LANGUAGE_CODE
        criteria = _course_criteria(title=certificate.course_title, hours=hours, pass_mark=course.pass_mark)
        if certificate.course_title_en:
            related.append(
                {
                    "id": english_edition_url(
                        course.translation_key, certificate.course_title_en, certificate.hours
                    ),
                    "type": ["Related"],
                    "inLanguage": "en",
                }
            )
    else:
        achievement_id = derived_urn("course-title", certificate.course_title)
        description = ""
        language = settings.LANGUAGE_CODE
        criteria = gettext("Completed the course “%(course)s” (%(hours)s hours of study).") % {
            "course": certificate.course_title,
            "hours": hours,
        }
    if not description:
        description = _default_description(hours)
    achievement = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": certificate.course_title,
        "description": description,
        "criteria": {"narrative": criteria},
        "inLanguage": language,
    }
    if related:
        achievement["related"] = related
    return achievement


def build_credential(certificate) -> dict:
    """The unsigned ``OpenBadgeCredential`` of ``certificate`` (its learner must exist).

    Raises ``ValueError`` when the learner's account is gone (erased): there is no
    login ID left to identify them by.
    """
    if certificate.user is None:
        raise ValueError("The certificate's learner no longer exists.")
    salt = recipient_salt(certificate)
    list_number, index = status_list_position(certificate.pk)
    list_url = status_list_url(list_number)
    completed = timezone.make_aware(datetime.combine(certificate.completed_on, time()))
    with translation.override(settings.LANGUAGE_CODE):
        achievement = _achievement(certificate)
        return {
            "@context": [CONTEXT_VC2, CONTEXT_OB3],
            "id": derived_urn("certificate", certificate.verification_code),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": certificate.course_title,
            "description": achievement["description"],
            "issuer": issuer_profile(certificate),
            "validFrom": _iso(certificate.issued_at),
            "credentialSubject": {
                "id": derived_urn("recipient", salt),
                "type": ["AchievementSubject"],
                "identifier": [
                    {
                        "type": "IdentityObject",
                        "identityHash": identity_hash(certificate.user.login_id, salt),
                        "identityType": "accountId",
                        "hashed": True,
                        "salt": salt,
                    },
                    {
                        "type": "IdentityObject",
                        "identityHash": certificate.printed_name,
                        "identityType": "name",
                        "hashed": False,
                    },
                ],
                "activityEndDate": completed.isoformat(),
                "achievement": achievement,
            },
            "credentialStatus": {
                "id": f"{list_url}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": str(index),
                "statusListCredential": list_url,
            },
            "credentialSchema": [{"id": SCHEMA_URL, "type": SCHEMA_TYPE}],
        }


def build_status_list_credential(*, number: int, encoded_list: str, valid_from: datetime) -> dict:
    """The unsigned ``BitstringStatusListCredential`` for list ``number``."""
    url = status_list_url(number)
    return {
        "@context": [CONTEXT_VC2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        # The issuer's id only: the VC context alone does not define Profile's terms.
        "issuer": national_issuer_id(),
        "validFrom": _iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }
