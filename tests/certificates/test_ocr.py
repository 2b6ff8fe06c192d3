"""The printed page can be read: Thai OCR of 300 dpi renderings of real certificates.

Every other check reads the PDF's text layer or compares one rendering with another;
these tests look at the pixels, as a person (or a scanner) does. The certificate used to
name "TH Sarabun New", which Debian's fonts-thai-tlwg answers with Laksaman under a
0.66 scaling rule: the letters were drawn on top of each other while the text layer
still read fine. ``test_the_check_rejects_overlapping_letters`` draws that old font list
again and shows the check fails on it.

Threshold, calibrated on 2026-11-29 (Tesseract 5.3.0, Debian's tha model) with the
learners below, best of the segmentation modes (``tests/certificates/ocr.py``):

- the shipped face (LMS Sarabun): every name part, course title, month name and date
  line 0.85–1.00 (lowest: ฎ and ฏ read as ภ in "ปู่ฎีกาปฏิภาณ"; tone marks dropped
  in the bold "นางน้ำผึ้ง");
- the old font list (Laksaman at 0.66): 0.25–0.76, most below 0.5.

So a text counts as read back at 0.80 or more.
"""

import re
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from weasyprint.text.fonts import FontConfiguration

from certificates import rendering, services
from certificates.rendering import CertificateHTML, SafeURLFetcher, format_thai_date
from tests.certificates.ocr import page_scores
from tests.factories.accounts import UserFactory
from tests.factories.certificates import completed_enrollment, course_page

pytestmark = pytest.mark.django_db

THRESHOLD = 0.80
BANGKOK = ZoneInfo("Asia/Bangkok")
# The font list of the certificate before the face was shipped (main until 2026-11-29).
OLD_FONT_FAMILY = '"TH Sarabun New", "Laksaman", "Sarabun", "Noto Sans Thai", serif'

# Title, first name, last name, course, completion day. Hard letters: ญ ฐ (ญ with its
# tail, ฐ with its lower loop), ฎ ฏ (a mark below the line), stacked marks (ปิ่น, ปู่,
# น้ำผึ้ง: a tone over an upper vowel, over a lower vowel, over sara am), and a name of
# 35 letters. Months and days chosen with the digits Tesseract confuses (๖, ๙).
LEARNERS = [
    ("นางสาว", "ญาณิศา", "ฐิติวัฒน์", "การทำบัญชีครัวเรือนด้วยแอปพลิเคชัน", (2024, 6, 16)),
    ("นาย", "ปิ่นเกล้า", "ปู่ฎีกาปฏิภาณ", "ความปลอดภัยทางไซเบอร์สำหรับผู้สูงอายุ", (2021, 10, 9)),
    ("นาง", "น้ำผึ้ง", "ศรีสุวรรณวงศ์ชัยมงคลประเสริฐ", "การขายสินค้าออนไลน์ผ่านโทรศัพท์มือถือ", (2025, 2, 28)),
]


def issue(title, first_name, last_name, course_title, day):
    user = UserFactory(title=title, first_name=first_name, last_name=last_name)
    enrollment = completed_enrollment(
        user=user, course=course_page(title=course_title), completed_at=datetime(*day, 10, tzinfo=BANGKOK)
    )
    return services.certificate_issue(enrollment=enrollment)


def expected_texts(certificate) -> list[str]:
    """What a reader must find on the page: each name part, the course, the date line
    and its month name."""
    date_text = format_thai_date(certificate.completed_on, thai_digits=True)
    month = date_text.split()[1]
    given_on = f"ให้ไว้ ณ วันที่ {date_text}"
    return [*certificate.printed_name.split(), certificate.course_title, month, given_on]


def unreadable(pdf: bytes, certificates) -> list[str]:
    """The expected texts that OCR does not read back, with their scores ([] if all are)."""
    expected = [expected_texts(c) for c in certificates]
    failures = []
    for page, scores in enumerate(page_scores(pdf, expected, THRESHOLD), start=1):
        print(f"page {page}: " + ", ".join(f"{text} {score:.2f}" for text, score in scores.items()))
        failures += [
            f"page {page}: {text!r} {score:.2f}" for text, score in scores.items() if score < THRESHOLD
        ]
    return failures


def old_font_list_pdf(certificates) -> bytes:
    """The certificates drawn as before the face was shipped: the same page, with the
    system font list "TH Sarabun New", … and no ``@font-face``."""
    html = rendering.certificates_html(certificates, title="เกียรติบัตร", author="")
    html, faces = re.subn(r"@font-face \{[^}]*\}", "", html)
    assert faces, "the certificate no longer loads its face with @font-face: update this test"
    new_family = f'font-family: "{rendering.FONT_FAMILY}", sans-serif'
    assert new_family in html
    html = html.replace(new_family, f"font-family: {OLD_FONT_FAMILY}")
    base_url = Path(settings.MEDIA_ROOT).resolve().as_uri() + "/"
    document = CertificateHTML(string=html, base_url=base_url, url_fetcher=SafeURLFetcher())
    # A fresh font configuration: the shared one has our shipped face registered.
    return document.render(font_config=FontConfiguration()).write_pdf()


def test_learner_names_course_and_date_are_read_back_from_the_printed_page(default_template):
    certificates = [issue(*learner) for learner in LEARNERS]
    assert len("น้ำผึ้ง" + "ศรีสุวรรณวงศ์ชัยมงคลประเสริฐ") == 35

    pdf = rendering.render_certificates_pdf(certificates)

    assert unreadable(pdf, certificates) == []


def test_a_single_download_is_read_back_too(default_template):
    """The learner's own download goes through ``render_certificate_pdf``."""
    certificate = issue(*LEARNERS[1])

    assert unreadable(rendering.render_certificate_pdf(certificate), [certificate]) == []


def test_the_check_rejects_overlapping_letters(default_template):
    """Today's failure, kept as a test: with the old font list, fontconfig answers "TH
    Sarabun New" with Laksaman scaled to 0.66, the letters overlap, and the same check
    finds names it cannot read."""
    match = subprocess.run(["fc-match", "TH Sarabun New"], capture_output=True, text=True, check=True).stdout
    assert "Laksaman" in match, (
        f"fonts-thai-tlwg is needed to draw the old rendering, fc-match gave {match!r}"
    )
    certificates = [issue(*learner) for learner in LEARNERS[:2]]

    failures = unreadable(old_font_list_pdf(certificates), certificates)

    names = [part for c in certificates for part in c.printed_name.split()]
    assert names and all(any(f"{name!r}" in failure for failure in failures) for name in names), failures
