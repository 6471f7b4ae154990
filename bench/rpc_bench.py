"""RPC benchmark: ``search_read`` of 80 records over ``/jsonrpc`` against the same ORM call
made in process, in one run (budget of issue 4: the RPC call within 2× of the ORM call).

    .venv/bin/python bench/rpc_bench.py --size 10000
    .venv/bin/python bench/rpc_bench.py --db postgresql://postgres@127.0.0.1:5433/postgres

The data and the page are BENCH.md's (10,000 opportunities; the pipeline page of one stage:
80 rows with three many2one names and the tags). Both sides do the whole work of one call:
the in-process side opens a transaction, runs ``search_read`` as the admin user (uid 2, with
access rights and rules) with a cold cache and commits; the RPC side sends Odoo's
``execute_kw`` over one kept-alive HTTP connection (``http.client``) to a real
``erp serve`` and decodes the answer. The difference is the price of the external API:
HTTP, routing, authentication, JSON both ways. Models: bench/addons/bench_crm. The
machines are noisy (2 shared cores): compare the ratio, not absolute times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from orm_bench import BATCH, PARTNERS, TAGS, USERS, lead_values  # noqa: E402

from core.orm.environment import Environment  # noqa: E402
from core.registry.loader import Catalog  # noqa: E402
from core.registry.modules import initialize  # noqa: E402
from core.registry.registry import Registry  # noqa: E402
from core.testing import DatabaseFactory, ErpServe  # noqa: E402

PASSWORD = "bench-password"
# The pipeline page of BENCH.md: name, customer, expected revenue, priority, salesperson,
# tags (activity state does not exist on the benchmark model), stage and closing date.
FIELDS = ["name", "partner_id", "expected_revenue", "priority", "user_id", "tag_ids",
          "stage_id", "date_deadline"]
PAGE = 80


def timed(fn: Callable[[], Any]) -> float:
    """Milliseconds ``fn()`` takes."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def seed(env: Environment, size: int) -> list[int]:
    """The data of BENCH.md (through the ORM bench's generator), and read access for
    internal users (the benchmark addon ships no access rights)."""
    group = env.ref("base.group_user").id
    for model in ("bench.lead", "bench.stage", "bench.partner", "bench.tag"):
        model_id = env["ir.model"].search([("model", "=", model)]).id
        env["ir.model.access"].create({"name": f"{model} read", "model_id": model_id,
                                       "group_id": group, "perm_read": True})
    users = env["res.users"].create([{
        "name": f"Salesperson {i}", "login": f"sales{i}",
        "groups_id": [(6, 0, [group])]} for i in range(USERS)]).ids
    stages = env["bench.stage"].create([
        {"name": n, "sequence": i, "is_won": n == "Won"}
        for i, n in enumerate(["New", "Qualified", "Proposition", "Won"])]).ids
    tags = env["bench.tag"].create([{"name": f"Tag {i}"} for i in range(TAGS)]).ids
    partners = env["bench.partner"].create([{"name": f"Customer {i}"}
                                            for i in range(PARTNERS)]).ids
    for offset in range(0, size, BATCH):
        env["bench.lead"].create([lead_values(i, partners, users, stages, tags)
                                  for i in range(offset, min(size, offset + BATCH))])
    return stages


class Served(ErpServe):
    """``erp serve`` on the bench database (one worker, as a small deployment)."""

    def __init__(self, url: str) -> None:
        super().__init__(url, cli_options=("--addons-path", str(ROOT / "bench" / "addons")))


def rpc_call(conn: http.client.HTTPConnection, db: str, domain: list) -> list[dict]:
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "service": "object", "method": "execute_kw", "args": [
            db, 2, PASSWORD, "bench.lead", "search_read", [domain],
            {"fields": FIELDS, "limit": PAGE}]}})
    conn.request("POST", "/jsonrpc", body, {"Content-Type": "application/json"})
    answer = json.loads(conn.getresponse().read())
    return answer["result"]


def orm_call(registry: Registry, domain: list) -> list[dict]:
    with registry.transaction() as tx:
        return Environment(tx, 2, {})["bench.lead"].search_read(domain, FIELDS, limit=PAGE)


def run(url: str, size: int, repeat: int) -> None:
    catalog = Catalog.discover([ROOT / "bench" / "addons"])
    registry, _pw = initialize(url, catalog, admin_password=PASSWORD,
                               install_names=["bench_crm"])
    with registry.transaction() as tx:
        stages = seed(Environment(tx, 1, {}), size)
    server = Served(url)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        domains = [[("stage_id", "=", stage)] for stage in stages]
        for domain in domains:                      # warm up both sides, check equality
            assert rpc_call(conn, registry.db_name, domain) == orm_call(registry, domain)
        rpc_times, orm_times = [], []
        for _ in range(repeat):                     # interleaved: both see the same noise
            for domain in domains:
                rpc_times.append(timed(lambda d=domain: rpc_call(conn, registry.db_name, d)))
                orm_times.append(timed(lambda d=domain: orm_call(registry, d)))
        rpc, orm = statistics.median(rpc_times), statistics.median(orm_times)
        conn.close()
    finally:
        server.stop()
    print(f"\nRPC benchmark — {registry.dialect.name}, search_read of {PAGE} of {size} leads, "
          f"{len(FIELDS)} fields (3 many2one, tags), median of {repeat}, {dt.date.today()}")
    print(f"{'in process (transaction + ORM call)':40} {orm:8.2f} ms")
    print(f"{'over /jsonrpc (kept-alive http.client)':40} {rpc:8.2f} ms")
    print(f"{'ratio':40} {rpc / orm:8.2f}×   budget ≤ 2×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--db", help="a PostgreSQL server URL; default: an SQLite file")
    args = parser.parse_args()
    if args.db:
        os.environ["ERP_TEST_DB"] = args.db
        url = DatabaseFactory().new_url("rpcbench")
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='erp-bench-')}/rpcbench.sqlite3"
    run(url, args.size, args.repeat)


if __name__ == "__main__":
    main()
