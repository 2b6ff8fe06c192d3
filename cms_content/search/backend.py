"""A Wagtail search backend that understands Thai: the database backend, segmented.

Configure it once in ``WAGTAILSEARCH_BACKENDS`` (``"BACKEND": "cms_content.search.backend"``)
and every search path is Thai-aware: the site's search page, the Wagtail admin's page
search (which uses ``autocomplete()``), ``Page.objects.search()`` and
``LessonPage.objects.live().search()``. It is Wagtail's own database backend (from
``modelsearch``, which Wagtail 8 uses) with two changes:

* **indexing**: every value is cut into space-separated words by
  :func:`~cms_content.search.segmentation.segment_for_index` before SQLite FTS5 or
  PostgreSQL ``to_tsvector`` sees it, so each Thai word becomes a token of its own;
* **querying**: the text of every ``PlainText``, ``Phrase`` and ``Fuzzy`` query is cut the
  same way (and cleaned of characters that would break FTS5 or ``to_tsquery`` syntax).

Nothing about ranking, filtering or storage changes: the index table, the rebuild command
(``manage.py wagtail_update_index``) and the signal handlers that keep it current are
Wagtail's.
"""

import copy
import re
import types
import unicodedata
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.db.models import F, Q
from django.utils.encoding import force_str
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText

from cms_content.search.segmentation import segment_for_index, segment_query

# SQLite's FTS5 tokenizer (unicode61) counts letters, digits and private-use characters as
# parts of a word, but not combining marks, and Thai vowels above and below the line and
# tone marks are combining marks: it would cut ปิด into ป + ด, so that ปิด matched ปัด.
# The SQLite backend therefore stores each Thai mark as a private-use character (U+F7xx,
# the same offset as in the Thai block), in the index and in queries alike.
_THAI_MARKS = [chr(code) for code in range(0x0E00, 0x0E80) if unicodedata.category(chr(code)).startswith("M")]
FTS5_THAI_MARKS = str.maketrans({mark: chr(0xF700 + ord(mark) - 0x0E00) for mark in _THAI_MARKS})


def fts5_encode(text: str) -> str:
    """``text`` with its Thai marks made word characters for FTS5 (see above)."""
    return text.translate(FTS5_THAI_MARKS)


def _unchanged(text: str) -> str:
    return text


def segment_search_query(query, encode=_unchanged):
    """A copy of a parsed query whose text parts are cut into words (then ``encode``-d).

    A text part with no word left (``"!!!"``) becomes "match nothing", which both
    backends answer with an empty result instead of a syntax error.
    """
    if isinstance(query, (PlainText, Phrase, Fuzzy)):
        words = segment_query(query.query_string)
        if not words:
            return Not(MatchAll())
        segmented = copy.copy(query)
        segmented.query_string = encode(words)
        return segmented
    if isinstance(query, (And, Or)):
        segmented = copy.copy(query)
        segmented.subqueries = [segment_search_query(sub, encode) for sub in query.subqueries]
        return segmented
    if isinstance(query, (Not, Boost)):
        segmented = copy.copy(query)
        segmented.subquery = segment_search_query(query.subquery, encode)
        return segmented
    return query


class SegmentingObjectIndexerMixin:
    """Cuts every text value into words before it reaches the index."""

    #: Applied to the segmented text; the SQLite backend sets :func:`fts5_encode`.
    encode = staticmethod(_unchanged)

    def prepare_value(self, value):
        # Lists and dicts (StreamField content) come back here item by item.
        if isinstance(value, (list, dict)):
            return super().prepare_value(value)
        return self.encode(segment_for_index(force_str(value))) if value is not None else ""


