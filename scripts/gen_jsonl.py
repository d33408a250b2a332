#!/usr/bin/env python3
"""Writes N generated news-like JSONL records ({"id", "text", "url"}) to stdout, for the Spark
and streaming tests and benchmarks. Deterministic: the same N gives the same bytes.

usage: gen_jsonl.py N [--small | --pages] [--bad-every K]
  --small        one-sentence records (for million-record streaming runs)
  --pages        whole copied pages: the article wrapped in page chrome (menus, font buttons,
                 teasers with "Read More", "scroll top"), about 6 KB each (for benchmarks)
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


def background(rng):
    """A paragraph of background prose with names, numbers, quotes and reported speech."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    org, place, topic = rng.choice(ORGS), rng.choice(PLACES), rng.choice(TOPICS)
    pool = [
        f"The plan, first proposed in {rng.randint(1990, 2023)}, would cost about ${rng.randint(2, 90)} million.",
        f"{first} {last}, who chairs the committee, said the vote on {topic} could slip to next month.",
        f"Critics in {place} argue that {org} has not explained how {topic} would be paid for.",
        f"“This is not the end of the debate,” {last} told reporters on Wednesday.",
        f"According to figures from {org}, spending rose {rng.randint(2, 40)}.{rng.randint(0, 9)}% last year.",
        f"Residents said they learned about the change from a notice posted at 10:{rng.randint(10, 59)} a.m.",
        f"Dr. {last} warned that the U.S. experience showed such projects often ran late.",
        f"The meeting — the third this week — ended without agreement, officials said.",
    ]
    return " ".join(rng.sample(pool, rng.randint(3, 6)))


MENU = ["Home", "World", "Politics", "Business", "Health", "Sports", "Opinion", "Video"]


def page(rng, n):
    """An article as a browser's select-all + copy gives it: chrome around the story."""
    title = f"{rng.choice(PLACES)} Council Weighs {rng.choice(TOPICS).title()}"
    lines = ["Skip to content", *rng.sample(MENU, 5), title, "",
             f"March {rng.randint(1, 28)}, 2024by {rng.choice(FIRST)} {rng.choice(LAST)}, Associated Press",
             title, "A+", "a-", ""]
    lines += article(rng, n).split("\n")
    for _ in range(rng.randint(8, 20)):
        lines += ["", background(rng)]
    lines += ["", "___", "", f"{rng.choice(FIRST)} {rng.choice(LAST)} in {rng.choice(PLACES)} contributed.",
              "", "Related stories", ""]
    for _ in range(rng.randint(3, 8)):
        lines += [f"{rng.choice(PLACES).upper()} — {rng.choice(ORGS).capitalize()} said on Friday that "
                  f"{rng.choice(TOPICS)} would be reviewed... Read More", ""]
    lines += ["Share this:", "Facebook", "Twitter", "scroll top"]
    return "\n".join(lines)


def main():
    args = sys.argv[1:]
    n = int(args[0])
    small = "--small" in args
    pages = "--pages" in args
    bad_every = int(args[args.index("--bad-every") + 1]) if "--bad-every" in args else 0
    rng = random.Random(42)
    out = sys.stdout
    for i in range(n):
        rec = {"id": f"r{i:07d}", "url": f"https://news.example/{i}"}
        if not (bad_every and i % bad_every == bad_every - 1):
            if small:
                rec["text"] = f"Record {i} was filed in {rng.choice(PLACES)}."
            elif pages:
                rec["text"] = page(rng, i)
            else:
                rec["text"] = article(rng, i)
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
