"""Certificate rendering speed and memory.

    .venv/bin/python benchmarks/certificates.py [--runs 15] [--batch 100] [--batch-runs 3]
                                                [--big-batch 500]

Prints: the median time to render one certificate, one PDF of 100 certificates against
100 separate PDFs, and the peak memory (RSS) of a process that builds a batch of 500;
then the same for what is stored, signed (PAdES, ``certificates/signing.py``): one
certificate rendered and signed, a batch of 100 rendered and signed, each beside the
same work unsigned in alternating runs, with the added share (issue #17: at most 25%).

Machines differ by 2× and more, so times are also given in *units* of the speed check
printed first in the same run (seconds ÷ speed-check seconds). Targets (issue #12): one
certificate ≤ 0.05 units, one PDF of 100 ≤ 1.5 units, a batch of 500 ≤ 250 MB peak RSS.

Rendering is pure, so the certificates here are unsaved model instances built from a
sample template: no database is needed.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")


def setup():
    import django

    django.setup()


def sample_certificates(count: int, *, stored_masks: bool = True) -> list:
    """``count`` unsaved certificates with different names, as a class at a center.

    Each gets its QR mask as ``certificate_issue`` chooses and stores it, unless
    ``stored_masks`` is false (certificates issued before the mask was stored).
    """
    from certificates.models import Certificate
    from certificates.qr import qr_mask_for
    from certificates.rendering import verification_url
    from certificates.services import generate_verification_code

    first_names = ["สมชาย", "ประภาพรรณ", "บุญมี", "ศรีสุดา", "วิไลวรรณ", "ณัฐพงษ์", "กาญจนา", "ธีรศักดิ์"]
    last_names = ["ใจดี", "ศรีสุวรรณวงศ์", "มีสุข", "รักเรียน", "ทองประเสริฐ", "แก้วมณีโชติ"]
    design = {
        "title": "เกียรติบัตร",
        "body": "ได้ผ่านการอบรมหลักสูตร {course}\nจำนวน {hours} ชั่วโมง ณ {center}",
        "use_thai_digits": True,
    }
    signatories = [
        {"name": "นายสมชาย ผู้อำนวยการ", "position": "ผู้อำนวยการศูนย์", "signature": ""},
        {"name": "นางสาวมาลี วิทยากร", "position": "วิทยากร", "signature": ""},
    ]
    certificates = [
        Certificate(
            serial_year=2569,
            serial_number=n + 1,
            serial=f"2569-{n + 1:06d}",
            verification_code=generate_verification_code(),
            learner_title="นางสาว" if n % 2 else "นาย",
            learner_name=f"{first_names[n % len(first_names)]} {last_names[n % len(last_names)]}",
            course_title="การใช้สมาร์ทโฟนเบื้องต้นสำหรับผู้สูงอายุ",
            center_name="ศูนย์ดิจิทัลชุมชน กศน.อำเภอสันทราย",
            completed_on=date(2026, 11, 27),
            hours=Decimal("6"),
            signatories=signatories,
            design=design,
        )
        for n in range(count)
    ]
    if stored_masks:
        for certificate in certificates:
            certificate.qr_mask = qr_mask_for(verification_url(certificate.verification_code))
    return certificates


def cpu_speed_check() -> float:
    """Seconds for 30 million additions in pure Python, one core.

    The benchmark machines are shared: the same run has taken 2.7 s and 4.2 s within an
    hour. Printed beside the figures so that runs can be compared (WeasyPrint is pure
    Python too, and scales with it).
    """
    started = time.process_time()
    total = 0
    for number in range(30_000_000):
        total += number
    return time.process_time() - started


def bench_single(runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of one render (CPU time is what the process
    itself spent: on a shared machine the wall clock also counts waiting for a core)."""
    from certificates.rendering import render_certificate_pdf

    certificates = sample_certificates(runs + 2)
    for certificate in certificates[:2]:  # warm-up: fonts, CSS, templates
        render_certificate_pdf(certificate)
    wall, cpu = [], []
    for certificate in certificates[2:]:
        start, start_cpu = time.perf_counter(), time.process_time()
        render_certificate_pdf(certificate)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def bench_batch(
    count: int, runs: int, *, stored_masks: bool = True, paired_speed_checks: bool = False
) -> dict:
    """Medians over ``runs`` of one PDF of ``count`` certificates and of ``count``
    separate PDFs (wall clock and CPU seconds); with ``paired_speed_checks``, also the
    median of each run's CPU seconds ÷ a speed check taken just before that run."""
    from certificates.rendering import render_certificate_pdf, render_certificates_pdf

    certificates = sample_certificates(count, stored_masks=stored_masks)
    render_certificate_pdf(certificates[0])  # warm-up
    timings = {"batch": [], "batch_cpu": [], "separate": [], "separate_cpu": [], "paired_units": []}
    for _run in range(runs):
        # The shared machine's speed drifts within a minute: each run also gets its own
        # speed check, taken just before it.
        speed = cpu_speed_check() if paired_speed_checks else None
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = render_certificates_pdf(certificates)
        timings["batch"].append(time.perf_counter() - start)
        timings["batch_cpu"].append(time.process_time() - start_cpu)
        if speed:
            timings["paired_units"].append(timings["batch_cpu"][-1] / speed)
        start, start_cpu = time.perf_counter(), time.process_time()
        for certificate in certificates:
            render_certificate_pdf(certificate)
        timings["separate"].append(time.perf_counter() - start)
        timings["separate_cpu"].append(time.process_time() - start_cpu)
    result = {key: statistics.median(values) for key, values in timings.items() if values}
    result["size"] = len(pdf)
    result["batch_range"] = (min(timings["batch"]), max(timings["batch"]))
    return result


