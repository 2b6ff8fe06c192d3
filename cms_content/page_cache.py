"""The shared page cache: whole anonymous pages, and a generation that purges them all.

Design (docs/caching.md):

* **One generation number** lives in the shared cache (Redis, or the file cache of one
  machine). Every cached page, and every cached fragment of a logged-in page
  (``courses.selectors.fragments``), has it in its key. Anything that can change what a
  page shows bumps it: a page published, unpublished, moved, deleted or saved while live,
  the site settings, an image or a document, a view restriction, a site, a migration
  (a deploy). Old entries are then never read again and expire on their own. A few
  publishes a day make a global purge cheap, and it cannot miss a page that lists
  another (catalogue cards, outlines, breadcrumbs, previous/next).
* **Anonymous pages** of the page types that declare ``page_cache_anonymous = True``
  are stored whole by :class:`PageCacheMiddleware`, keyed by generation, host, path and
  the query parameters the pages read (``PAGE_CACHE_QUERY_PARAMS``). Only a request
  without a session or messages cookie is served from it, so a logged-in learner, staff
  and anyone with a message waiting always get their own page. Only a response that set
  no cookie, used no CSRF token and consumed no message is stored, so no visitor's token
  or message can reach another.
* Previews and revision views (Wagtail's dummy requests) neither read nor write it.

``PAGE_CACHE_ENABLED=false`` switches off every page and fragment cache (the
"before" figures of ``benchmarks/throughput.py``).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from http import HTTPStatus
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, ObjectDoesNotExist
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.url_routing import RouteResult

from lms.healthz import HEALTHZ_PATH

logger = logging.getLogger(__name__)
T = TypeVar("T")
GENERATION_KEY = "pagecache:generation"
#: Response header that says whether a page came from the cache (hit, miss).
STATUS_HEADER = "X-Page-Cache"
#: Headers never stored with a page: they belong to one response.
_UNSTORED_HEADERS = {"set-cookie", "date"}
#: ``Vary`` values a shared entry may carry: anything else would need its own key.
_ALLOWED_VARY = {"cookie", "accept-encoding"}
#: Cookies that make a request someone's own: a session (logged in, or anonymous with
#: state such as a passed page password) or a message waiting to be shown.
_MESSAGES_COOKIE = "messages"


class PageCacheSettings:
    """The page cache's settings with their defaults, read lazily (tests override them)."""

    @property
    def ENABLED(self) -> bool:
        """``PAGE_CACHE_ENABLED``: every page and fragment cache on (default) or off."""
        return getattr(settings, "PAGE_CACHE_ENABLED", True)

    @property
    def TIMEOUT(self) -> int:
        """``PAGE_CACHE_TIMEOUT``: seconds an entry lives at most (a safety net only:
        purges do not wait for it)."""
        return getattr(settings, "PAGE_CACHE_TIMEOUT", 24 * 60 * 60)

    @property
    def QUERY_PARAMS(self) -> frozenset[str]:
        """``PAGE_CACHE_QUERY_PARAMS``: query parameters the cached pages read; a request
        with any other parameter (``?q=``, tracking tags) is rendered, not cached, so
        nobody can fill the cache with made-up addresses."""
        return frozenset(getattr(settings, "PAGE_CACHE_QUERY_PARAMS", ("category", "page")))


page_cache_settings = PageCacheSettings()


def _fresh_generation() -> int:
    """A generation for a cache that has none (fresh, flushed, restarted): a random
    52-bit number, so it never falls back to a number that entries stored before, here or
    in a process's memory of recent pages (:func:`_stored_page`), were keyed by."""
    return secrets.randbits(52)


