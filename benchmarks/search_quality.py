"""Search quality on the demo curriculum: recall@3 and MRR, ours beside Wagtail's default.

    python benchmarks/search_quality.py                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_search python benchmarks/search_quality.py

Loads the three demo courses into a throw-away database, then for each backend in turn
rebuilds the index and runs every query of ``benchmarks/search_queries.yaml`` through the
search page's own selector (``courses.search.selectors.search_site``), so ranking rules
(title matches first, every word before any word) apply to both alike.

recall@3: the share of a query's expected lessons among the first three results (of at most
three expected), averaged over queries. MRR: the mean of 1/rank of the first expected
lesson (0 when none is listed). Targets: ours recall@3 ≥ 0.95 and ≥ 3× the default's.
"""

import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.search_support import (  # noqa: E402
    WAGTAIL_DEFAULT,
    load_demo_curriculum,
    rebuild_index,
    setup_django,
    vendor,
)

QUERIES = Path(__file__).with_name("search_queries.yaml")
K = 3


def evaluate(backend_name: str, queries: list[dict], keys: dict[str, int]) -> dict:
    """Rebuild the index with ``backend_name`` and score every query."""
    from courses.search.selectors import search_site

    rebuild_index(backend_name)
    names = {pk: key for key, pk in keys.items()}
    recalls, reciprocal_ranks, ranks, timings = [], [], [], []
    for item in queries:
        started = time.perf_counter()
        results = search_site(query=item["query"], backend=backend_name)
        timings.append(time.perf_counter() - started)
        found = [names.get(hit.page.pk) for hit in results.lessons]
        expected = item["expect"]
        top = set(found[:K])
        recalls.append(len(top & set(expected)) / min(len(expected), K))
        first = next((rank for rank, key in enumerate(found, 1) if key in expected), None)
        reciprocal_ranks.append(1 / first if first else 0.0)
        ranks.append(first)
    return {
        "recall": statistics.fmean(recalls),
        "mrr": statistics.fmean(reciprocal_ranks),
        "ranks": ranks,
        "median_ms": statistics.median(timings) * 1000,
    }


def main() -> int:
    teardown = setup_django("bench_search_quality_lms_search")
    try:
        queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]
        keys = load_demo_curriculum()
        unknown = {key for item in queries for key in item["expect"]} - set(keys)
        if unknown:
            raise SystemExit(f"search_queries.yaml names lessons that do not exist: {sorted(unknown)}")
        ours = evaluate("default", queries, keys)
        default = evaluate(WAGTAIL_DEFAULT, queries, keys)
    finally:
        teardown()

    print(f"Search quality on {vendor()}: {len(queries)} queries, {len(keys)} demo lessons\n")
    print(f"{'query':<28} {'ours':>6} {'default':>8}   (rank of first expected lesson, - = not found)")
    for item, ours_rank, default_rank in zip(queries, ours["ranks"], default["ranks"], strict=True):
        print(f"{item['query']:<28} {ours_rank or '-':>6} {default_rank or '-':>8}")
    print()
    print(f"{'':<28} {'recall@3':>9} {'MRR':>7} {'median ms':>10}")
    for label, result in (("ours (cms_content.search)", ours), ("Wagtail default database", default)):
        print(f"{label:<28} {result['recall']:>9.3f} {result['mrr']:>7.3f} {result['median_ms']:>10.1f}")
    ratio = ours["recall"] / default["recall"] if default["recall"] else float("inf")
    print(f"\nrecall@3 ours / default: {ratio:.1f}×")
    met = ours["recall"] >= 0.95 and ratio >= 3
    print("Targets (recall@3 ≥ 0.95 and ≥ 3× default):", "met" if met else "NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
