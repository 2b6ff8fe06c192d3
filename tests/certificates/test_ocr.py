"""The printed page can be read: Thai OCR of 300 dpi renderings of real certificates.

Every other check reads the PDF's text layer or compares one rendering with another;
these tests look at the pixels, as a person (or a scanner) does. The certificate used to
name "TH Sarabun New", which Debian's fonts-thai-tlwg answers with Laksaman under a
0.66 scaling rule: the letters were drawn on top of each other while the text layer
still read fine. ``test_the_check_rejects_overlapping_letters`` draws that old font list
again and shows the check fails on it.

Threshold, calibrated on 2026-11-29 (Tesseract 5.3.0, Debian's tha model) with the
learners of ``tests/certificates/ocr.py``, best of its segmentation modes:

- the shipped face (LMS Sarabun): every name part, course title, month name and date
  line 0.84–1.00 (lowest: tone marks dropped in the bold "นางน้ำผึ้ง", 0.84; ฎ and ฏ
  read as ภ in "ปู่ฎีกาปฏิภาณ", 0.85);
- the old font list (Laksaman at 0.66): name parts 0.25–0.72, every text 0.22–0.76,
  most below 0.5 (``benchmarks/certificates_ocr.py`` prints these figures).

So a text counts as read back at 0.80 or more.
"""

import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from certificates import rendering, services
from tests.certificates.ocr import LEARNERS, expected_texts, old_font_list_pdf, page_scores
from tests.factories.accounts import UserFactory
from tests.factories.certificates import completed_enrollment, course_page

pytestmark = pytest.mark.django_db

THRESHOLD = 0.80
BANGKOK = ZoneInfo("Asia/Bangkok")


def issue(title, first_name, last_name, course_title, day):
    user = UserFactory(title=title, first_name=first_name, last_name=last_name)
    enrollment = completed_enrollment(
        user=user, course=course_page(title=course_title), completed_at=datetime(*day, 10, tzinfo=BANGKOK)
    )
    return services.certificate_issue(enrollment=enrollment)


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
