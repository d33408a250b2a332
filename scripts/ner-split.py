#!/usr/bin/env python3
"""Writes a document-level part or a case-changed copy of a CoNLL NER file (to a temporary
place: the data sets in ../shared are never copied into the repository).

    ner-split.py FILE even|odd|all OUT [--upper|--lower]

`even` / `odd`: the documents (between `-DOCSTART-` lines) with an even / odd 0-based index.
The embedded entity model trains on the `even` documents of the open sets and the gates
score the `odd` ones, which it never saw. `--upper` / `--lower` change the case of every
token (first column) and keep the tags, for the case-robustness gates.
"""
import sys


def main():
    if len(sys.argv) not in (4, 5) or sys.argv[2] not in ("even", "odd", "all"):
        sys.exit(__doc__)
    path, part, out = sys.argv[1:4]
    case = sys.argv[4] if len(sys.argv) == 5 else None
    if case not in (None, "--upper", "--lower"):
        sys.exit(__doc__)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    docs, cur = [], []
    for line in text.split("\n"):
        if line.startswith("-DOCSTART-"):
            if any(l.strip() for l in cur):
                docs.append(cur)
            cur = []
            continue
        cur.append(line)
    if any(l.strip() for l in cur):
        docs.append(cur)
    keep = [d for i, d in enumerate(docs) if part == "all" or (i % 2 == 0) == (part == "even")]
    sep = "\t" if "\t" in text else " "
    with open(out, "w", encoding="utf-8") as f:
        for d in keep:
            f.write("-DOCSTART- O\n\n" if sep == "\t" else "-DOCSTART- -X- O O\n\n")
            lines = list(d)
            while lines and not lines[0].strip():
                lines.pop(0)
            while lines and not lines[-1].strip():
                lines.pop()
            for l in lines:
                if l.strip() and case:
                    cols = l.split(sep)
                    cols[0] = cols[0].upper() if case == "--upper" else cols[0].lower()
                    l = sep.join(cols)
                f.write(l + "\n")
            f.write("\n")
    print(f"{out}: {len(keep)} of {len(docs)} documents", file=sys.stderr)


if __name__ == "__main__":
    main()
