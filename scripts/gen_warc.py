#!/usr/bin/env python3
"""Writes a generated WARC file of about SIZE_MB megabytes for memory and throughput runs:
for every HTML `response` record a `request` record, and every fifth response an image
(non-HTML). Pages are made of generated sentences, so no real text is copied; a pool of 200
pages and 20 images is reused so that writing runs at disk speed.

Usage: scripts/gen_warc.py OUT.warc SIZE_MB
"""
import random
import sys
import uuid

WORDS = ("council harbour bridge market school river station budget mayor report "
         "residents weather road plan vote project hospital court police museum").split()


def sentence(rng):
    n = rng.randint(12, 30)
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + f", the {rng.choice(WORDS)} said on day {rng.randint(1, 28)}."


def page(rng, i):
    nav = " ".join(f'<a href="/s{k}">Section {k}</a>' for k in range(20))
    paras = "".join(f"<p>{' '.join(sentence(rng) for _ in range(4))}</p>" for _ in range(rng.randint(8, 40)))
    related = "".join(f'<li><a href="/r{k}">{sentence(rng)[:60]}</a></li>' for k in range(10))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {i}</title>'
            f'<meta property="og:site_name" content="Generated Gazette"></head><body>'
            f'<nav>{nav}</nav><article><h1>Story {i}</h1>{paras}</article>'
            f'<aside class="related"><ul>{related}</ul></aside><footer>About | Privacy</footer>'
            f'</body></html>')


def record(kind, uri, block, content_type="application/http; msgtype=response"):
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Target-URI: {uri}\r\nWARC-Date: 2025-01-01T00:00:00Z\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def main():
    out, size = sys.argv[1], int(sys.argv[2]) * 1_000_000
    rng = random.Random(0)
    pages = [page(rng, k).encode() for k in range(200)]
    images = [rng.randbytes(20_000) for _ in range(20)]
    written, i = 0, 0
    with open(out, "wb") as f:
        while written < size:
            i += 1
            uri = f"https://gazette.example/{i}"
            f.write(rec := record("request", uri, f"GET /{i} HTTP/1.1\r\nHost: gazette.example\r\n\r\n".encode(),
                                  "application/http; msgtype=request"))
            written += len(rec)
            if i % 5 == 0:
                body = images[i % 20]
                block = b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n" + body
            else:
                body = pages[i % 200]
                block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
            f.write(rec := record("response", uri, block))
            written += len(rec)
    print(f"{out}: {i} responses, {written / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
