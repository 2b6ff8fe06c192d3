"""Template helpers for account pages."""

from django import template

from lms.accounts.phone import format_thai_mobile

register = template.Library()


@register.filter
def thai_mobile(e164: str) -> str:
    """Show ``+66812345678`` as ``081-234-5678``, the way people write their number."""
    return format_thai_mobile(e164)
