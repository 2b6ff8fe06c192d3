"""Page addresses (slugs) that keep Thai vowels and tone marks.

Thai writes most vowels and every tone mark as combining marks (Unicode category ``Mn``:
ั ิ ี ึ ื ุ ู ่ ้ ๊ ๋ ็ ์). Django's ``slugify(..., allow_unicode=True)`` keeps only ``\\w``
characters, and Python's ``\\w`` does not match combining marks, so the lesson
"ตั้งเสียงเรียกเข้าและโหมดเงียบ" became ``ตงเสยงเรยกเขาและโหมดเงยบ``; Django's
``validate_unicode_slug`` refused any slug that kept them; and Wagtail's admin JavaScript
(``w-slug``) strips everything but ``\\p{L}\\p{N}`` too.

This module fixes all three in one place, installed by :meth:`CmsContentConfig.ready`:

* :func:`slugify` keeps letters, digits *and combining marks*; Wagtail's page model uses
  it when it fills in an empty slug from the title;
* :func:`validate_unicode_slug` accepts those marks; it replaces Django's validator for
  the page ``slug`` field and for every ``forms.SlugField(allow_unicode=True)`` built
  afterwards (the page editor, "copy page");
* ``static/js/thai-slugs.js`` (added to every admin page by ``wagtail_hooks``) makes the
  editor's live slug keep them too;
* :data:`SERVE_PATTERN` is Wagtail's page-serving URL pattern with the marks added
  (Wagtail's own is ``[\\w\\-]``): ``lms/urls.py`` adds it after Wagtail's, so such
  pages are served and ``page.url`` can be reversed.

With ``WAGTAIL_ALLOW_UNICODE_SLUGS = False`` nothing changes: slugs stay ASCII.
"""

import re
import unicodedata

from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.text import slugify as django_slugify

__all__ = ["SERVE_PATTERN", "install", "slugify", "validate_unicode_slug"]

# Combining marks (Python's ``re`` has no ``\p{M}``): Latin diacritics, Thai, Lao, and the
# general combining blocks.
_MARKS = "\u0300-\u036f\u0e31-\u0e4e\u0eb1-\u0ecd\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
#: Wagtail's ``serve_pattern`` (with ``WAGTAIL_APPEND_SLASH``), accepting combining marks.
SERVE_PATTERN = rf"^((?:[\w\-{_MARKS}]+/)*)$"

_DJANGO_VALIDATOR = validators.validate_unicode_slug


def _keep(char: str) -> bool:
    return char.isalnum() or char in "_-" or char.isspace() or unicodedata.category(char).startswith("M")


def slugify(value, allow_unicode: bool = False) -> str:
    """Django's ``slugify``, except that with ``allow_unicode`` combining marks are kept.

    ``slugify("ตั้งเสียงเรียกเข้าและโหมดเงียบ", allow_unicode=True)`` is the title itself.
    """
    if not allow_unicode:
        return django_slugify(value)
    value = unicodedata.normalize("NFC", str(value)).lower()
    value = "".join(char for char in value if _keep(char))
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def validate_unicode_slug(value) -> None:
    """Django's ``validate_unicode_slug``, also accepting combining marks (Thai vowels
    and tone marks). Raises ``ValidationError`` with Django's own message and code."""
    text = str(value)
    if not text or not all(
        char.isalnum() or char in "_-" or unicodedata.category(char).startswith("M") for char in text
    ):
        raise ValidationError(_DJANGO_VALIDATOR.message, code=_DJANGO_VALIDATOR.code)


def install() -> None:
    """Make Wagtail's page slugs keep combining marks (see the module docstring).

    Idempotent. Replaces Django's validator where it is looked up when a form field is
    built, the page model's slug field validators (built when Wagtail was imported), and
    the ``slugify`` Wagtail's page model calls when it fills in a slug from the title.
    """
    from wagtail.models import Page
    from wagtail.models import pages as wagtail_pages

    validators.validate_unicode_slug = validate_unicode_slug
    field = Page._meta.get_field("slug")
    field.default_validators = [validate_unicode_slug]
    field.__dict__.pop("validators", None)  # a cached_property: recomputed on next use
    wagtail_pages.slugify = slugify
