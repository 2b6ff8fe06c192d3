"""Reads of courses and learning records, with their joins applied in one place.

The public API other tools call is re-exported here (``courses.selectors.course_progress``).
"""

from courses.selectors.catalogue import *  # noqa: F403
from courses.selectors.fragments import *  # noqa: F403
from courses.selectors.progress import *  # noqa: F403
from courses.selectors.sessions import *  # noqa: F403
