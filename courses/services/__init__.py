"""Every write to courses and learning records goes through these services.

The public API other tools call is re-exported here: ``enrollment_create``,
``lesson_complete``, ``quiz_attempt_submit`` (see docs/api.md).
"""

from courses.services.learning import *  # noqa: F403
from courses.services.offline import *  # noqa: F403
from courses.services.sessions import *  # noqa: F403