def _global_names(code: types.CodeType) -> set[str]:
    """Names a code object and the comprehensions inside it look up."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def add_items_with_indexer(add_items, indexer_class):
    """``add_items`` of a modelsearch index, building ``indexer_class`` objects.

    modelsearch's ``add_items`` names its module's ``ObjectIndexer`` directly and offers no
    hook for another one. Rather than copy its sixty lines (and miss its fixes), this
    returns the same function bound to a namespace where ``ObjectIndexer`` is ours.
    """
    if "ObjectIndexer" not in _global_names(add_items.__code__):
        raise ImproperlyConfigured(
            f"{add_items.__qualname__} no longer builds ObjectIndexer objects; "
            "cms_content.search.backend must be updated for this modelsearch version."
        )
    namespace = {**add_items.__globals__, "ObjectIndexer": indexer_class}
    return types.FunctionType(
        add_items.__code__, namespace, add_items.__name__, add_items.__defaults__, add_items.__closure__
    )


class SegmentingQueryCompilerMixin:
    """Cuts the query into words before the backend builds its SQL."""

    #: Applied to the segmented query text; the SQLite backend sets :func:`fts5_encode`.
    encode = staticmethod(_unchanged)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = segment_search_query(self.query, self.encode)


# --- SQLite (FTS5) ---------------------------------------------------------------------


@cache
def _sqlite_backend_class():
    from modelsearch.backends.database.sqlite import sqlite as base
    from modelsearch.utils import get_descendants_content_types_pks

    class SegmentingSQLiteObjectIndexer(SegmentingObjectIndexerMixin, base.ObjectIndexer):
        """SQLite's indexer, segmenting, with Thai marks kept inside words."""

        encode = staticmethod(fts5_encode)

    class ThaiSQLiteIndex(base.SQLiteIndex):
        """SQLite's FTS5 index, fed segmented text."""

        add_items = add_items_with_indexer(base.SQLiteIndex.add_items, SegmentingSQLiteObjectIndexer)

    class RankedInPythonMixin:
        """Relevance ordering that runs the full-text ``MATCH`` once.

        Upstream joins the index table to the FTS5 table and orders by a correlated
        subquery; SQLite then repeats the ``MATCH`` for every index row, which took most of a
        second with 2,000 lessons. Here the ``MATCH`` runs alone on the FTS5 table (a few
        milliseconds), its rows are mapped to objects by primary key, the queryset's own
        filters (live, public, descendant_of …) are applied to those keys, and only the
        requested slice is loaded. The order is upstream's: BM25 score, then newest first.
        Negated, unordered or huge searches keep upstream's path.
        """

        MAX_IN_PYTHON = 20_000

        def ranked(self, start, stop, score_field=None):
            """``(objects, count)`` for a relevance-ordered search, or None for upstream's path."""
            query = base.normalize(self.query)
            if not self.order_by_relevance or isinstance(query, (base.MatchAll, base.Not)):
                return None
            match = base.MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=None)
            )
            bm25 = dict(
                base.SQLiteFTSIndexEntry.objects.filter(match)
                .annotate(score=base.BM25())
                .values_list("index_entry_id", "score")
            )
            if len(bm25) > self.MAX_IN_PYTHON:
                return None
            content_types = get_descendants_content_types_pks(self.queryset.model)
            entries = base.IndexEntry.objects.filter(id__in=list(bm25), content_type_id__in=content_types)
            scores: dict[str, float] = {}
            for entry_id, object_id in entries.values_list("id", "object_id"):
                scores[object_id] = min(bm25[entry_id], scores.get(object_id, bm25[entry_id]))
            pk_field = self.queryset.model._meta.pk
            matching = self.queryset.filter(pk__in=[pk_field.to_python(key) for key in scores])
            pks = sorted(
                matching.order_by().values_list("pk", flat=True),
                key=lambda pk: (scores[str(pk)], -pk if isinstance(pk, int) else 0),
            )
            chosen = pks[start:stop]
            objects = self.queryset.order_by().in_bulk(chosen) if chosen else {}
            results = [objects[pk] for pk in chosen if pk in objects]
            if score_field is not None:
                for obj in results:
                    setattr(obj, score_field, scores[str(obj.pk)])
            return results, len(pks)

    class ThaiSQLiteSearchResults(base.SQLiteSearchResults):
        """SQLite's results, ranked by :class:`RankedInPythonMixin` where it applies."""

        def _do_search(self):
            ranked = self.query_compiler.ranked(self.start, self.stop, self._score_field)
            return ranked[0] if ranked is not None else super()._do_search()

        def _do_count(self):
            ranked = self.query_compiler.ranked(0, 0)
            if ranked is None:
                return super()._do_count()
            total = ranked[1] if self.stop is None else min(ranked[1], self.stop)
            return max(0, total - self.start)

    class ThaiSQLiteSearchQueryCompiler(
        SegmentingQueryCompilerMixin, RankedInPythonMixin, base.SQLiteSearchQueryCompiler
    ):
        """SQLite's search, with the query segmented.

        ``fields=[...]`` can only name the index's columns: the segmented text lives there
        and nowhere else. ``title`` stays ``title``; any other field searches ``body``,
        which holds every non-title field.
        """

        encode = staticmethod(fts5_encode)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.fields:
                self.fields = sorted({"title" if name == "title" else "body" for name in self.fields})

    class ThaiSQLiteAutocompleteQueryCompiler(
        SegmentingQueryCompilerMixin, RankedInPythonMixin, base.SQLiteAutocompleteQueryCompiler
    ):
        """SQLite's autocomplete (the admin's page search), with the query segmented."""

        encode = staticmethod(fts5_encode)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.fields:
                self.fields = ["autocomplete"]

    class ThaiSQLiteSearchBackend(base.SQLiteSearchBackend):
        """Wagtail's SQLite FTS5 backend with Thai word segmentation."""

        query_compiler_class = ThaiSQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = ThaiSQLiteAutocompleteQueryCompiler
        index_class = ThaiSQLiteIndex
        results_class = ThaiSQLiteSearchResults

    return ThaiSQLiteSearchBackend


