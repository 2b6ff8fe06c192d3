"""What an Open Badges credential and a status list cost to build and sign.

    .venv/bin/python benchmarks/openbadges.py [--runs 50]

Prints the median time to build and sign one credential, to encode and sign one status
list of 131,072 entries (1 % set), and, as the yardstick from the same run, to render
one certificate PDF; then each as a ratio of the PDF (machines differ by 2× and more).
Everything is pure: unsaved certificates, no database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")


def median_seconds(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.utils import timezone

    from certificates.models import Certificate
    from certificates.openbadges.credential import (
        STATUS_LIST_SIZE,
        build_credential,
        build_status_list_credential,
    )
    from certificates.openbadges.signing import sign_credential
    from certificates.openbadges.status_list import encode_bitstring
    from certificates.rendering import render_certificate_pdf
    from lms.accounts.models import User

    certificate = Certificate(
        pk=4242,
        serial_year=2569,
        serial_number=42,
        serial="2569-000042",
        verification_code="K7M2-QPXA-R4TB-Z6NW",
        learner_title="นางสาว",
        learner_name="ประภาพรรณ ศรีสุวรรณวงศ์",
        course_title="การใช้สมาร์ทโฟนเบื้องต้น",
        center_name="ศูนย์ดิจิทัลชุมชน สันทราย",
        center_id=7,
        completed_on=date(2026, 11, 1),
        hours=Decimal("6"),
        design={"title": "เกียรติบัตร", "body": "ได้ผ่านการอบรมหลักสูตร {course}", "use_thai_digits": True},
        issued_at=timezone.now(),
    )
    certificate.user = User(login_id="K7M2QPXA")
    sign_credential(build_credential(certificate))  # load (or make) the key once
    revoked = random.Random(1).sample(range(STATUS_LIST_SIZE), STATUS_LIST_SIZE // 100)

    def status_list():
        encoded = encode_bitstring(revoked, size=STATUS_LIST_SIZE)
        sign_credential(
            build_status_list_credential(number=0, encoded_list=encoded, valid_from=timezone.now())
        )

    credential = median_seconds(lambda: sign_credential(build_credential(certificate)), args.runs)
    status = median_seconds(status_list, args.runs)
    pdf = median_seconds(lambda: render_certificate_pdf(certificate), max(5, args.runs // 10))
    print(f"one certificate PDF (yardstick): {pdf * 1000:.1f} ms")
    print(f"one credential, built and signed: {credential * 1000:.2f} ms = {credential / pdf:.3f} PDF")
    print(
        f"one status list (131072 entries, 1 % set), signed: {status * 1000:.2f} ms = {status / pdf:.3f} PDF"
    )


if __name__ == "__main__":
    main()
