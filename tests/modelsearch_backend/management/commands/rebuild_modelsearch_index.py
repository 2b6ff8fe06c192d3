"""modelsearch's rebuild command under its own name, which its ``BackendTests`` call.

Wagtail registers it as ``wagtail_update_index`` (modelsearch itself is not in
``INSTALLED_APPS``; ``wagtail.search`` stands in for it); this is the same command.
"""

from wagtail.search.management.commands.wagtail_update_index import Command  # noqa: F401