# --- PostgreSQL (tsvector) -------------------------------------------------------------


#: What :func:`index_condition` gives for a part of a query that PostgreSQL drops: a word
#: that is a stop word of the text-search configuration ("to", "the" in English).
REMOVED = object()


def _plain_text_terms(query) -> list[str]:
    """The words of ``query``, as upstream splits a ``PlainText``."""
    return [term for term in re.split(r"[\s\-]+", query.query_string) if term]  # as upstream


def query_words(query) -> list[str]:
    """Every word of every ``PlainText`` in ``query``, without repeats."""
    if isinstance(query, PlainText):
        return list(dict.fromkeys(_plain_text_terms(query)))
    if isinstance(query, (And, Or)):
        return list(dict.fromkeys(word for sub in query.subqueries for word in query_words(sub)))
    if isinstance(query, (Not, Boost)):
        return query_words(query.subquery)
    return []


def index_condition(query, tsquery, columns: list[str], stop_words=frozenset()):
    """A filter every match of ``query`` passes, which GIN indexes on ``columns`` answer.

    ``tsquery(part)`` compiles a part of the query; ``columns`` name the per-field
    vectors. A word the query requires must be in one of the columns; of an OR, one
    side must hold. ``None`` means no such narrowing exists (a NOT on its own): the
    caller then matches without it. The exact match still runs on what passes.

    A word in ``stop_words`` gives :data:`REMOVED`, and ANDs and ORs leave it out, as
    PostgreSQL leaves stop words out of a whole tsquery: ``add to cart`` must be in
    the index as ``add`` and ``cart``. Compiled alone, a stop word is an empty tsquery,
    which matches nothing, so one condition per word lost the whole query. A query
    of stop words only is :data:`REMOVED` as a whole (PostgreSQL matches nothing).
    """
    if isinstance(query, PlainText):
        terms = _plain_text_terms(query)
        if query.operator == "and" and len(terms) > 1:
            return _all_of([index_condition(PlainText(t), tsquery, columns, stop_words) for t in terms])
        if terms and all(term in stop_words for term in terms):
            return REMOVED
        return _any_of([Q(**{column: tsquery(query)}) for column in columns])
    if isinstance(query, Phrase):
        return _any_of([Q(**{column: tsquery(query)}) for column in columns])
    if isinstance(query, Boost):
        return index_condition(query.subquery, tsquery, columns, stop_words)
    if isinstance(query, And):
        return _all_of([index_condition(sub, tsquery, columns, stop_words) for sub in query.subqueries])
    if isinstance(query, Or):
        return _any_of([index_condition(sub, tsquery, columns, stop_words) for sub in query.subqueries])
    return None  # Not, MatchAll: the index cannot narrow them


def index_condition_is_exact(query) -> bool:
    """Whether :func:`index_condition` of ``query`` selects exactly its matches.

    Words (and ANDs and ORs of them) are: a word is in ``title || body`` exactly when it
    is in one of the two. A phrase is not (its words must also stand in order), nor is
    anything with a NOT, which the index condition leaves out.
    """
    if isinstance(query, PlainText):
        return True
    if isinstance(query, Boost):
        return index_condition_is_exact(query.subquery)
    if isinstance(query, (And, Or)):
        return all(index_condition_is_exact(sub) for sub in query.subqueries)
    return False


