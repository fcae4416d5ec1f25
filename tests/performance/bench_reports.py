"""Time progress reports at scale 50 and write the figures to docs/PERFORMANCE.md.

    .venv/bin/python tests/performance/bench_reports.py

`--scale N` uses (and seeds, if it has fewer missions) a database at scale N, e.g. `--scale 1` for
SYN001 alone (200 indicators) beside the demo presences; `--no-docs` prints without writing.
With `--one-mission` it times only the largest mission in-process (median of RUNS, default three;
`--runs N` to change) and writes nothing to docs/PERFORMANCE.md; `--profile FILE` adds a cProfile of
one more in-process compile (`report_compile`), saved to FILE.

Uses the scale-50 database of the dashboards benchmark (DATABASE_URL, default wb_perf on the local
PostgreSQL; seeded with `seed_demo --scale 50` when it has fewer than 50 active missions) and Redis db
8 (REDIS_URL). Measures one mission's report in-process (the largest mission, warm process, median
of three) and through a real worker (asked -> done), then every active mission's report with one
and with two real worker processes. The reports it makes are deleted again, and its files are
written to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wb_perf")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/8")
MEDIA = tempfile.mkdtemp(prefix="wb-bench-reports-")
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "MEDIA_ROOT": MEDIA,
    "CELERY_TASK_ALWAYS_EAGER": "0",
    "DJANGO_SETTINGS_MODULE": "planning.settings",
    "LOG_LEVEL": "WARNING",
    # A queue of this run's own: other sessions' workers on the same Redis never take its jobs.
    "WORKBENCH_REPORT_QUEUE": f"bench-reports-{os.getpid()}",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))
MARK_START, MARK_END = "<!-- reports-bench:start -->", "<!-- reports-bench:end -->"


def ensure_database(scale: int = 50) -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", server, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", server, "-c", f'CREATE DATABASE "{name}"'], check=True)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=ENV, check=True)
    count = subprocess.run(
        [*manage, "shell", "-c", "from missions.models import Mission; print(Mission.objects.count())"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if int(count.splitlines()[-1]) < scale:
        print(f"seeding {name} at scale {scale} ...", flush=True)
        subprocess.run([*manage, "seed_demo", "--scale", str(scale)], cwd=ROOT, env=ENV, check=True)


def start_workers(n: int) -> list[subprocess.Popen]:
    workers = []
    for i in range(n):
        log = open(Path(MEDIA) / f"worker{i}.log", "w")  # noqa: SIM115 - closed with the process
        workers.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "planning", "worker", "--loglevel=INFO", "--concurrency=1"]
                + ["--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", ENV["WORKBENCH_REPORT_QUEUE"]]
                + ["-n", f"bench{i}-{os.getpid()}@%h"],
                cwd=ROOT,
                env=ENV,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    for i in range(n):
        deadline = time.monotonic() + 60
        while "ready." not in (Path(MEDIA) / f"worker{i}.log").read_text():
            if time.monotonic() > deadline or workers[i].poll() is not None:
                raise RuntimeError((Path(MEDIA) / f"worker{i}.log").read_text()[-2000:])
            time.sleep(0.2)
    return workers


def stop_workers(workers) -> None:
    import signal

    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--one-mission", action="store_true", help="only the largest mission in-process; no docs")
    parser.add_argument("--runs", type=int, default=3, help="in-process runs of the largest mission (median)")
    parser.add_argument("--profile", metavar="FILE", help="cProfile one more in-process compile into FILE")
    parser.add_argument("--scale", type=int, default=50, help="seed_demo scale of the database (default 50)")
    parser.add_argument("--no-docs", action="store_true", help="print the figures, do not write docs/PERFORMANCE.md")
    args = parser.parse_args()
    ensure_database(args.scale)
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.utils import timezone

    from benchmarks.choices import ReportState
    from benchmarks.models import Indicator, ProgressReport
    from benchmarks.reports import render, services
    from benchmarks.reports.data import data_version, report_data
    from benchmarks.reports.periods import last_period_due
    from benchmarks.reports.tasks import _warm_up
    from missions.choices import Phase
    from missions.models import Mission

    today = timezone.localdate()
    delay = settings.WORKBENCH["REPORT_DELAY_DAYS"]
    missions = list(Mission.objects.filter(closed_on__isnull=True).exclude(phase=Phase.CLOSED).order_by("acronym"))
    periods = {m.pk: last_period_due(today, m.reporting_cycle_months, delay) for m in missions}

    def clear() -> None:
        """Delete the reports of the benchmarked missions and periods (also those of an earlier,
        interrupted run)."""
        for mission in missions:
            start, end = periods[mission.pk]
            ProgressReport.objects.filter(mission=mission, period_start=start, period_end=end).delete()

    def new_report(mission) -> ProgressReport:
        """A queued report of the mission's benchmarked period, as `report_request` makes it."""
        m_start, m_end = periods[mission.pk]
        return ProgressReport.objects.create(
            mission=mission,
            period_start=m_start,
            period_end=m_end,
            data_version=data_version(mission=mission, period_start=m_start, period_end=m_end),
        )

    def compile_seconds(mission) -> float:
        """One in-process compile of the mission's report, its files and row deleted after."""
        report = new_report(mission)
        t0 = time.perf_counter()
        services.report_compile(report_id=report.pk)
        elapsed = time.perf_counter() - t0
        report.delete()
        return elapsed

    sizes = dict(
        Indicator.objects.filter(benchmark__mission__in=missions)
        .values("benchmark__mission")
        .annotate(n=Count("pk"))
        .values_list("benchmark__mission", "n")
    )
    largest = max(missions, key=lambda m: sizes.get(m.pk, 0))
    start, end = periods[largest.pk]
    _warm_up()
    clear()

    # One mission, in-process: the job itself, warm.
    timings = []
    steps = []
    for _run in range(args.runs):
        t0 = time.perf_counter()
        data = report_data(mission=largest, period_start=start, period_end=end)
        t1 = time.perf_counter()
        html = render.render_html(data)  # the full edition: the web version and the PDF's document
        t2 = time.perf_counter()
        pdf = render.render_pdf(html)
        t3 = time.perf_counter()
        render.render_xlsx(data)
        render.render_docx(data)
        t4 = time.perf_counter()
        steps.append((t1 - t0, t2 - t1, t3 - t2, t4 - t3))
        timings.append(compile_seconds(largest))
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout.decode()
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    one_inprocess = statistics.median(timings)
    data_s, html_s, pdf_s, files_s = (statistics.median(s[i] for s in steps) for i in range(4))
    print(
        f"one mission ({largest.acronym}, {sizes.get(largest.pk, 0)} indicators, {pages} PDF pages), in-process: "
        f"{one_inprocess:.2f} s (data {data_s:.2f}, html {html_s:.2f}, pdf {pdf_s:.2f}, xlsx+docx {files_s:.2f})",
        flush=True,
    )
    if args.profile:
        import cProfile

        report = new_report(largest)
        profiler = cProfile.Profile()
        profiler.runcall(services.report_compile, report_id=report.pk)
        report.delete()
        profiler.dump_stats(args.profile)
        print(f"profile of one compile written to {args.profile}", flush=True)
    if args.one_mission:
        clear()
        return
    # A real demo mission (a handful of indicators, the full PDF with a chart per indicator).
    demo = max((m for m in missions if not m.acronym.startswith("SYN")), key=lambda m: sizes.get(m.pk, 0), default=None)
    demo_s = None
    if demo is not None:
        demo_timings = [compile_seconds(demo) for _run in range(3)]
        demo_s = (demo.acronym, sizes.get(demo.pk, 0), statistics.median(demo_timings))
        print(f"one demo mission ({demo.acronym}, {demo_s[1]} indicators), in-process: {demo_s[2]:.2f} s", flush=True)

    results = {}
    for n in (1, 2):
        clear()
        workers = start_workers(n)
        try:
            # One mission through a worker: asked -> done.
            t0 = time.perf_counter()
            report = services.report_request(mission=largest, period_start=start, period_end=end)
            while ProgressReport.objects.get(pk=report.pk).state not in (ReportState.DONE, ReportState.FAILED):
                time.sleep(0.05)
            one_worker = time.perf_counter() - t0
            clear()
            t0 = time.perf_counter()
            ids = [
                services.report_request(mission=m, period_start=periods[m.pk][0], period_end=periods[m.pk][1]).pk
                for m in missions
            ]
            while ProgressReport.objects.filter(
                pk__in=ids, state__in=[ReportState.QUEUED, ReportState.RUNNING]
            ).exists():
                time.sleep(0.2)
            total = time.perf_counter() - t0
            rows = list(ProgressReport.objects.filter(pk__in=ids))
            failed = [r for r in rows if r.state != ReportState.DONE]
            each = [(r.finished_at - r.started_at).total_seconds() for r in rows if r.finished_at and r.started_at]
        finally:
            stop_workers(workers)
        results[n] = (one_worker, total, statistics.median(each), max(each), len(failed))
        print(
            f"{n} worker(s): one mission asked->done {one_worker:.2f} s; all {len(ids)} missions {total:.1f} s "
            f"(per report median {statistics.median(each):.2f} s, max {max(each):.2f} s, failed {len(failed)})",
            flush=True,
        )
        for report in failed:
            print(f"  failed: {report.mission.acronym}: {report.error[:200]}")
    clear()
    if args.no_docs:
        return

    write_section(
        largest.acronym,
        sizes.get(largest.pk, 0),
        pages,
        one_inprocess,
        (data_s, html_s, pdf_s, files_s),
        results,
        len(missions),
        demo_s,
    )