def bench_signing(count: int, runs: int) -> dict:
    """CPU seconds of rendering with and without signing, in alternating runs.

    One certificate (median of ``runs``) and one batch of ``count`` (median of a few):
    what ``certificate_pdf_store`` and ``certificate_batch_build`` do before writing
    the file. The signing key is the one configured, else the development one.
    """
    from certificates.rendering import render_certificate_pdf, render_certificates_pdf
    from certificates.signing import sign_pdf, signing_identity

    identity = signing_identity()
    certificates = sample_certificates(max(count, runs))
    sign_pdf(render_certificate_pdf(certificates[0]))  # warm-up: key, pyHanko, event loop
    single = {"plain": [], "signed": []}
    for certificate in certificates[:runs]:
        for kind in ("plain", "signed"):
            start = time.process_time()
            pdf = render_certificate_pdf(certificate)
            if kind == "signed":
                pdf = sign_pdf(pdf)
            single[kind].append(time.process_time() - start)
    batch = {"plain": [], "signed": [], "sign_only": []}
    for _run in range(3):
        for kind in ("plain", "signed"):
            start = time.process_time()
            pdf = render_certificates_pdf(certificates[:count])
            if kind == "signed":
                signing_start = time.process_time()
                pdf = sign_pdf(pdf)
                batch["sign_only"].append(time.process_time() - signing_start)
            batch[kind].append(time.process_time() - start)
    return {
        "key": identity.subject,
        "single": {kind: statistics.median(values) for kind, values in single.items()},
        "batch": {kind: statistics.median(values) for kind, values in batch.items()},
    }


def child_big_batch(count: int) -> None:
    """Runs in a subprocess: build one batch PDF of ``count`` certificates."""
    setup()
    from certificates.rendering import render_certificates_pdf

    start = time.perf_counter()
    pdf = render_certificates_pdf(sample_certificates(count))
    if os.environ.get("BENCHMARK_SIGN"):
        from certificates.signing import sign_pdf

        pdf = sign_pdf(pdf)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{time.perf_counter() - start:.1f} {time.process_time():.1f} {len(pdf)} {peak_kb}")