def page_cache_generation() -> int:
    """The current generation (:func:`_fresh_generation` when the cache has none)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return int(generation)


def page_cache_purge() -> int:
    """Bump the generation: every cached page and fragment is out of date at once.

    Returns the new generation. Safe from several processes at once: Redis increments
    atomically; the file cache reads and writes, and two racing purges there still both
    leave a number that no entry was stored under.
    """
    try:
        return cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet
        generation = _fresh_generation()
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            return cache.incr(GENERATION_KEY)
        return generation


def shared_fragment(*, name: str, parts: tuple, build: Callable[[], T], request=None) -> T:
    """A part of a page that is the same for everyone who sees it (a rendered lesson
    body, a course outline), from the shared cache, or ``build()`` stored there.

    The key holds ``name``, ``parts`` (page id, revision ...) and the generation, so any
    purge retires it. Previews (``request.is_preview``) and ``PAGE_CACHE_ENABLED=false``
    always build afresh. The generation is read once per request.
    """
    if not page_cache_settings.ENABLED or getattr(request, "is_preview", False):
        return build()
    generation = getattr(request, "page_cache_generation", None)
    if generation is None:
        generation = page_cache_generation()
        if request is not None:
            request.page_cache_generation = generation
    key = ":".join(["pagecache:fragment", name, str(generation), *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, page_cache_settings.TIMEOUT)
    return value


def shared_route(*, root, request, path_components: list[str], route: Callable):
    """Wagtail's ``route()`` from ``root`` down ``path_components``, from the shared cache.

    Routing walks the tree one query per level plus one per specific page; the result,
    a page of a type that declares ``page_cache_anonymous`` (and no route arguments), is
    the same for everyone until the next purge. Addresses that are not found (404) are
    not stored, so made-up addresses cannot fill the cache.
    """
    if not path_components or not page_cache_settings.ENABLED:
        return route(request, path_components)
    generation = getattr(request, "page_cache_generation", None) or page_cache_generation()
    request.page_cache_generation = generation
    path = "/".join(path_components)
    key = f"pagecache:route:{generation}:{root.pk}:{hashlib.sha256(path.encode()).hexdigest()}"
    page = cache.get(key)
    if page is not None:
        return RouteResult(page)
    result = route(request, path_components)
    page, args, kwargs = result
    if getattr(page, "page_cache_anonymous", False) and not args and not kwargs:
        stored = copy.copy(page)
        stored.__dict__.pop("_cached_parent_obj", None)  # not the whole ancestry
        cache.set(key, stored, page_cache_settings.TIMEOUT)
    return result


def _site_with_root(hostname: str, port: int):
    from wagtail.models.sites import get_site_for_hostname

    try:
        site = get_site_for_hostname(hostname, port)
    except ObjectDoesNotExist:
        return None
    site.root_page.localized.specific  # noqa: B018 - loaded now, so it is stored with the site
    return site


def _share_site(request) -> None:
    """Give Wagtail the request's site (``Site.find_for_request`` reads
    ``request._wagtail_site``) from the shared cache, with its root page: finding it is a
    query Wagtail builds anew for every request. Hosts outside ``ALLOWED_HOSTS`` are left
    to Django's own answer."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return
    hostname, port = split_domain_port(host)[0], request.get_port()
    site = shared_fragment(
        name="site", parts=(hostname, port), build=lambda: _site_with_root(hostname, port), request=request
    )
    if site is not None:
        request._wagtail_site = site


