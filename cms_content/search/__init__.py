"""Thai-aware full-text search for every indexed model.

Thai is written without spaces between words, so the database full-text engines (SQLite
FTS5, PostgreSQL ``tsvector``) see a whole Thai sentence as one word. This package puts
the spaces in: :mod:`cms_content.search.segmentation` splits Thai text into words, and
:mod:`cms_content.search.backend` is a Wagtail search backend that applies it to every
value it indexes and to every query it parses. It is a foundation: it imports nothing
from ``courses`` or the apps above it.
"""