def bench_memory(count: int, *, signed: bool = False) -> tuple[float, str]:
    """Peak RSS (MB) of a new process building one batch of ``count``, and its timings."""
    result = subprocess.run(
        [sys.executable, __file__, "--child-big-batch", str(count)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BENCHMARK_SIGN": "1" if signed else ""},
    )
    *timings, peak_kb = result.stdout.strip().splitlines()[-1].split()
    return int(peak_kb) / 1024, " ".join(timings)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batch-runs", type=int, default=3, help="runs of the batch comparison")
    parser.add_argument("--big-batch", type=int, default=500)
    parser.add_argument("--child-big-batch", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_big_batch:
        child_big_batch(args.child_big_batch)
        return

    import logging

    logging.disable(logging.WARNING)
    setup()
    speed = cpu_speed_check()
    print(
        f"CPU cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}, "
        f"speed check: {speed:.2f} s for a fixed pure-Python loop (lower is faster)"
    )
    median, median_cpu = bench_single(args.runs)
    print(
        f"one certificate, median of {args.runs}: {median * 1000:.0f} ms wall, "
        f"{median_cpu * 1000:.0f} ms CPU = {median / speed:.3f} units wall / {median_cpu / speed:.3f} CPU "
        f"(target ≤ 0.05 units)"
    )
    r = bench_batch(args.batch, args.batch_runs, paired_speed_checks=True)
    low, high = r["batch_range"]
    print(
        f"{args.batch} certificates, median of {args.batch_runs}: one PDF {r['batch']:.2f} s wall "
        f"(range {low:.2f}–{high:.2f}) / {r['batch_cpu']:.2f} s CPU ({r['size'] / 1024:.0f} KB) "
        f"vs {args.batch} separate PDFs {r['separate']:.2f} s wall / {r['separate_cpu']:.2f} s CPU; "
        f"one PDF = {r['batch'] / speed:.2f} units wall / {r['batch_cpu'] / speed:.2f} CPU (target ≤ 1.5 units); "
        f"each run ÷ its own speed check: {r['paired_units']:.2f} units CPU"
    )
    r = bench_batch(args.batch, 1, stored_masks=False)
    print(
        f"{args.batch} certificates issued before QR masks were stored (segno searches the "
        f"mask): one PDF {r['batch']:.2f} s wall / {r['batch_cpu']:.2f} s CPU"
    )
    peak_mb, child = bench_memory(args.big_batch)
    seconds, cpu_seconds, size = child.split()
    print(
        f"batch of {args.big_batch}: peak RSS {peak_mb:.0f} MB, {seconds} s wall / {cpu_seconds} s CPU, "
        f"{int(size) / 1024:.0f} KB (target ≤ 250 MB)"
    )
    speed = cpu_speed_check()
    r = bench_signing(args.batch, args.runs)
    one, batch = r["single"], r["batch"]
    print(f"signing (PAdES) with {r['key']}; speed check now {speed:.2f} s")
    print(
        f"one stored certificate, median of {args.runs}, CPU: unsigned {one['plain'] * 1000:.0f} ms "
        f"= {one['plain'] / speed:.3f} units, signed {one['signed'] * 1000:.0f} ms = "
        f"{one['signed'] / speed:.3f} units: signing adds {one['signed'] / one['plain'] - 1:.0%} (target ≤ 25%)"
    )
    print(
        f"batch of {args.batch}, median of 3, CPU: unsigned {batch['plain']:.2f} s = "
        f"{batch['plain'] / speed:.2f} units, signed {batch['signed']:.2f} s = {batch['signed'] / speed:.2f} "
        f"units (signing itself {batch['sign_only'] * 1000:.0f} ms): signing adds "
        f"{batch['signed'] / batch['plain'] - 1:.0%} (target ≤ 25%)"
    )
    peak_mb, child = bench_memory(args.big_batch, signed=True)
    seconds, cpu_seconds, size = child.split()
    print(
        f"batch of {args.big_batch} signed: peak RSS {peak_mb:.0f} MB, "
        f"{seconds} s wall / {cpu_seconds} s CPU, {int(size) / 1024:.0f} KB (target ≤ 250 MB)"
    )


if __name__ == "__main__":
    main()
