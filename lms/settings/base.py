"""Settings shared by every environment.

Everything lives here; ``dev``, ``test`` and ``production`` only override. Integrations
are switched by environment variables read through :mod:`lms.settings.env`:
``DATABASE_URL`` (PostgreSQL instead of the embedded SQLite), ``REDIS_URL`` (a shared
cache for several app servers), ``MEDIA_ROOT``, ``SITE_URL`` and the rest listed in the
README.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from lms.settings.databases import database_config
from lms.settings.env import env_bool, env_int, env_list, env_str
from lms.settings.storages import disk_storages, s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("LMS_VAR_DIR", str(BASE_DIR / "var")))
# The embedded database, the file cache and test artefacts live here; a fresh clone has none.
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The public address of the site, used where a link must be absolute: the QR code on a
# certificate, links in messages, the Wagtail admin's notification emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

# --- Open Badges 3.0 credentials (docs/certificates.md, "Open Badges") --------------
# A PEM file holding the RSA private key (PKCS#8 or PKCS#1, unencrypted, 2048 bits or
# more) that signs every credential and status list. Unset outside production: a
# development key is generated under VAR_DIR/openbadges/ on first use.
OPENBADGES_SIGNING_KEY = env_str("OPENBADGES_SIGNING_KEY", "")
# Public keys (PEM files, comma-separated) of keys signed with before a rotation: they
# stay published so the credentials they signed keep verifying.
OPENBADGES_RETIRED_PUBLIC_KEYS = env_list("OPENBADGES_RETIRED_PUBLIC_KEYS")

INSTALLED_APPS = [
    # Our apps first, so our templates override those of the packages below.
    "lms.accounts",
    "lms.centers",
    "cms_content",
    "courses",
    "certificates",
    "lms.reports",
    "lms.demo",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    # Background work
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # /healthz for load balancers, answered before anything else runs (lms/healthz.py).
    "lms.healthz.HealthzMiddleware",
    # Anonymous pages from the shared cache, before any session or database work; a page
    # is stored with the headers SecurityMiddleware adds (docs/caching.md). In production
    # lms.wsgi answers stored pages even before Django's handler runs.
    "cms_content.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.accounts.middleware.DeviceUserMiddleware",
    "lms.accounts.middleware.IdleTimeoutMiddleware",
    "lms.accounts.middleware.MustSetPasswordMiddleware",
    "lms.accounts.middleware.RateLimitMiddleware",
    "lms.accounts.middleware.TwoFactorRequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------
# The embedded default is one SQLite file, named by SQLITE_PATH or by a sqlite:// URL in
# DATABASE_URL; either way it runs with the options of lms.settings.databases (WAL, the
# busy timeout, IMMEDIATE transactions, foreign keys). A postgres:// URL switches to
# PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL")
SQLITE_PATH = Path(env_str("SQLITE_PATH", str(VAR_DIR / "db.sqlite3")))
SQLITE_BUSY_TIMEOUT_SECONDS = env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20)
DATABASES = {
    "default": database_config(
        DATABASE_URL,
        sqlite_path=SQLITE_PATH,
        busy_timeout_seconds=SQLITE_BUSY_TIMEOUT_SECONDS,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}

IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    # Wagtail's PostgreSQL search and our indexes need it.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------
# Several app servers must share one cache (rate limits, sessions of the admin's
# previews); Redis does that. The embedded default keeps a file cache in var/, which
# the processes of one machine share.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lms",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# The page cache (docs/caching.md): whole anonymous pages and the shared parts of
# logged-in lesson pages, purged when a page is published, moved or deleted or anything
# they show changes. PAGE_CACHE_ENABLED=false switches every page cache off.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# A safety net only: purges do not wait for it (seconds).
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 24 * 60 * 60)
# The query parameters cached pages read; any other one is rendered, never cached.
PAGE_CACHE_QUERY_PARAMS = ["category", "page"]

# --- Background work --------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- Accounts ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: people sign in with an email address, a Thai mobile number or the
# login ID that staff gave them; there is no username to invent.
ACCOUNT_ADAPTER = "lms.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "phone", "username"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = "login_id"
ACCOUNT_SIGNUP_FIELDS = ["email", "phone", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# A learner who signs up with a mobile number confirms it with a code sent by SMS
# (through AccountAdapter.send_verification_code_sms -> SMS_BACKEND). Generous for
# elderly learners on slow networks: 6 digits only (numeric keypad), 30 minutes to type
# it, 5 tries, 3 resends, and 2 chances to correct a mistyped number. docs/sms.md.
# A center that has no SMS provider yet turns it off (PHONE_VERIFICATION_ENABLED=false):
# with the console backend no code would ever reach the learner.
ACCOUNT_PHONE_VERIFICATION_ENABLED = env_bool("PHONE_VERIFICATION_ENABLED", True)
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 30 * 60
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = 5
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = 3
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_CHANGE = 2
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_FORMS = {
    "login": "lms.accounts.code_forms.LoginForm",
    "verify_phone": "lms.accounts.code_forms.VerifyPhoneForm",
    "confirm_login_code": "lms.accounts.code_forms.ConfirmLoginCodeForm",
}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# Limits sized for a center: 40–60 learners behind one router share one IP address.
# allauth keeps the limits per account, phone number or email address, which carry the
# weight against guessing; the per-IP limits, sized for a whole room, are ours
# (ACCOUNTS_RATE_LIMITS, defaults in lms/accounts/app_settings.py): allauth's per-IP
# limits queue a room's requests on one cache lock. docs/rate-limits.md.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": "5/5m/key",
    "signup": None,
    "verify_phone": "1/30s/key",
    "request_login_code": "3/m/key",
    "reset_password": "5/m/key",
    "reset_password_from_key": None,
}
ACCOUNT_SIGNUP_FORM_CLASS = "lms.accounts.forms.SignupForm"
# A learner who forgot the password and has only a mobile number logs in with a
# code sent by SMS (through the adapter), then sets a new password.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# The reset link by email ends logged in, like the SMS code (docs/accounts.md).
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# Right after a walk-in code or an SMS code, the new password may be chosen without the
# old one for this long (seconds); after that, the current password is asked again.
ACCOUNTS_PASSWORD_STEP_SECONDS = 15 * 60
# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) with recovery codes.
# Staff, trainers who publish, provincial and national admins must set it up before any
# page under these paths (lms.accounts.middleware.TwoFactorRequiredMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ศูนย์ดิจิทัลชุมชน LMS"
MFA_ADAPTER = "lms.accounts.adapter.MFAAdapter"
ACCOUNTS_TWO_FACTOR_PATHS = ["/staff/", "/admin/"]

# LINE and Google login appear only when their credentials are in the environment;
# the provider apps are installed only then, so no button leads nowhere.
SOCIALACCOUNT_PROVIDERS: dict = {}
LINE_CHANNEL_ID = env_str("LINE_CHANNEL_ID")
LINE_CHANNEL_SECRET = env_str("LINE_CHANNEL_SECRET")
if LINE_CHANNEL_ID and LINE_CHANNEL_SECRET:
    INSTALLED_APPS.append("allauth.socialaccount.providers.line")
    SOCIALACCOUNT_PROVIDERS["line"] = {
        "APPS": [{"client_id": LINE_CHANNEL_ID, "secret": LINE_CHANNEL_SECRET}],
        "SCOPE": ["profile", "openid"],
    }
GOOGLE_CLIENT_ID = env_str("GOOGLE_CLIENT_ID")
GOOGLE_CLIENT_SECRET = env_str("GOOGLE_CLIENT_SECRET")
if GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET:
    INSTALLED_APPS.append("allauth.socialaccount.providers.google")
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": GOOGLE_CLIENT_ID, "secret": GOOGLE_CLIENT_SECRET}],
        "SCOPE": ["profile", "email"],
    }

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Shared PCs at a center: a session idle this long ends (see lms.accounts.middleware).
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_COOKIE_AGE = 12 * 60 * 60

# --- Language and time ------------------------------------------------------------
# Thai for everyone: many learners' phones are set to English, yet they read Thai. There
# is no LocaleMiddleware, so the browser's Accept-Language does not switch the site; the
# Wagtail admin follows each user's own language preference (Thai unless they change it).
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
# Our strings first; then our Thai for the Wagtail admin (docs/translations.md), which
# wins over the Thai that Wagtail, Django and allauth ship because LOCALE_PATHS come first.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail-th"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private files (certificate and batch PDFs) live outside MEDIA_ROOT: no URL serves
# them; only permission-checked views hand them out (lms/private_files.py).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))

# --- Object storage (S3-compatible: AWS S3, MinIO, Cloudflare R2, Wasabi ...) ------
# Setting S3_BUCKET moves media from the local disk to a bucket that every app server
# and worker shares (docs/deploy.md, "Object storage"). Public uploads (Wagtail images,
# renditions, documents) go under "media/" and are served straight from the store, or
# from S3_PUBLIC_MEDIA_URL (a CDN whose origin is the bucket); certificate and batch PDFs
# go under "private/" of the same bucket, or to the root of S3_PRIVATE_BUCKET (for stores
# such as R2 that make a whole bucket public or nothing). Private objects get no ACL and
# no public policy: our views stream them after checking who asks.
S3_BUCKET = env_str("S3_BUCKET")
S3_PRIVATE_BUCKET = env_str("S3_PRIVATE_BUCKET")
S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL")
S3_ACCESS_KEY_ID = env_str("S3_ACCESS_KEY_ID")
S3_SECRET_ACCESS_KEY = env_str("S3_SECRET_ACCESS_KEY")
S3_REGION = env_str("S3_REGION") or "us-east-1"
S3_PUBLIC_MEDIA_URL = env_str("S3_PUBLIC_MEDIA_URL").rstrip("/")

if S3_BUCKET:
    _media_storages = s3_storages(
        bucket=S3_BUCKET,
        private_bucket=S3_PRIVATE_BUCKET,
        endpoint_url=S3_ENDPOINT_URL,
        access_key_id=S3_ACCESS_KEY_ID,
        secret_access_key=S3_SECRET_ACCESS_KEY,
        region=S3_REGION,
        public_media_url=S3_PUBLIC_MEDIA_URL,
    )
else:
    _media_storages = disk_storages(private_root=PRIVATE_MEDIA_ROOT)
STORAGES = {
    **_media_storages,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# How those views send a private file: "django" streams it; "x-accel-redirect" (nginx)
# or "x-sendfile" (Apache, lighttpd) hands the sending to the web server.
PRIVATE_FILES_SERVER = env_str("PRIVATE_FILES_SERVER", "django")
PRIVATE_FILES_ACCEL_PREFIX = env_str("PRIVATE_FILES_ACCEL_PREFIX", "/_private/")
# Signing certificate PDFs (PAdES, certificates/signing.py, docs/certificates.md): a
# PKCS#12 file with the key and certificate, its passphrase, and an optional RFC 3161
# time-stamping authority. Unset: a self-signed development certificate is made under
# CERTIFICATE_SIGNING_DEV_DIR on first use (production settings require the file).
CERTIFICATE_SIGNING_PKCS12 = env_str("CERTIFICATE_SIGNING_PKCS12")
CERTIFICATE_SIGNING_PASSPHRASE = env_str("CERTIFICATE_SIGNING_PASSPHRASE")
CERTIFICATE_TSA_URL = env_str("CERTIFICATE_TSA_URL")
CERTIFICATE_TSA_TIMEOUT_SECONDS = 10
CERTIFICATE_SIGNING_DEV_DIR = VAR_DIR / "signing"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Wagtail ----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "ศูนย์ดิจิทัลชุมชน"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = [("th", "ไทย"), ("en", "English")]
# Every center is in Thailand: one time zone, so the account page does not offer ~600.
WAGTAIL_USER_TIME_ZONES = ["Asia/Bangkok"]
# Thai-aware: Wagtail's database backend with Thai word segmentation (docs/search.md).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "cms_content.search.backend"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
# Lessons' read-aloud recordings are documents too (courses.constants.READ_ALOUD_AUDIO_*).
WAGTAILDOCS_EXTENSIONS += ["mp3", "m4a", "ogg", "wav"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

# --- Email ------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security defaults (production tightens) --------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
SMS_BACKEND = env_str("SMS_BACKEND", "lms.accounts.sms.console_backend")

# allauth warns when no login method is a required sign-up field. Ours needs an email
# address OR a mobile number (either will do), which its settings cannot express; the
# sign-up form enforces it instead (lms.accounts.forms).
SILENCED_SYSTEM_CHECKS = ["account.W001"]
WAGTAILADMIN_LOGIN_URL = "account_login"
