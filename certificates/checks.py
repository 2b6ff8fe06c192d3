"""System checks of the certificates app: a configured signing key that cannot be read
stops ``check`` (and so every deployment step that runs it) instead of failing the
first certificate a worker stores."""

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
