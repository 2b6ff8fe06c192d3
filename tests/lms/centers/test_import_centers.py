"""manage.py import_centers: good files load; bad files change nothing and say where."""

import pytest
from django.core.management import CommandError, call_command

from lms.centers.constants import AgencyType
from lms.centers.models import Center, Province

pytestmark = pytest.mark.django_db

HEADER = "code,name,province,agency_type,district,subdistrict,address,phone,active\n"


def _write(tmp_path, text):
    path = tmp_path / "centers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_77_provinces_ship_as_data():
    assert Province.objects.count() == 77
    assert Province.objects.get(code="10").name_th == "กรุงเทพมหานคร"
    assert Province.objects.filter(name_th="บึงกาฬ").exists()


def test_good_csv_creates_centers(tmp_path, capsys):
    path = _write(
        tmp_path,
        "\ufeff"
        + HEADER
        + "CDC-001,ศูนย์ดิจิทัลชุมชน กศน.อำเภอเมือง,เชียงใหม่,กศน.,เมือง,ศรีภูมิ,,053-000-000,yes\n"
        + "CDC-002,ศูนย์ดิจิทัลชุมชน อบต.บ้านใหม่,40,อปท.,,,,,\n"
        + "CDC-003,ศูนย์ดิจิทัลชุมชน โรงเรียนบ้านนา,Songkhla,school,,,,,no\n",
    )
    call_command("import_centers", str(path))
    assert Center.objects.count() == 3
    first = Center.objects.get(code="CDC-001")
    assert first.province.code == "50"
    assert first.agency_type == AgencyType.NFE
    assert first.district == "เมือง"
    assert Center.objects.get(code="CDC-002").agency_type == AgencyType.LOCAL_GOVERNMENT
    assert Center.objects.get(code="CDC-003").is_active is False
    assert "3 centers created" in capsys.readouterr().out


def test_only_required_columns_are_enough(tmp_path):
    path = _write(tmp_path, "code,name,province\nCDC-9,ศูนย์ทดสอบ,กรุงเทพมหานคร\n")
    call_command("import_centers", str(path))
    center = Center.objects.get(code="CDC-9")
    assert center.agency_type == AgencyType.OTHER
    assert center.is_active is True


def test_reimport_updates_in_place(tmp_path):
    call_command("import_centers", str(_write(tmp_path, "code,name,province\nCDC-1,ชื่อเดิม,50\n")))
    call_command("import_centers", str(_write(tmp_path, "code,name,province\nCDC-1,ชื่อใหม่,50\n")))
    assert Center.objects.get(code="CDC-1").name == "ชื่อใหม่"
    assert Center.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("CDC-1,ศูนย์หนึ่ง,50\nCDC-2,ศูนย์สอง,เมืองที่ไม่มีจริง\n", ["บรรทัดที่ 3", "เมืองที่ไม่มีจริง"]),
        ("CDC-1,ศูนย์หนึ่ง,50\nCDC-1,ศูนย์ซ้ำ,50\n", ["บรรทัดที่ 3", "CDC-1", "บรรทัดที่ 2"]),
        ("CDC-1,ศูนย์หนึ่ง,50\nCDC-2,,50\n", ["บรรทัดที่ 3"]),
    ],
    ids=["unknown-province", "duplicate-code", "missing-name"],
)
def test_bad_csv_is_refused_with_line_numbers_and_changes_nothing(tmp_path, body, expected):
    Center.objects.create(code="KEEP", name="ศูนย์เดิม", province=Province.objects.get(code="10"))
    path = _write(tmp_path, "code,name,province\n" + body)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_centers", str(path))
    message = str(excinfo.value)
    for fragment in expected:
        assert fragment in message
    assert list(Center.objects.values_list("code", flat=True)) == ["KEEP"]


def test_missing_required_column_is_refused(tmp_path):
    path = _write(tmp_path, "code,name\nCDC-1,ศูนย์หนึ่ง\n")
    with pytest.raises(CommandError, match="บรรทัดที่ 1.*province"):
        call_command("import_centers", str(path))
    assert not Center.objects.exists()
