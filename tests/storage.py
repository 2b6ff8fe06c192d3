"""Looking into a storage the same way on local disk and in an S3 bucket."""

from django.core.files.storage import Storage


def stored_names(storage: Storage, folder: str = "") -> list[str]:
    """Every file name under ``folder`` of ``storage``, sorted (hidden temporary files
    of the local private folder included)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names.extend(stored_names(storage, prefix + sub))
    return sorted(names)
