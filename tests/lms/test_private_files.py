"""The private-files system check: certificates never end up in the public folder."""

from lms.private_files import check_private_files
from lms.settings.storages import disk_storages


def test_private_files_inside_media_root_stop_the_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, **disk_storages(private_root=tmp_path / "media" / "private")}
    assert [error.id for error in check_private_files()] == ["lms.private_files.E003"]


def test_an_unknown_file_server_stops_the_site(settings):
    settings.PRIVATE_FILES_SERVER = "apache"
    assert [error.id for error in check_private_files()] == ["lms.private_files.E001"]


def test_the_default_settings_pass(settings):
    assert check_private_files() == []
