import os
import subprocess
from pathlib import Path

import pytest

from lms.settings.storages import disk_storages
from tests.factories.certificates import CertificateTemplateFactory

# As tests/conftest.py: in CI a missing capability is a failure, not a skip.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
FILLER = "filler"


@pytest.fixture
def default_template(db):
    return CertificateTemplateFactory()


@pytest.fixture
def full_disk(settings, tmp_path):
    """The private storage on a real file system with only 8 KB left: a 256 KB tmpfs,
    filled. Mounting needs root: CI fails without it; elsewhere the test is skipped,
    saying why."""
    mount_point = tmp_path / "full-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        reason = f"The full-disk tests mount a small tmpfs, which needs root: {mounted.stderr.strip()}"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        stats = os.statvfs(mount_point)
        (mount_point / FILLER).write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - 8192))
        # A disk, whatever the run: the private storage is the local folder backend.
        settings.STORAGES = {
            **settings.STORAGES,
            "private": disk_storages(private_root=mount_point)["private"],
        }
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def files_under(folder: Path) -> list[str]:
    """Every file under ``folder`` (hidden temporary files included), but the filler."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != FILLER)


def assert_try_again_later(response, heading: str) -> None:
    """The Thai "try again later" page of a download that cannot be served now (a full
    or unreachable file store, a time-stamping authority that does not answer)."""
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert heading in html and "ลองอีกครั้ง" in html
