"""How well Thai OCR reads the printed certificate: the figures behind the OCR test.

    .venv/bin/python benchmarks/certificates_ocr.py [--old-font-list]

Draws the learners of ``tests/certificates/ocr.py`` (hard letters, stacked marks, a name
of 35 letters) as one PDF, rasterises it at 300 dpi and prints, for each page, the best
character similarity of each name part, the course, the month name and the date line
over Tesseract's segmentation modes 4, 6 and 3 (all three, not stopping early as the
test does). ``--old-font-list`` draws the same pages with the font list of the
certificate before the face was shipped ("TH Sarabun New", which Debian answers with
Laksaman at 0.66). The test requires 0.80 for every text. Takes a minute or two.

Rendering is pure, so the certificates are unsaved model instances: no database needed.
"""

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.certificates import sample_certificates, setup  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--old-font-list", action="store_true", help="draw with the old system font list")
    args = parser.parse_args()
    setup()
    from certificates import rendering
    from tests.certificates.ocr import LEARNERS, expected_texts, old_font_list_pdf, page_scores

    certificates = sample_certificates(len(LEARNERS))
    for certificate, (title, first_name, last_name, course, day) in zip(certificates, LEARNERS, strict=True):
        certificate.learner_title, certificate.learner_name = title, f"{first_name} {last_name}"
        certificate.course_title, certificate.completed_on = course, date(*day)
    pdf = (
        old_font_list_pdf(certificates)
        if args.old_font_list
        else rendering.render_certificates_pdf(certificates)
    )
    expected = [expected_texts(certificate) for certificate in certificates]
    scores = page_scores(pdf, expected, threshold=2)  # above any score: every mode is read
    names = []
    for page, (certificate, page_scores_) in enumerate(zip(certificates, scores, strict=True), start=1):
        print(f"page {page}: " + ", ".join(f"{text} {score:.2f}" for text, score in page_scores_.items()))
        names += [page_scores_[part] for part in certificate.printed_name.split()]
    every = [score for page_scores_ in scores for score in page_scores_.values()]
    print(f"name parts {min(names):.2f}–{max(names):.2f}; every text {min(every):.2f}–{max(every):.2f}")


if __name__ == "__main__":
    main()
