"""The one domain event ``courses`` announces.

``course_completed`` is sent inside the transaction that sets
``Enrollment.completed_at``, exactly once per enrollment, by
:func:`courses.services.lesson_complete`, ``quiz_attempt_submit`` or
``lessons_complete_in_person`` (online and in-person completion alike).
Receivers get ``enrollment=`` and run in the same transaction: a receiver that raises
rolls the completion back, so receivers must only do idempotent, quick work (the
certificates app issues a certificate and queues its PDF for a background task).
"""

from django.dispatch import Signal

course_completed = Signal()
