"""Shared helpers: the repository, the copydesk binary to compare with, and running it."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
PAGES = sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.txt"))
WRITER_PAGES = sorted((ROOT / "tests" / "fixtures" / "writers").glob("*.txt"))


def binary() -> Path:
    """The CLI to compare with: $COPYDESK_BIN, else target/release/copydesk (built if missing)."""
    path = Path(os.environ.get("COPYDESK_BIN", ROOT / "target" / "release" / "copydesk"))
    if not path.exists():
        subprocess.run(
            ["cargo", "build", "--release", "-p", "copydesk"], cwd=ROOT, check=True
        )
    return path


@pytest.fixture(scope="session")
def cli():
    """Runs `copydesk ARGS` in the repository root; returns (stdout, stderr, exit code)."""
    exe = binary()

    def run(*args, input=None):
        done = subprocess.run(
            [str(exe), *map(str, args)],
            cwd=ROOT,
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        return done.stdout, done.stderr, done.returncode

    return run


def jsonl(text):
    """The documents of JSONL output, key order kept."""
    return [json.loads(line) for line in text.splitlines()]


def canonical(value):
    """A dict compared with its key order (== on dicts ignores order)."""
    return json.dumps(value, ensure_ascii=False)


def long_text(paragraphs=2000):
    """A long article with no repeated line (repeated lines would be stripped as chrome)."""
    return "\n\n".join(
        f"“We will rebuild pier {i} before the spring storms,” Mayor Ana Lind told reporters "
        f"in Oslo on Tuesday, {i % 28 + 1} days after the council approved {i * 7} crowns."
        for i in range(paragraphs)
    )


# A pipeline that works a while on a long text but returns little (no tokens): the time of a
# call is Rust's, not the building of the dict.
STRIP_ONLY = """
[[stage]]
type = "strip_boilerplate"

[[stage]]
type = "jsonl"
[stage.options]
omit_body = true
"""
