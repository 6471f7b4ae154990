"""Kill test: SIGKILL a worker, then the whole server, in the middle of the load.

    .venv/bin/python bench/kill_test.py                       # SQLite, 1 process x 2 workers
    .venv/bin/python bench/kill_test.py --db postgresql://postgres@127.0.0.1:55432/postgres

The clients of ``load_bench.py`` run; after ``--phase`` seconds one worker is killed
(gunicorn starts another), after another phase the master and all workers are killed at
once. Calls in flight then fail (they were never acknowledged). The database must then hold
every acknowledged write (``load_bench.lost_writes``) and nothing half-written: every opportunity the load
created has both of the tags it was created with, every chatter post belongs to an existing
opportunity, and SQLite's ``PRAGMA integrity_check`` says ``ok``; the server started again on
it must answer. Exit code 0 when so.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time

import sqlalchemy as sa
from load_bench import (
    Results,
    ServerProcess,
    create_database,
    drop_database,
    lost_writes,
    run_load,
    seed,
)

from core.orm.dialect import normalize_url


def half_written(url: str, tags: list[int]) -> list[str]:
    """Rows a transaction left incomplete: leads without their tags, orphan posts."""
    engine = sa.create_engine(normalize_url(url))
    problems: list[str] = []
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT l.id, count(r.tag_id) FROM crm_lead l LEFT JOIN crm_tag_rel r "
            "ON r.lead_id = l.id WHERE l.name LIKE 'Load %' GROUP BY l.id")).all()
        problems += [f"lead {lead} has {count} of its 2 tags" for lead, count in rows
                     if count != len(tags)]
        orphans = conn.execute(sa.text(
            "SELECT count(*) FROM mail_message m WHERE m.model = 'crm.lead' AND NOT EXISTS "
            "(SELECT 1 FROM crm_lead l WHERE l.id = m.res_id)")).scalar()
        if orphans:
            problems.append(f"{orphans} chatter messages of missing opportunities")
        if engine.dialect.name == "sqlite":
            check = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            if check != "ok":
                problems.append(f"integrity_check: {check}")
        created = len(rows)
    engine.dispose()
    print(f"    {created} opportunities created by the load checked")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="a PostgreSQL server URL (default: an SQLite file)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--phase", type=float, default=4.0, help="seconds between kills")
    args = parser.parse_args()
    workers = args.workers or (4 if args.db else 2)
    url = create_database(args.db)
    server = restarted = None
    try:
        info = seed(url, 200, 20)
        server = ServerProcess(url, workers).start()
        run_load([server.port], info, args.clients, 2.0, Results())   # workers warm
        results, stop = Results(), threading.Event()
        load = threading.Thread(target=run_load, args=([server.port], info, args.clients,
                                                       6 * args.phase, results, stop))
        load.start()
        time.sleep(args.phase)
        victim = server.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        print(f"killed worker {victim} after {len(results.latencies)} acknowledged calls")
        time.sleep(args.phase)
        stop.set()                      # the clients end with the call they are in
        server.kill()
        print(f"killed the server after {len(results.latencies)} acknowledged calls")
        load.join()
        lost = lost_writes(url, results)          # checked before anything else writes
        broken = half_written(url, info["tags"])
        restarted = ServerProcess(url, workers).start()
        after = Results()
        run_load([restarted.port], info, 2, 1.0, after)
        print(f"restarted: {len(after.latencies)} calls answered, {len(after.errors)} errors")
        print(f"acknowledged: {len(results.creates)} creates, {len(results.moves)} moves, "
              f"{len(results.posts)} posts; failed in flight: {len(results.errors)}")
        print(f"lost writes: {len(lost)}; half-written: {len(broken)}")
        for line in (lost + broken)[:10]:
            print("   ", line)
        ok = not lost and not broken and not after.errors and len(after.latencies) > 0
    finally:
        for process in (server, restarted):
            if process is not None:
                process.stop()
                process.log.unlink(missing_ok=True)
        drop_database(args.db, url)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
