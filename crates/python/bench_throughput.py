#!/usr/bin/env python3
"""Throughput of `Pipeline.process_many` against the CLI's `--input-format jsonl` stream, in
the same run, on the same records and the same number of worker threads.

usage: python bench_throughput.py [--bin target/release/copydesk] [--jobs 2] [--repeat 3]
                                  [--min-ratio R] [--max-cpu-ratio C]

Cases, real text first:
  real       the dev pages of ../shared/data/pages (copied news pages), 3 passes, when present
  generated  10,000 short generated records (scripts/gen_jsonl.py, ~550 bytes each)

The CLI reads the records as JSONL on stdin and writes JSONL to a pipe that is drained;
Python gets the same records as a list of dicts and materializes every result dict. Each side
runs `--repeat` times, alternating; the best time of each is compared. CPU time (all threads,
user + system) is reported too: on a machine shared with other work, wall time depends on how
the scheduler shares the cores, CPU time per record much less. Exits 1 when a case's
throughput ratio (Python / CLI records per second) is below --min-ratio, or its CPU ratio
(Python / CLI CPU seconds) is above --max-cpu-ratio.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import copydesk

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT.parent / "shared" / "data" / "pages" / "dev"


def real_records(passes=3):
    pages = sorted(PAGES.glob("*.page.txt"))
    return [
        {"id": f"{p.name[:-9]}-{n}", "text": p.read_text(encoding="utf-8")}
        for n in range(passes)
        for p in pages
    ]


def generated_records(n=10_000):
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_jsonl.py"), str(n)],
        capture_output=True, text=True, check=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def time_cli(binary, stream, jobs):
    """Wall seconds, CPU seconds (all threads) and output lines of one CLI run."""
    started, cpu0 = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [binary, "run", "--quiet", "--jobs", str(jobs), "--input-format", "jsonl", "-"],
        input=stream, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True,
    )
    return (time.perf_counter() - started, cpu(resource.RUSAGE_CHILDREN) - cpu0,
            done.stdout.count(b"\n"))


def time_python(pipeline, records, jobs):
    """Wall seconds, CPU seconds (all threads) and documents of one process_many run."""
    started, cpu0 = time.perf_counter(), cpu(resource.RUSAGE_SELF)
    n = 0
    for _ in pipeline.process_many(records, jobs=jobs):
        n += 1
    return time.perf_counter() - started, cpu(resource.RUSAGE_SELF) - cpu0, n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "copydesk"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--min-ratio", type=float, default=None)
    ap.add_argument("--max-cpu-ratio", type=float, default=None)
    args = ap.parse_args()

    cases = []
    if PAGES.is_dir():
        cases.append(("real: dev pages x3", real_records()))
    else:
        print("real text: SKIPPED, ../shared/data/pages/dev is not beside the repository")
    cases.append(("generated: 10,000 short records", generated_records()))

    pipeline = copydesk.Pipeline()
    failed = False
    for name, records in cases:
        stream = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
        mb = len(stream) / 1e6
        cli, py = [], []
        for _ in range(args.repeat):
            seconds, cpu_seconds, lines = time_cli(args.bin, stream, args.jobs)
            assert lines == len(records), (lines, len(records))
            cli.append((seconds, cpu_seconds))
            seconds, cpu_seconds, docs = time_python(pipeline, records, args.jobs)
            assert docs == len(records), (docs, len(records))
            py.append((seconds, cpu_seconds))
        (c, c_cpu), (p, p_cpu) = min(cli), min(py)
        ratio = c / p
        print(
            f"{name}: {len(records)} records, {mb:.1f} MB, jobs={args.jobs}, best of {args.repeat}: "
            f"CLI {c:.2f} s ({len(records) / c:,.0f} records/s, {mb / c:.1f} MB/s, CPU {c_cpu:.2f} s); "
            f"process_many {p:.2f} s ({len(records) / p:,.0f} records/s, {mb / p:.1f} MB/s, "
            f"CPU {p_cpu:.2f} s); process_many / CLI throughput = {ratio:.0%}, "
            f"CPU per record = {p_cpu / c_cpu:.0%} of the CLI's"
        )
        if args.min_ratio is not None and ratio < args.min_ratio:
            print(f"FAIL: {name}: throughput {ratio:.0%} of the CLI's is below {args.min_ratio:.0%}")
            failed = True
        cpu_ratio = p_cpu / c_cpu
        if args.max_cpu_ratio is not None and cpu_ratio > args.max_cpu_ratio:
            print(f"FAIL: {name}: CPU {cpu_ratio:.0%} of the CLI's is above {args.max_cpu_ratio:.0%}")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
