#!/usr/bin/env python3
"""Writes N generated news-like JSONL records ({"id", "text", "url"}) to stdout, for the Spark
and streaming tests and benchmarks. Deterministic: the same N gives the same bytes.

usage: gen_jsonl.py N [--small] [--bad-every K]
  --small        one-sentence records (for million-record streaming runs)
  --bad-every K  every K-th record has no `text` (an in-band error record must come back)
"""
import json
import random
import sys

FIRST = ["Ana", "Omar", "Petra", "Li", "Kwame", "Sofia", "Daniel", "Mei", "Tomas", "Aisha"]
LAST = ["Pereira", "Haddad", "Novak", "Wei", "Mensah", "Rossi", "Okafor", "Tanaka", "Berg", "Khan"]
PLACES = ["Lisbon", "Nairobi", "Osaka", "Quito", "Oslo", "Accra", "Lima", "Hanoi"]
ORGS = ["the Finance Ministry", "the city council", "the Harbor Authority", "the Red Cross"]
CUES = ["said", "told reporters", "added", "warned"]
TOPICS = ["the budget", "the new bridge", "water prices", "the port strike", "school meals"]


def article(rng, n):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    place, org = rng.choice(PLACES), rng.choice(ORGS)
    topic = rng.choice(TOPICS)
    paras = [
        f"{place.upper()} (AP) — Officials in {place} on Tuesday debated {topic}, "
        f"{rng.randint(2, 900)} days after {org} first raised it.",
        f"“We don’t expect a decision before {rng.randint(1, 12)}:30,” {first} {last}, "
        f"a spokesperson for {org}, {rng.choice(CUES)}.",
        f"{last} said the U.S. delegation would arrive on Jan. {rng.randint(1, 28)}.",
    ]
    for _ in range(rng.randint(0, 4)):
        paras.append(
            f"According to {org}, about {rng.randint(1, 99)},{rng.randint(100, 999)} people "
            f"were affected. “It is hard,” she said."
        )
    return "\n\n".join(paras)


def main():
    args = sys.argv[1:]
    n = int(args[0])
    small = "--small" in args
    bad_every = int(args[args.index("--bad-every") + 1]) if "--bad-every" in args else 0
    rng = random.Random(42)
    out = sys.stdout
    for i in range(n):
        rec = {"id": f"r{i:07d}", "url": f"https://news.example/{i}"}
        if not (bad_every and i % bad_every == bad_every - 1):
            rec["text"] = f"Record {i} was filed in {rng.choice(PLACES)}." if small else article(rng, i)
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