def _request_key(request, generation: int) -> str | None:
    """The cache key of an anonymous request, or ``None`` when it must not be cached."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_dummy", False):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or _MESSAGES_COOKIE in cookies:
        return None
    params = request.GET
    allowed = page_cache_settings.QUERY_PARAMS
    if any(name not in allowed for name in params):
        return None
    query = urlencode(sorted(params.lists()), doseq=True)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"pagecache:page:{generation}:{digest}"


def page_cache_consider(*, request, page) -> None:
    """Called as a page is served (``cms_content.wagtail_hooks``): marks the request of a
    page type that declares ``page_cache_anonymous`` (its response gets the browser
    headers), and, for a request the middleware could store, whether it may: not when a
    view restriction (password, login, groups) guards the page. Previews never come here.
    """
    if not getattr(page, "page_cache_anonymous", False):
        return
    request.page_cache_page = True
    if getattr(request, "page_cache_key", None) is not None:
        request.page_cache_candidate = not page.get_view_restrictions().exists()


def _storable(request, response) -> bool:
    """Whether a rendered response may be shared with every anonymous visitor."""
    if not getattr(request, "page_cache_candidate", False) or getattr(request, "is_preview", False):
        return False
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return vary <= _ALLOWED_VARY


def _browser_headers(response) -> None:
    """Browsers and proxies must not keep a page that depends on who is logged in."""
    patch_vary_headers(response, ("Cookie",))
    patch_cache_control(response, private=True, no_cache=True)


#: Where the WSGI entry (:class:`PageCacheApplication`) leaves the key it computed on a
#: miss (``None``: not cacheable), so the middleware does not read the cache again.
_ENVIRON_KEY = "lms.page_cache_key"


def _skipped_path(path: str) -> bool:
    """Paths no cached page lives at: static and media files (WhiteNoise, the development
    server) and the health check. They skip even the generation read."""
    return path == HEALTHZ_PATH or path.startswith((settings.STATIC_URL, settings.MEDIA_URL))


#: How many pages each process keeps in memory (:func:`_stored_page`): the pages most
#: visitors open (home, catalogue, the lessons of a class) at 5-30 kB each.
RECENT_PAGES = 100
_recent: OrderedDict[str, dict] = OrderedDict()
_recent_lock = threading.Lock()


def _stored_page(key: str) -> dict | None:
    """The stored page under ``key``: from this process's memory of recent pages, or
    from the shared cache (then remembered).

    The memory can never serve an out-of-date page: ``key`` holds the generation, read
    from the shared cache on every request, so a purge on any server changes every key
    at once; a generation is never used again (:func:`_fresh_generation`). It saves
    reading and unpickling the entry, most of what a hit costs in Python.
    """
    with _recent_lock:
        page = _recent.get(key)
        if page is not None:
            _recent.move_to_end(key)
            return page
    page = cache.get(key)
    if page is not None:
        with _recent_lock:
            _recent[key] = page
            while len(_recent) > RECENT_PAGES:
                _recent.popitem(last=False)
    return page


def _lookup(request) -> tuple[str | None, dict | None]:
    """The cache key of ``request`` (``None``: not cacheable) and its stored page, if any.
    Raises ``DisallowedHost`` for a host outside ``ALLOWED_HOSTS``, and whatever the cache
    raises when its server is down."""
    if (
        request.method not in ("GET", "HEAD")
        or getattr(request, "is_dummy", False)
        or _skipped_path(request.path_info)
    ):
        return None, None
    key = _request_key(request, page_cache_generation())
    if key is None:
        return None, None
    return key, _stored_page(key)


class PageCacheMiddleware:
    """Serve anonymous page views from the shared cache, and fill it.

    Second in ``MIDDLEWARE``, right after the health check: a hit skips everything after
    it and costs one read of the shared cache (the generation; the page itself usually
    comes from the process's memory, :func:`_stored_page`) and no database query. A
    stored page is frozen as it leaves this middleware, so it keeps the headers the
    middleware inside it added (SecurityMiddleware's). On a miss the page is rendered as
    usual and stored if :func:`_storable` allows it. In production the WSGI entry
    (:class:`PageCacheApplication`) answers hits before Django's handler runs; this
    middleware then only fills the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not page_cache_settings.ENABLED:
            return self.get_response(request)
        key = None
        try:
            if _ENVIRON_KEY in request.META:  # the WSGI entry looked already: a miss
                key = request.META[_ENVIRON_KEY]
            else:
                key, stored = _lookup(request)
                if stored is not None:
                    return _rebuild(stored)
            if key is not None:
                request.page_cache_key = key
            _share_site(request)
        except DisallowedHost:
            raise
        except Exception:  # the cache server is down: serve uncached rather than fail
            logger.warning("Page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        response = self.get_response(request)
        if getattr(request, "page_cache_page", False):
            storable = key is not None and _storable(request, response)
            _browser_headers(response)
            if storable:
                try:
                    cache.set(key, _freeze(response), page_cache_settings.TIMEOUT)
                    response[STATUS_HEADER] = "miss"
                except Exception:
                    logger.warning("Page cache unavailable; page not stored", exc_info=True)
        return response


def _freeze(response) -> dict:
    headers = [(k, v) for k, v in response.items() if k.lower() not in _UNSTORED_HEADERS]
    return {"status": response.status_code, "headers": headers, "content": response.content}


def _hit_headers(stored: dict) -> list[tuple[str, str]]:
    """The headers a stored page is sent with: as stored, and marked as a hit."""
    return [*stored["headers"], (STATUS_HEADER, "hit")]


def _rebuild(stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in _hit_headers(stored):
        response[name] = value
    return response


class PageCacheApplication:
    """Django's WSGI application (``lms.wsgi``) with stored pages answered before it runs.

    A cache hit needs none of Django's request handling: no signals, no middleware, no
    URL resolution, no response object. Answering it here, with the page from the
    process's memory of recent pages (:func:`_stored_page`), takes a hit from about
    95 µs of Python to 25 µs (docs/caching.md). The lookup is the middleware's own
    (:func:`_lookup`), on the same request object Django would build; the status and
    headers are the middleware's too (:func:`_hit_headers`). Anything else, and any error here (a disallowed host, the cache
    server down), goes to Django unchanged, where the middleware and Django's own
    handling answer as they always do. On a miss the key goes along in the environ, so
    the cache is not read twice.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and page_cache_settings.ENABLED:
            try:
                key, stored = _lookup(WSGIRequest(environ))
            except Exception:  # noqa: BLE001 - Django's handler answers it, as without us
                environ.pop(_ENVIRON_KEY, None)
            else:
                if stored is not None:
                    status = stored["status"]
                    start_response(f"{status} {HTTPStatus(status).phrase}", _hit_headers(stored))
                    return [stored["content"]]
                environ[_ENVIRON_KEY] = key
        return self.application(environ, start_response)


# --- What purges --------------------------------------------------------------------
#: Page fields Wagtail saves for drafts, locks and workflows: nothing a visitor sees.
_DRAFT_ONLY_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "live_revision",
    }
)


def _purge_on_signal(**kwargs) -> None:
    page_cache_purge()


def _purge_on_save(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    """A model that pages show was saved or deleted (``post_save``/``post_delete``)."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.models import Page

    if raw or not isinstance(instance, _watched_models()):
        return
    if isinstance(instance, Page):
        # A draft saved, a page locked or a workflow step: the live page is unchanged.
        # Publishing sends page_published; unpublishing page_unpublished.
        if update_fields is not None and set(update_fields) <= _DRAFT_ONLY_FIELDS:
            return
        if kwargs.get("created") and not instance.live:
            return  # a new draft page: invisible until published
    elif kwargs.get("created") and isinstance(instance, BaseSiteSetting):
        return  # the empty row Wagtail makes when a page first reads the settings
    page_cache_purge()


_WATCHED: tuple[type, ...] | None = None


def _watched_models() -> tuple[type, ...]:
    """Every model whose rows a cached page can show or depends on."""
    global _WATCHED
    if _WATCHED is None:
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Collection, Page, PageViewRestriction, Site

        from cms_content.models import SiteSettings

        _WATCHED = (
            Page,
            SiteSettings,
            Site,
            PageViewRestriction,
            Collection,
            get_image_model(),
            get_document_model(),
        )
    return _WATCHED


def connect_purge_signals() -> None:
    """Wire the purges (from ``CmsContentConfig.ready``): Wagtail's page signals, saves and
    deletes of the models pages show, and every ``migrate`` (a deploy may change any
    template or string)."""
    from django.db.models.signals import post_delete, post_migrate, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_purge_on_signal, dispatch_uid=f"page_cache_{id(signal)}")
    post_save.connect(_purge_on_save, dispatch_uid="page_cache_post_save")
    post_delete.connect(_purge_on_save, dispatch_uid="page_cache_post_delete")
    post_migrate.connect(_purge_on_signal, dispatch_uid="page_cache_post_migrate")
