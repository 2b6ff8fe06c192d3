"""Sending text messages through a pluggable backend.

``settings.SMS_BACKEND`` names a callable ``send(phone: str, message: str) -> None``.
The default, :func:`console_backend`, prints the message: right for development and
tests, where no SMS provider exists. A provider plugs in by pointing the setting at its
own function (docs/sms.md).
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

#: Messages the console backend sent, newest last (tests read it).
outbox: list[tuple[str, str]] = []


def console_backend(phone: str, message: str) -> None:
    """Print the message instead of sending it."""
    outbox.append((phone, message))
    logger.warning("SMS to %s: %s", phone, message)


def send_sms(phone: str, message: str) -> None:
    """Send ``message`` to ``phone`` (E.164) through the configured backend."""
    backend = import_string(getattr(settings, "SMS_BACKEND", "lms.accounts.sms.console_backend"))
    backend(phone, message)
