"""The PDF: the shipped Thai face embedded, text and QR read back, safe with hostile names."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from certificates.rendering import SafeURLFetcher, name_font_size, render_certificate_pdf, verification_url
from tests.certificates.pdftools import (
    page_count,
    pdf_attachments,
    pdf_fonts,
    pdf_info,
    pdf_text,
    pdf_xmp,
    qr_codes,
)
from tests.factories.certificates import completed_enrollment, course_page

pytestmark = pytest.mark.django_db


def issue_for(user=None, **course_fields):
    enrollment = completed_enrollment(
        user=user, course=course_page(**course_fields) if course_fields else None
    )
    return services.certificate_issue(enrollment=enrollment)


def flat(text: str) -> str:
    """Text without whitespace. pdftotext puts a space where a shifted mark leaves a gap
    (after ปิ่ in ปิ่นเกล้า): a matter of its layout guesses, the PDF has no space there."""
    return "".join(text.split())


def test_pdf_embeds_only_the_shipped_face_and_gives_back_name_and_course(default_template):
    from tests.factories.accounts import UserFactory

    user = UserFactory(title="นาง", first_name="น้ำผึ้ง", last_name="ญาณิศาฐิติ")
    certificate = issue_for(user=user, title="การทำบัญชีครัวเรือนด้วยแอปพลิเคชัน")
    pdf = render_certificate_pdf(certificate)

    # Regular and bold of LMS Sarabun (static/fonts/sarabun), embedded, and nothing
    # else: no system font (DejaVu, Laksaman) stands in for any character.
    embedded = [line.split() for line in pdf_fonts(pdf).splitlines()[2:] if line.strip()]
    assert sorted(line[0].split("+", 1)[1] for line in embedded) == ["LMS-Sarabun", "LMS-Sarabun-Bold"]
    assert all(line[-5:-2] == ["yes", "yes", "yes"] for line in embedded)  # embedded, subset, mapped
    # Sara am included: the name, the course and the centre's "อำเภอ" copy out as typed.
    text = pdf_text(pdf)
    assert "นางน้ำผึ้ง ญาณิศาฐิติ" in text
    assert "การทำบัญชีครัวเรือนด้วยแอปพลิเคชัน" in text
    assert "ผู้อำนวยการ" in text
    code = certificate.verification_code
    assert f"{code[:9]}\n{code[10:]}" in text  # two groups a line
    assert page_count(pdf) == 1


def test_the_widest_verification_code_prints_as_two_whole_lines(default_template):
    """Wide letters made the code wrap wherever it ran out of room ("WRWV-K74M-BQ77-" /
    "XNUH"); it always prints as two groups a line."""
    certificate = issue_for()
    Certificate.objects.filter(pk=certificate.pk).update(verification_code="WWWW-MMMM-WWWW-MMMM")
    certificate.refresh_from_db()
    lines = pdf_text(render_certificate_pdf(certificate)).splitlines()
    assert "WWWW-MMMM" in lines
    assert lines[lines.index("WWWW-MMMM") + 1] == "WWWW-MMMM"


def test_pdf_is_a4_landscape_pdfa_with_title_and_author(default_template):
    certificate = issue_for()
    pdf = render_certificate_pdf(certificate)
    info = pdf_info(pdf)
    page_size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in page_size.split()[2:5:2])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    assert certificate.serial in info
    assert certificate.center_name in info
    assert "pdfaid:part" in pdf_xmp(pdf)


def test_date_is_printed_in_thai_with_buddhist_year(default_template):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    enrollment = completed_enrollment(completed_at=datetime(2021, 10, 9, 10, tzinfo=ZoneInfo("Asia/Bangkok")))
    certificate = services.certificate_issue(enrollment=enrollment)
    assert "ให้ไว้ ณ วันที่ ๙ ตุลาคม พ.ศ. ๒๕๖๔" in pdf_text(render_certificate_pdf(certificate))


def test_arabic_digits_when_the_template_says_so(default_template):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    default_template.use_thai_digits = False
    default_template.save()
    enrollment = completed_enrollment(completed_at=datetime(2021, 10, 9, 10, tzinfo=ZoneInfo("Asia/Bangkok")))
    certificate = services.certificate_issue(enrollment=enrollment)
    assert "ให้ไว้ ณ วันที่ 9 ตุลาคม พ.ศ. 2564" in pdf_text(render_certificate_pdf(certificate))


def test_qr_code_decodes_to_verification_url_that_says_valid(default_template):
    certificate = issue_for()
    codes = qr_codes(render_certificate_pdf(certificate))
    assert codes == [verification_url(certificate.verification_code)]
    path = codes[0].split("://", 1)[1].split("/", 1)[1]
    response = Client().get("/" + path)
    assert response.status_code == 200
    assert "ใช้ได้" in response.content.decode()


HOSTILE_NAMES = [
    "<b>ตัวหนา</b><script>alert(1)</script>",
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="file:///etc/hostname"> url(file:///etc/passwd)',
    "</p><style>body{background:url(http://127.0.0.1:9/x.png)}</style>",
    "ก่ก้ก๊ก๋ก์ กิ่กี้กึ๊กื๋ ปู่ป้าน้ำค้าง",
    "สมศรี" * 30,
]


@pytest.mark.parametrize("last_name", HOSTILE_NAMES)
def test_hostile_names_are_printed_literally_and_nothing_is_fetched(default_template, last_name, caplog):
    from tests.factories.accounts import UserFactory

    user = UserFactory(title="นาย", first_name="ทดสอบ", last_name=last_name)
    certificate = issue_for(user=user)
    with caplog.at_level(logging.DEBUG, logger="certificates.rendering"):
        pdf = render_certificate_pdf(certificate)

    asked = [record.getMessage() for record in caplog.records if record.name == "certificates.rendering"]
    assert not [line for line in asked if "/etc/" in line or "http" in line]
    assert b"/EmbeddedFile" not in pdf
    assert "0 embedded files" in pdf_attachments(pdf) or pdf_attachments(pdf).strip() == ""
    assert page_count(pdf) == 1
    # Stacked marks and sara am included, every character copies out as typed.
    assert flat(last_name) in flat(pdf_text(pdf))


def test_long_names_shrink():
    assert name_font_size("นายสมชาย ใจดี") > name_font_size("นายสมชาย " + "ใจดีมาก" * 20)
    # Tone marks and vowels above and below take no width.
    assert name_font_size("ก่ก้ก๊ก๋") == name_font_size("กกกก")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/logo.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.com/x",
    ],
)
def test_url_fetcher_refuses_everything_outside_our_folders(url):
    with pytest.raises(ValueError):
        SafeURLFetcher().fetch(url)


@pytest.mark.disk_media  # file: paths and symlinks of the local media folder
def test_url_fetcher_refuses_paths_that_walk_out_of_media(settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "logo.png").write_bytes(b"\x89PNG")
    settings.MEDIA_ROOT = media
    fetcher = SafeURLFetcher()
    assert fetcher.fetch((media / "logo.png").as_uri()).read() == b"\x89PNG"
    with pytest.raises(ValueError):
        fetcher.fetch((media / ".." / ".." / "etc" / "passwd").as_uri())
    (media / "escape").symlink_to("/etc")
    with pytest.raises(ValueError):
        fetcher.fetch((media / "escape" / "passwd").as_uri())


def test_url_fetcher_reads_media_through_the_storage_and_refuses_walking_out():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("images/logo.png", ContentFile(b"\x89PNG stored"))
    fetcher = SafeURLFetcher()
    response = fetcher.fetch(f"lms-media:{name}")
    assert response.read() == b"\x89PNG stored"
    for url in ("lms-media:../private/x.pdf", "lms-media:/etc/passwd", "lms-media:images/missing.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_verification_url_is_absolute(settings):
    settings.SITE_URL = "https://lms.example.th"
    settings.CERTIFICATES_SITE_URL = "https://lms.example.th"
    assert verification_url("AAAA-BBBB-CCCC-DDDD") == "https://lms.example.th" + reverse(
        "certificates:verify", args=["AAAA-BBBB-CCCC-DDDD"]
    )


def test_logo_from_media_is_drawn_through_the_safe_fetcher(default_template, caplog):
    import io
    import subprocess
    import tempfile

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:  # emptied by a transactional test
        Collection.add_root(name="Root")
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 60), (29, 78, 137)).save(buffer, "PNG")
    default_template.logo = Image.objects.create(title="โลโก้", file=ImageFile(buffer, name="logo.png"))
    default_template.save()
    certificate = issue_for()
    with caplog.at_level(logging.DEBUG, logger="certificates.rendering"):
        pdf = render_certificate_pdf(certificate)
    assert any("logo" in record.getMessage() for record in caplog.records)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        listing = subprocess.run(["pdfimages", "-list", handle.name], capture_output=True, text=True).stdout
    assert len(listing.strip().splitlines()) == 3  # two header lines, one image


def _dark_pixels(pdf: bytes) -> int:
    """How many pixels of the page, drawn at 50 dpi in grey, are darker than mid-grey."""
    import subprocess
    import tempfile
    from pathlib import Path

    from PIL import Image as PILImage

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "doc.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-gray", "-png", "-r", "50", "-singlefile", f"{folder}/doc.pdf", f"{folder}/page"],
            check=True,
        )
        with PILImage.open(f"{folder}/page.png") as page:
            return sum(1 for value in page.convert("L").tobytes() if value < 128)


def test_background_image_stays_behind_the_text(default_template):
    """The background covers the whole sheet; everything else is drawn on top of it."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:  # emptied by a transactional test
        Collection.add_root(name="Root")
    certificate = issue_for()
    without = _dark_pixels(render_certificate_pdf(certificate))
    buffer = io.BytesIO()
    PILImage.new("RGB", (297, 210), (253, 246, 227)).save(buffer, "PNG")  # cream paper
    default_template.background = Image.objects.create(title="พื้นหลัง", file=ImageFile(buffer, name="bg.png"))
    default_template.save()
    certificate = issue_for()

    with_background = _dark_pixels(render_certificate_pdf(certificate))
    assert without > 1000  # text, frame and QR code
    # Drawn over the frame and the lead lines, the paper hid about a fifth of them.
    assert with_background > 0.95 * without