def write_section(acronym, indicators, pages, one_inprocess, steps, results, count, demo) -> None:
    data_s, html_s, pdf_s, files_s = steps
    lines = [
        MARK_START,
        "## Progress reports (Celery)",
        "",
        f"Measured by `tests/performance/bench_reports.py` ({time.strftime('%Y-%m-%d %H:%M')}, this machine: "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end: other sessions share the "
        "machine), scale-50 database, each mission's last reporting period. Targets: one mission within 2 s, "
        "all 50 within 60 s with two workers.",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| one mission in-process ({acronym}: {indicators} indicators, {pages}-page PDF), median of 3 | "
        f"{one_inprocess:.2f} s (data {data_s:.2f}, HTML {html_s:.2f}, PDF {pdf_s:.2f}, Excel + Word {files_s:.2f}) |",
    ]
    if demo:
        acronym_demo, count_demo, seconds = demo
        lines.append(
            f"| one demo mission in-process ({acronym_demo}: {count_demo} indicators, full PDF), median of 3 | "
            f"{seconds:.2f} s |"
        )
    for n, (one_worker, total, median, worst, failed) in results.items():
        lines.append(f"| one mission through {n} worker(s), asked -> done | {one_worker:.2f} s |")
        lines.append(
            f"| all {count} missions, {n} worker process(es) | {total:.1f} s (per report median {median:.2f} s, "
            f"max {worst:.2f} s; failed {failed}) |"
        )
    lines += [
        "",
        "The PDF (WeasyPrint layout) is most of each job; data is one fixed set of queries per report. "
        "Missions without indicators fail fast with a message, as designed.",
        MARK_END,
    ]
    section = "\n".join(lines) + "\n"
    path = ROOT / "docs" / "PERFORMANCE.md"
    text = path.read_text() if path.exists() else "# Performance\n\n"
    if MARK_START in text:
        text = re.sub(
            re.escape(MARK_START) + r".*?" + re.escape(MARK_END) + r"\n?", lambda _m: section, text, flags=re.S
        )
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)
    print(f"written to {path}")


if __name__ == "__main__":
    main()
