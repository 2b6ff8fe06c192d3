"""Course folders: a course as plain Markdown and YAML files (see docs/course-folder.md).

The contract is ``../shared/spec/course-folder.md``; this package implements it:

- :mod:`.reader` reads and validates a folder (no database),
- :mod:`.markdown` turns lesson bodies into lesson blocks,
- :mod:`.importer` writes a valid folder into the page tree (the ``course_folder_import``
  service), and
- :mod:`.writer` writes a published course back out (``course_folder_export``).
"""

from courses.course_folder.errors import CourseFolderError, FolderError
from courses.course_folder.importer import ImportResult, course_folder_import
from courses.course_folder.reader import read_course_folder
from courses.course_folder.writer import course_folder_export

__all__ = [
    "CourseFolderError",
    "FolderError",
    "ImportResult",
    "course_folder_export",
    "course_folder_import",
    "read_course_folder",
]
