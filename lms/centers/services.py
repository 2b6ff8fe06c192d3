"""Writes to centers and memberships."""

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from lms.centers.constants import AgencyType
from lms.centers.models import Center, Province

CENTER_CSV_REQUIRED = ("code", "name", "province")
CENTER_CSV_OPTIONAL = ("agency_type", "district", "subdistrict", "address", "phone", "active")

_TRUE = {"1", "true", "yes", "y", "ใช่", "เปิด"}
_FALSE = {"0", "false", "no", "n", "ไม่", "ปิด"}


class CenterImportError(Exception):
    """The CSV has problems; ``errors`` lists them as ``line N: message``."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class CenterImportResult:
    created: int
    updated: int


def _province_lookup() -> dict[str, Province]:
    lookup: dict[str, Province] = {}
    for province in Province.objects.all():
        for key in (province.code, province.name_th, province.name_en.lower()):
            lookup[key] = province
    lookup["กทม"] = lookup["กทม."] = lookup["10"]
    return lookup


def _agency_type(raw: str) -> str | None:
    value = raw.strip().lower()
    if not value:
        return AgencyType.OTHER
    aliases = {
        "กศน": AgencyType.NFE,
        "กศน.": AgencyType.NFE,
        "อปท": AgencyType.LOCAL_GOVERNMENT,
        "อปท.": AgencyType.LOCAL_GOVERNMENT,
        "โรงเรียน": AgencyType.SCHOOL,
        "อื่นๆ": AgencyType.OTHER,
        "อื่น ๆ": AgencyType.OTHER,
    }
    if value in AgencyType.values:
        return value
    return aliases.get(value)


@transaction.atomic
def center_import_csv(*, text: str) -> CenterImportResult:
    """Create or update centers from CSV text, all or nothing.

    The header row names the columns: ``code``, ``name`` and ``province`` (a province
    code, Thai or English name) are required; ``agency_type``, ``district``,
    ``subdistrict``, ``address``, ``phone`` and ``active`` are optional. A row whose
    code exists updates that center.

    Raises :class:`CenterImportError` listing every problem with its line number; the
    database is then unchanged.
    """
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing_columns = [name for name in CENTER_CSV_REQUIRED if name not in header]
    if missing_columns:
        raise CenterImportError(
            [_("line 1: missing column(s): %(columns)s") % {"columns": ", ".join(missing_columns)}]
        )
    unknown = [name for name in header if name not in CENTER_CSV_REQUIRED + CENTER_CSV_OPTIONAL]
    if unknown:
        raise CenterImportError(
            [_("line 1: unknown column(s): %(columns)s") % {"columns": ", ".join(unknown)}]
        )

    provinces = _province_lookup()
    errors: list[str] = []
    rows: list[tuple[str, dict]] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        row = {(key or "").strip(): (value or "").strip() for key, value in row.items() if key}
        code, name, province_raw = row.get("code", ""), row.get("name", ""), row.get("province", "")
        if not code:
            errors.append(_("line %(line)d: the center code is missing") % {"line": line})
        elif code in seen:
            errors.append(
                _("line %(line)d: center code %(code)s is repeated (first on line %(first)d)")
                % {"line": line, "code": code, "first": seen[code]}
            )
        else:
            seen[code] = line
        if not name:
            errors.append(_("line %(line)d: the center name is missing") % {"line": line})
        province = provinces.get(province_raw) or provinces.get(province_raw.lower())
        if province is None:
            errors.append(
                _("line %(line)d: unknown province: %(province)s")
                % {"line": line, "province": province_raw or "-"}
            )
        agency = _agency_type(row.get("agency_type", ""))
        if agency is None:
            errors.append(
                _("line %(line)d: unknown host agency type: %(value)s")
                % {"line": line, "value": row.get("agency_type")}
            )
        active_raw = row.get("active", "").lower()
        if active_raw and active_raw not in _TRUE | _FALSE:
            errors.append(_("line %(line)d: active must be yes or no") % {"line": line})
        rows.append(
            (
                code,
                {
                    "name": name,
                    "province": province,
                    "agency_type": agency,
                    "district": row.get("district", ""),
                    "subdistrict": row.get("subdistrict", ""),
                    "address": row.get("address", ""),
                    "phone": row.get("phone", ""),
                    "is_active": active_raw not in _FALSE if active_raw else True,
                },
            )
        )
    if not rows and not errors:
        errors.append(_("line 2: the file has no centers"))
    if errors:
        raise CenterImportError(errors)

    existing = set(Center.objects.filter(code__in=[code for code, _ in rows]).values_list("code", flat=True))
    for code, fields in rows:
        Center.objects.update_or_create(code=code, defaults=fields)
    return CenterImportResult(created=len(rows) - len(existing), updated=len(existing))
