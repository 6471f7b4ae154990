"""The long fuzz run of issue 11: 10,000 seeded junk calls against a real ``erp serve``.

    .venv/bin/python bench/fuzz_bench.py --calls 10000 --seed 11
    .venv/bin/python bench/fuzz_bench.py --db postgresql://postgres@127.0.0.1:5433/fuzz

The database is initialised as an operator does (``erp init --demo --install
crm,sale,rental``; a temporary SQLite file unless ``--db`` names a new PostgreSQL
database, which is created), served by ``erp serve``, and fuzzed as the demo salesperson
``jeff`` (own documents) over XML-RPC, JSON-RPC, ``/web/dataset/call_kw`` and the web
pages (see ``tests/security/fuzzer.py``). It prints the calls, the duration, calls per
second, the count by HTTP status, the problems (answers ≥ 500, internal RPC errors) and
the tracebacks of the server log; the exit status is 1 if there is any of them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.security.fuzz_server import init_demo, serving, tracebacks  # noqa: E402
from tests.security.fuzzer import Fuzzer  # noqa: E402

LOGIN, PASSWORD = "jeff", "jeff-demo-1"


def create_database(url: str) -> None:
    """A new PostgreSQL database named in ``url`` (created through the server's
    ``postgres`` database)."""
    import psycopg
    base, _sep, name = url.rpartition("/")
    with psycopg.connect(base.replace("postgresql+psycopg", "postgresql") + "/postgres",
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--db", help="a PostgreSQL URL of a database to create")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="erp-fuzz-"))
    db = args.db or f"sqlite:///{folder / 'fuzz.sqlite3'}"
    if args.db:
        create_database(args.db)
    started = time.monotonic()
    init_demo(db)
    print(f"database {db} initialised in {time.monotonic() - started:.1f} s")
    log = folder / "serve.log"
    with serving(db, log) as url:
        fuzzer = Fuzzer(url, db.rpartition("/")[2].removesuffix(".sqlite3"), LOGIN, PASSWORD,
                        args.seed)
        fuzzer.sign_in()
        report = fuzzer.run(args.calls)
        healthy = fuzzer.healthy()
        fuzzer.close()
    print(report.summary())
    print("by channel:", dict(sorted(report.by_channel.items())))
    print("by channel and status:", dict(sorted(report.by_channel_status.items())))
    print("healthy afterwards:", healthy)
    found = tracebacks(log.read_text(errors="replace"))
    print(f"tracebacks in the server log {log}: {len(found)}")
    for line in (report.problems + found)[:50]:
        print("  ", line)
    return 0 if healthy and not report.problems and not found else 1


if __name__ == "__main__":
    sys.exit(main())
