"""Production: refuses to start without its secrets, and passes ``check --deploy``.

Behind a reverse proxy that terminates TLS (docs/deploy.md): the proxy must set
``X-Forwarded-Proto`` and ``X-Forwarded-For``.
"""

from lms.settings.base import *  # noqa: F403
from lms.settings.env import env_bool, env_int, env_list, env_required

DEBUG = False
SECRET_KEY = env_required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env_required("DJANGO_ALLOWED_HOSTS")
# Signs the Open Badges credentials: a generated development key must never sign here.
OPENBADGES_SIGNING_KEY = env_required("OPENBADGES_SIGNING_KEY")

# Certificate PDFs are signed with the deployment's own certificate (docs/certificates.md,
# "Signed PDFs"): never with a development certificate made on the fly, which nobody
# outside could trust. The passphrase may be empty only for an unencrypted file.
CERTIFICATE_SIGNING_PKCS12 = env_required("CERTIFICATE_SIGNING_PKCS12")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# django-allauth rate-limits by client address. Behind a proxy, REMOTE_ADDR is the
# proxy's; trust X-Forwarded-For only for the number of proxies we really have.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 1)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None

# W019: Wagtail's live preview shows the page in a frame of the admin, which needs
# X-Frame-Options SAMEORIGIN rather than DENY. W021: joining the browsers' HSTS preload
# list is a decision for the owner of the whole domain; DJANGO_SECURE_HSTS_PRELOAD=true
# opts in.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W019", "security.W021"]  # noqa: F405
