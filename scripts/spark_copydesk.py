#!/usr/bin/env python3
"""Run copydesk over a JSONL dataset on Apache Spark, as a map step.

Each partition's records are piped through one `copydesk run --input-format jsonl -` process
(RDD.pipe): copydesk writes exactly one output line per input line, in order, and turns a bad
record into an in-band `{"id", "source", "error"}` line, so no record is lost or shifted.

usage:
    spark-submit scripts/spark_copydesk.py --binary target/release/copydesk \
        --config config/default.toml INPUT_JSONL_GLOB OUTPUT_DIR [--format jsonl|parquet]
        [--partitions N] [--master local[2]]

INPUT: text files with one JSON object per line, `{"id": ..., "text": ...}` (other fields are
kept in `meta`). OUTPUT_DIR: Spark's usual part files — JSONL text, or Parquet through Spark's
JSON reader (`--format parquet`).

The binary and the pipeline file are shipped to the executors with SparkContext.addFile, so the
executors need nothing installed but a compatible OS (build copydesk on the same OS/libc as the
executors, or build a static binary with the x86_64-unknown-linux-musl target).
"""
import argparse
import shlex
import sys
import time


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", help="input JSONL file, directory or glob (any path Spark reads)")
    p.add_argument("output", help="output directory (must not exist)")
    p.add_argument("--binary", required=True, help="the copydesk binary, as a path on the executors")
    p.add_argument("--config", help="pipeline TOML, as a path on the executors (default: embedded pipeline)")
    p.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("--partitions", type=int, default=0,
                   help="repartition the input to N partitions (0: keep Spark's split)")
    p.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: spark-submit's)")
    p.add_argument("--jobs", type=int, default=1,
                   help="copydesk threads per partition process (default 1: Spark runs one task per core)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    started = time.time()
    builder = SparkSession.builder.appName("copydesk")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    ready = time.time()

    # RDD.pipe starts one process per partition on the executor, feeds it the partition's
    # lines and yields its output lines; checkCode turns a failed process into a failed task
    # (which Spark retries), never into silently missing records.
    command = [args.binary, "run", "--quiet", "--jobs", str(args.jobs), "--input-format", "jsonl"]
    if args.config:
        command += ["--config", args.config]
    command.append("-")
    rdd = sc.textFile(args.input)
    if args.partitions:
        rdd = rdd.repartition(args.partitions)
    results = rdd.pipe(" ".join(shlex.quote(c) for c in command), checkCode=True)
    if args.format == "jsonl":
        results.saveAsTextFile(args.output)
    else:
        spark.read.json(results).write.parquet(args.output)
    done = time.time()
    print(f"spark start-up {ready - started:.2f} s, job {done - ready:.2f} s", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
