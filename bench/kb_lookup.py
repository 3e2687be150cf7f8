"""Bench: the knowledge-base search as the associate types, over 5,000 articles.

Run on purpose, not by pytest:

    .venv/bin/python bench/kb_lookup.py [--articles 5000] [--rounds 5] [--dir /path/on/a/real/disk]

Creates a station database with the demo catalogue (its 32 articles in English
and French) and adds generated articles until there are ``--articles``: each a
copy of a demo article with its title, tags and body varied by words drawn from
the demo articles' own vocabulary (so the index holds realistic French and
English words, with accents, and popular words match thousands of articles).
Inserted through the ORM, so the index is kept by its triggers as replication
keeps it.

Times ``counterapp.services.knowledge.find_articles`` — the call the
knowledge-base dialog makes on each key press — for every prefix (2 letters and
longer) of what a resident asks about: "dog licence", "permis chien",
"garbage pickup", "médaille", "marriage", "tax certificate", a word that
matches nothing, both languages and one language.

Target (issue 16): p99 <= 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

import sqlalchemy  # noqa: E402

from counterapp.db.engine import open_database  # noqa: E402
from counterapp.db.models import KbArticle  # noqa: E402
from counterapp.db.uow import UnitOfWork  # noqa: E402
from counterapp.services.knowledge import find_articles  # noqa: E402
from counterapp.services.reference import DEMO_CATALOGUE, load_demo  # noqa: E402

QUESTIONS = (
    "dog licence", "permis chien", "garbage pickup", "médaille", "medaille", "marriage licence",
    "tax certificate", "commissioner oath", "declaration solennelle", "parking ticket dispute",
    "recycling green bin", "swim lessons refund", "location glace", "burial permit",
    "xqzv nothing", "licence", "the",
)  # fmt: skip


def percentile(ordered: list[float], pct: float) -> float:
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def prefixes(question: str) -> list[str]:
    """What the search sees as the question is typed, from 2 letters on."""
    return [question[:k] for k in range(2, len(question) + 1) if question[:k].strip()]


def generate(count: int, seed: int = 16) -> list[dict[str, object]]:
    data = json.loads(DEMO_CATALOGUE.read_text("utf-8"))
    base = data["articles"]
    words = sorted(
        {w for a in base for w in f"{a['title']} {a['tags']} {a['body']}".split() if len(w) > 3}
    )
    rng = random.Random(seed)
    out = []
    for i in range(count - len(base)):
        a = dict(rng.choice(base))
        extra = " ".join(rng.sample(words, 6))
        a["id"] = f"bench-{i:06d}"
        a["title"] = f"{a['title']} — {' '.join(rng.sample(words, 2))}"[:200]
        a["tags"] = f"{a['tags']} {extra}"[:200]
        a["body"] = f"{a['body']} {' '.join(rng.sample(words, 40))}"
        out.append(a)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles in all (5000)")
    parser.add_argument("--rounds", type=int, default=5, help="times each query is run (5)")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the database")
    args = parser.parse_args(argv)
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="counterapp-bench-", dir=args.dir) as tmp:
        path = Path(tmp) / "station.sqlite3"
        print("counterapp bench: knowledge-base search as you type")
        print(
            f"  python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"SQLAlchemy {sqlalchemy.__version__}, {os.cpu_count()} CPUs"
        )
        engine, sf = open_database(path)
        load_demo(UnitOfWork(sf))
        started = time.perf_counter()
        with UnitOfWork(sf) as uow:
            for a in generate(args.articles):
                uow.session.add(KbArticle(**a))
            uow.commit()
        with UnitOfWork(sf, readonly=True) as uow:
            total = uow.session.query(KbArticle).count()
        print(f"  {total:,} articles loaded in {time.perf_counter() - started:.1f} s")

        queries = [p for q in QUESTIONS for p in prefixes(q)]
        hits: dict[tuple[str, str | None], int] = {}

        def timed(language: str | None) -> list[float]:
            out = []
            for _ in range(args.rounds):
                for q in queries:
                    start = time.perf_counter_ns()
                    found = find_articles(UnitOfWork(sf, readonly=True), q, language=language)
                    out.append((time.perf_counter_ns() - start) / 1e6)
                    hits[(q, language)] = len(found)
            return out

        timed(None)  # warm the page cache, as a running station has it
        ok = True
        for label, language in (("both languages", None), ("French only", "fr")):
            ordered = sorted(timed(language))
            p99 = percentile(ordered, 99)
            met = p99 <= 20.0
            ok &= met
            print(
                f"  {label}: {len(ordered)} look-ups, ms p50 {percentile(ordered, 50):.2f}  "
                f"p95 {percentile(ordered, 95):.2f}  p99 {p99:.2f}  max {ordered[-1]:.2f}"
                f"  (target p99 <= 20 ms: {'met' if met else 'NOT met'})"
            )
        print(
            f"  hits (at most 30 shown): 'dog licence' {hits[('dog licence', None)]}, "
            f"'permis chien' {hits[('permis chien', 'fr')]}, 'the' {hits[('the', None)]}"
        )
        if hasattr(os, "getloadavg"):
            one, five, fifteen = os.getloadavg()
            print(f"  load average while measured: {one:.1f} {five:.1f} {fifteen:.1f}")
        engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
