"""Reading a printed certificate back as a person does: from the pixels, with Thai OCR.

The page is rasterised with ``pdftoppm -r 300`` (a good office scan) and read by
Tesseract's Thai model (Debian ``tesseract-ocr`` and ``tesseract-ocr-tha``). Tesseract's
page segmentation varies: a bold name line can be skipped in one mode and read
perfectly in another, so every page is read in a few modes and each expected text is
scored against the best of them.

The score is a character similarity between 0 and 1: the best ``difflib`` ratio
(2 × matching characters / both lengths) between the expected text and any stretch of
the OCR text of about the same length. Both sides are compared without whitespace
(Tesseract drops and adds spaces in Thai, which has no spaces between words), with sara
am as one character (Tesseract gives ำ back as nikhahit + sara aa, ``ํา``), and with every
digit as ``#`` (its Thai model confuses some Thai digits, ๖ read as ๐): a date is
compared by its month name and the number of its digits.
"""

import difflib
import os
import re
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration

from certificates import rendering

DPI = 300
# Tried in this order: 4, one column of text of varying sizes (read the certificate
# best); 6, one uniform block of text; 3, automatic layout (Tesseract's default).
PSM_MODES = (4, 6, 3)
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_DIGIT_RE = re.compile(f"[0-9{THAI_DIGITS}]")

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


def page_images(pdf: bytes, folder: Path) -> list[Path]:
    """Every page of ``pdf`` as a 300 dpi greyscale PNG in ``folder``."""
    path = folder / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(DPI), str(path), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def read_image(image: Path, psm: int) -> str:
    """Tesseract's Thai reading of ``image`` in page segmentation mode ``psm``."""
    # One thread: tests run beside other work on a small machine, and Tesseract's
    # OpenMP threads only fight over the cores there.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(
        ["tesseract", str(image), "stdout", "-l", "tha", "--psm", str(psm)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout


def normalised(text: str) -> str:
    """``text`` as compared: no whitespace, ``ํา`` as ``ำ``, every digit as ``#``."""
    text = "".join(text.split()).replace("\u0e4d\u0e32", "\u0e33")
    return _DIGIT_RE.sub("#", text)


def similarity(expected: str, ocr_text: str) -> float:
    """How well ``expected`` is found in ``ocr_text``: the best ratio over stretches of
    the OCR text (within a line or across two, as a long title may wrap) that are up to
    a quarter longer or shorter than ``expected``."""
    needle = normalised(expected)
    if not needle:
        raise ValueError("Nothing to look for.")
    lines = [normalised(line) for line in ocr_text.splitlines()]
    lines = [line for line in lines if line]
    haystacks = lines + [a + b for a, b in zip(lines, lines[1:], strict=False)]
    slack = max(2, len(needle) // 4)
    best = 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for haystack in haystacks:
        for length in range(max(1, len(needle) - slack), len(needle) + slack + 1):
            for start in range(0, max(1, len(haystack) - length + 1)):
                matcher.set_seq1(haystack[start : start + length])
                if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                    best = max(best, matcher.ratio())
    return best


def page_scores(pdf: bytes, expected: list[list[str]], threshold: float) -> list[dict[str, float]]:
    """For each page of ``pdf``, the best :func:`similarity` of each of its ``expected``
    texts over the segmentation modes. Modes are tried in turn and the next one only
    while some text of the page scores below ``threshold`` (each reading costs seconds)."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        images = page_images(pdf, Path(folder))
        assert len(images) == len(expected), f"{len(images)} pages, {len(expected)} expected"
        for image, texts in zip(images, expected, strict=True):
            best = dict.fromkeys(texts, 0.0)
            for psm in PSM_MODES:
                reading = read_image(image, psm)
                for text in texts:
                    best[text] = max(best[text], similarity(text, reading))
                if min(best.values()) >= threshold:
                    break
            results.append(best)
    return results


def expected_texts(certificate) -> list[str]:
    """What a reader must find on the page: each name part, the course, the date line
    and its month name."""
    date_text = rendering.format_thai_date(certificate.completed_on, thai_digits=True)
    month = date_text.split()[1]
    given_on = f"ให้ไว้ ณ วันที่ {date_text}"
    return [*certificate.printed_name.split(), certificate.course_title, month, given_on]


def old_font_list_pdf(certificates) -> bytes:
    """The certificates drawn as before the face was shipped: the same page, with the
    system font list "TH Sarabun New", … and no ``@font-face``."""
    html = rendering.certificates_html(certificates, title="เกียรติบัตร", author="")
    css, faces = re.subn(r"@font-face \{[^}]*\}", "", rendering.certificate_css_text())
    assert faces, "the certificate no longer loads its face with @font-face: update this test"
    new_family = f'font-family: "{rendering.FONT_FAMILY}", sans-serif'
    assert new_family in css
    css = css.replace(new_family, f"font-family: {OLD_FONT_FAMILY}")
    base_url = Path(settings.MEDIA_ROOT).resolve().as_uri() + "/"
    document = rendering.CertificateHTML(
        string=html, base_url=base_url, url_fetcher=rendering.SafeURLFetcher()
    )
    # A fresh font configuration: the shared one has our shipped face registered.
    font_config = FontConfiguration()
    return document.render(
        font_config=font_config, stylesheets=[CSS(string=css, font_config=font_config)]
    ).write_pdf()
