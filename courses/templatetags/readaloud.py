"""``{% filter speakable %}``: the lesson page wraps the sentences of its body for read-aloud."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from courses.readaloud import speakable_html

register = template.Library()


@register.filter(is_safe=True)
def speakable(value):
    """Rendered HTML with each sentence in ``<span data-s="N">`` (see courses.readaloud).

    Text that is not already safe HTML is escaped first, so the filter never turns
    user input into markup; the parser re-escapes every text it copies.
    """
    return mark_safe(speakable_html(str(conditional_escape(value))))  # noqa: S308