def _has_match_all_or_fuzzy(query) -> bool:
    """Whether ``query`` holds a part that upstream's own ``search`` special-cases."""
    if isinstance(query, (MatchAll, Fuzzy)):
        return True
    if isinstance(query, (And, Or)):
        return any(_has_match_all_or_fuzzy(sub) for sub in query.subqueries)
    if isinstance(query, (Not, Boost)):
        return _has_match_all_or_fuzzy(query.subquery)
    return False


def _all_of(parts):
    """Every part must hold: removed parts drop out, unknown (``None``) ones narrow nothing."""
    known = [part for part in parts if part is not None and part is not REMOVED]
    if not known:
        return REMOVED if parts and all(part is REMOVED for part in parts) else None
    condition = known[0]
    for part in known[1:]:
        condition &= part
    return condition


def _any_of(parts):
    """One part must hold: removed parts drop out; one unknown part makes the whole unknown."""
    if any(part is None for part in parts):
        return None
    known = [part for part in parts if part is not REMOVED]
    if not known:
        return REMOVED
    condition = known[0]
    for part in known[1:]:
        condition |= part
    return condition


# (database, configuration) → {word: is a stop word}. Stop word lists are files on the
# database server that change only with a new configuration, so asking once is enough.
_STOP_WORDS: dict[tuple[str, str | None], dict[str, bool]] = {}
_STOP_WORDS_MAX = 50_000


def postgres_stop_words(words: list[str], *, config: str | None, using: str = "default") -> frozenset[str]:
    """Those of ``words`` that PostgreSQL's text-search ``config`` drops (the database's
    default configuration when ``None``): one query for the words not asked about before.

    A word is a stop word when ``to_tsquery`` of it alone has no lexeme left.
    """
    db = connections[using]
    known = _STOP_WORDS.setdefault((db.settings_dict["NAME"], config), {})
    unknown = [word for word in words if word not in known]
    if unknown:
        if len(known) > _STOP_WORDS_MAX:
            known.clear()
        with db.cursor() as cursor:
            if config:
                sql = "SELECT t, numnode(to_tsquery(%s::regconfig, quote_literal(t))) = 0 FROM unnest(%s::text[]) t"
                cursor.execute(sql, [config, unknown])
            else:
                sql = "SELECT t, numnode(to_tsquery(quote_literal(t))) = 0 FROM unnest(%s::text[]) t"
                cursor.execute(sql, [unknown])
            known.update(cursor.fetchall())
    return frozenset(word for word in words if known.get(word))


