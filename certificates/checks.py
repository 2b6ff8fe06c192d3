"""System checks of the certificates app, run by ``manage.py check``, ``migrate`` and
the test runner before anything is served."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def check_openbadges_signing_key(app_configs=None, **kwargs):
    """A configured ``OPENBADGES_SIGNING_KEY`` must load: a wrong path or a key of the
    wrong kind stops a deployment here, not at a learner's first download."""
    if not settings.OPENBADGES_SIGNING_KEY:
        return []
    from certificates.openbadges.keys import signing_key

    try:
        signing_key()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="certificates.E001")]
    return []
