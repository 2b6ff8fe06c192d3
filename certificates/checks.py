"""System checks of the certificates app, run by ``manage.py check``, ``migrate`` and the
test runner before anything is served: a configured signing key that cannot be read stops
a deployment here instead of failing the first certificate a worker stores or the first
credential a learner downloads."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def signing_key_readable(app_configs=None, **kwargs):
    """``CERTIFICATE_SIGNING_PKCS12`` (when set) opens with its passphrase and holds a key
    and a certificate."""
    if not settings.CERTIFICATE_SIGNING_PKCS12:
        return []
    from certificates.signing import reset, signing_identity

    reset()
    try:
        signing_identity()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="certificates.E001")]
    return []


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
        return [checks.Error(str(error), id="certificates.E002")]
    return []