@cache
def _postgres_backend_class():
    from modelsearch.backends.database.postgres import postgres as base

    class SegmentingPostgresObjectIndexer(SegmentingObjectIndexerMixin, base.ObjectIndexer):
        """PostgreSQL's indexer, segmenting."""

    class ThaiPostgresIndex(base.PostgresIndex):
        """PostgreSQL's tsvector index, fed segmented text."""

        add_items = add_items_with_indexer(base.PostgresIndex.add_items, SegmentingPostgresObjectIndexer)

    class ThaiPostgresSearchQueryCompiler(SegmentingQueryCompilerMixin, base.PostgresSearchQueryCompiler):
        """PostgreSQL's search, with the query segmented, and answered from the GIN indexes.

        Upstream, ``fields=[...]`` builds a ``tsvector`` from the model's raw column,
        where a Thai sentence is one word. Here it reads the segmented index instead:
        ``title`` the title vector, any other field the body vector.

        Upstream also matches ``title || body @@ query``: a vector built on the fly, so
        PostgreSQL reads and joins every entry's vectors (100 ms with 2,000 lessons).
        Here the filter is a condition the title and body GIN indexes answer (each
        required word is in the title or in the body, see :func:`index_condition`),
        which for words is the same match; a phrase or a NOT is then also matched
        against ``title || body``, on the few rows the indexes found.
        """

        def search(self, config, start, stop, score_field=None, backend=None):
            vectors = None
            if not _has_match_all_or_fuzzy(self.query):
                search_query = self.build_tsquery(self.query, config=config)
                vectors = self.get_search_vectors(search_query)
            names = [vector.name for vector, _boost in vectors or [] if isinstance(vector, F)]
            if not vectors or len(names) != len(vectors):
                return super().search(config, start, stop, score_field, backend)
            aliases = {f"_gin_{n}_": F(name) for n, name in enumerate(names)}
            stop_words = postgres_stop_words(query_words(self.query), config=config, using=self.queryset.db)
            condition = index_condition(
                self.query, lambda text: self.build_tsquery(text, config=config), list(aliases), stop_words
            )
            if condition is REMOVED:  # stop words only: PostgreSQL matches nothing
                return self.queryset.none()
            if condition is None:  # nothing the index can narrow (a lone NOT)
                return super().search(config, start, stop, score_field, backend)
            rank_expression = self._build_rank_expression(vectors, config)
            queryset = self.queryset.alias(**aliases).filter(condition)
            if not index_condition_is_exact(self.query):  # a phrase, a NOT: match exactly too
                combined_vector = vectors[0][0]
                for vector, _boost in vectors[1:]:
                    combined_vector = combined_vector._combine(vector, "||", False)
                queryset = queryset.alias(_vector_=combined_vector).filter(_vector_=search_query)
            return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

        def get_fields_vectors(self, search_query):
            vectors = []
            if "title" in self.fields:
                vectors.append((F("index_entries__title"), F("index_entries__title_norm")))
            if any(name != "title" for name in self.fields):
                vectors.append((F("index_entries__body"), 1.0))
            return vectors

    class ThaiPostgresAutocompleteQueryCompiler(
        SegmentingQueryCompilerMixin, base.PostgresAutocompleteQueryCompiler
    ):
        """PostgreSQL's autocomplete (the admin's page search), with the query segmented."""

        def get_fields_vectors(self, search_query):
            return [(F("index_entries__autocomplete"), 1.0)]

    class AnalyzeAfterRebuildMixin:
        """After a full rebuild, vacuum the index table and refresh its statistics.

        A rebuild writes every row twice (insert, then the title norms); until
        autovacuum next passes, the table is twice its size and PostgreSQL, planning
        with old figures, reads all of it instead of the GIN indexes (85 ms instead of
        13 ms a query with 2,000 lessons, in benchmarks/search_speed.py).
        """

        def finish(self):
            super().finish()
            connection = self.index.write_connection
            # VACUUM also reclaims the rows the rebuild replaced (half the table), but
            # cannot run inside a transaction: there, only the statistics are refreshed.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(f"{command} {base.IndexEntry._meta.db_table}")

    class ThaiPostgresSearchRebuilder(AnalyzeAfterRebuildMixin, base.PostgresSearchRebuilder):
        pass

    class ThaiPostgresSearchAtomicRebuilder(AnalyzeAfterRebuildMixin, base.PostgresSearchAtomicRebuilder):
        pass

    class ThaiPostgresSearchBackend(base.PostgresSearchBackend):
        """Wagtail's PostgreSQL full-text backend with Thai word segmentation."""

        query_compiler_class = ThaiPostgresSearchQueryCompiler
        autocomplete_query_compiler_class = ThaiPostgresAutocompleteQueryCompiler
        index_class = ThaiPostgresIndex
        rebuilder_class = ThaiPostgresSearchRebuilder
        atomic_rebuilder_class = ThaiPostgresSearchAtomicRebuilder

    return ThaiPostgresSearchBackend


@cache
def _sqlite_fts_usable():
    """Whether this SQLite has FTS5 and Wagtail's FTS table (asked once per process)."""
    from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

    return fts5_available() and fts_table_exists()


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """The Thai-aware backend for the default database (SQLite or PostgreSQL).

    Like Wagtail's ``wagtail.search.backends.database``, it picks the implementation for
    the database in use. The classes are built on first call, because modelsearch's
    backend modules load models and so cannot be imported while apps load.
    """
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    if connection.vendor == "sqlite" and _sqlite_fts_usable():
        return _sqlite_backend_class()(params)
    raise ImproperlyConfigured(
        "cms_content.search.backend needs PostgreSQL, or SQLite with the FTS5 extension "
        "and Wagtail's search migrations applied."
    )
