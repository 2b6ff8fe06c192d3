"""Reading PDFs back with poppler and zbar, as a person with a phone would."""

import subprocess
import tempfile
import unicodedata
from pathlib import Path

SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"


def without_sara_am(text: str) -> str:
    """Text as pdftotext gives it back: sara am (ำ) comes out as sara aa (า) because the
    font draws it as nikhahit + sara aa, so both sides are compared with ำ as า."""
    return text.replace(NIKHAHIT + SARA_AA, SARA_AA).replace(SARA_AM, SARA_AA)


def without_marks(text: str) -> str:
    """Text without Thai marks above and below the line (tone marks, upper and lower
    vowels). pdftotext cannot give stacked marks back faithfully: WeasyPrint's
    glyph-to-Unicode map holds one text per glyph, and the shifted tone-mark glyphs
    are shared between clusters. The base letters still prove the name is printed."""
    return "".join(ch for ch in without_sara_am(text) if unicodedata.category(ch) != "Mn")


def _run(args: list[str], pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run([*args, str(path)], capture_output=True, text=True, check=True).stdout


def pdf_text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def pdf_fonts(pdf: bytes) -> str:
    return _run(["pdffonts"], pdf)


def pdf_info(pdf: bytes) -> str:
    return _run(["pdfinfo"], pdf)


def pdf_xmp(pdf: bytes) -> str:
    """The XMP metadata (where PDF/A declares itself)."""
    return _run(["pdfinfo", "-meta"], pdf)


def pdf_attachments(pdf: bytes) -> str:
    return _run(["pdfdetach", "-list"], pdf)


def page_count(pdf: bytes) -> int:
    for line in pdf_info(pdf).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")


def qr_codes(pdf: bytes) -> list[str]:
    """Every QR code on the first page, read by zbarimg from a 150 dpi PNG."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "150",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(path),
                f"{folder}/page",
            ],
            check=True,
        )
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", f"{folder}/page.png"], capture_output=True, text=True
        )
        return [line for line in result.stdout.splitlines() if line]


def page_pixels(pdf: bytes, *, dpi: int = 75) -> list[bytes]:
    """Every page drawn by poppler at ``dpi``, as raw RGB bytes (for exact comparisons)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), f"{folder}/page"], check=True)
        pages = []
        for png in sorted(Path(folder).glob("page-*.png")):
            with Image.open(png) as image:
                pages.append(image.convert("RGB").tobytes())
        return pages
