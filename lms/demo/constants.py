"""The demo centers and accounts, as plain data (no model imports: `make run` prints them
before Django starts)."""

from dataclasses import dataclass

from lms.centers.constants import AgencyType

DEMO_PASSWORD = "demo-pass-2567"
# The authenticator-app key of the demo staff and admin accounts (two-factor authentication
# is required for them). Development only, printed by `make run`: add it to any
# authenticator app, or run `manage.py demo_totp` for the current code.
DEMO_TOTP_SECRET = "CDCLMSDEMOONLYDEVELOPMENT2567XYZ"
DEMO_TWO_FACTOR_KEYS = ("admin", "province", "staff")

CENTERS = [
    {
        "code": "CDC-CMI-001",
        "name": "ศูนย์ดิจิทัลชุมชน กศน.อำเภอสันทราย",
        "agency_type": AgencyType.NFE,
        "province": "50",
        "district": "สันทราย",
        "subdistrict": "สันทรายหลวง",
        "phone": "053-491-000",
    },
    {
        "code": "CDC-KKN-001",
        "name": "ศูนย์ดิจิทัลชุมชน เทศบาลตำบลบ้านฝาง",
        "agency_type": AgencyType.LOCAL_GOVERNMENT,
        "province": "40",
        "district": "บ้านฝาง",
        "subdistrict": "บ้านฝาง",
        "phone": "043-269-000",
    },
    {
        "code": "CDC-SKA-001",
        "name": "ศูนย์ดิจิทัลชุมชน โรงเรียนบ้านคลองแห",
        "agency_type": AgencyType.SCHOOL,
        "province": "90",
        "district": "หาดใหญ่",
        "subdistrict": "คลองแห",
        "phone": "074-250-000",
    },
]


@dataclass(frozen=True)
class DemoAccount:
    key: str
    login: str
    role_label: str
    email: str | None = None
    phone: str | None = None


ACCOUNTS = [
    DemoAccount("admin", "admin@example.com", "ผู้ดูแลระดับประเทศ", email="admin@example.com"),
    DemoAccount("province", "province@example.com", "ผู้ดูแลระดับจังหวัด (เชียงใหม่)", email="province@example.com"),
    DemoAccount("staff", "staff@example.com", "เจ้าหน้าที่ศูนย์ (สันทราย)", email="staff@example.com"),
    DemoAccount("trainer", "trainer@example.com", "วิทยากร (สันทราย)", email="trainer@example.com"),
    DemoAccount("learner", "0812345678", "ผู้เรียน", phone="+66812345678"),
]
