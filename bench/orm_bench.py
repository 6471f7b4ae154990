"""ORM benchmark: the BENCH.md workload through the ORM and as raw sqlite3, in one run.

    .venv/bin/python bench/orm_bench.py --size 10000
    .venv/bin/python bench/orm_bench.py --size 10000 --db postgresql://postgres@127.0.0.1:5433/postgres

Prints, per operation, the median of the ORM, the median of the same work done with the
best hand-written SQL on the same schema (SQLite: Python's sqlite3 module on the same file),
their ratio and the budget of issue 2. The machine is noisy: compare ratios, not absolute
times. Models: bench/addons/bench_crm (the CRM shape of BENCH.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.orm.environment import Environment  # noqa: E402
from core.registry.loader import Catalog  # noqa: E402
from core.registry.modules import initialize  # noqa: E402
from core.testing import DatabaseFactory, count_queries  # noqa: E402

PARTNERS, USERS, STAGES, TAGS, BATCH = 2000, 10, 4, 20, 500


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def lead_values(i: int, partners: list[int], users: list[int], stages: list[int],
                tags: list[int]) -> dict[str, Any]:
    rnd = random.Random(i)
    deadline = dt.date(2025, 1, 1) + dt.timedelta(days=i % 730)
    values: dict[str, Any] = {
        "name": f"Opportunity {i}", "partner_id": partners[i % len(partners)],
        "user_id": users[i % len(users)], "stage_id": stages[i % len(stages)],
        "expected_revenue": round(rnd.uniform(100, 10000), 2), "date_deadline": deadline,
        "priority": str(i % 4),
    }
    count = i % 3
    if count:
        values["tag_ids"] = [(6, 0, [tags[(i + k) % len(tags)] for k in range(count)])]
    return values


class Bench:
    def __init__(self, url: str, size: int, repeat: int) -> None:
        self.url, self.size, self.repeat = url, size, repeat
        self.rows: list[tuple[str, float, float | None, str, str]] = []

    def report(self, name: str, ours: float, raw: float | None, budget: str, note: str = ""
               ) -> None:
        self.rows.append((name, ours, raw, budget, note))

    # -- set-up ------------------------------------------------------------------------
    def install(self) -> Any:
        catalog = Catalog.discover([ROOT / "bench" / "addons"])
        start = time.perf_counter()
        registry, _pw = initialize(self.url, catalog, admin_password="bench-password",
                                   install_names=["bench_crm"])
        self.report("install base + bench_crm (s)", time.perf_counter() - start, None,
                    "-", "Tryton 16.8 s, Odoo 19.8 s (crm)")
        return registry

    def seed(self, env: Environment) -> dict[str, list[int]]:
        users = env["res.users"].create([{"name": f"Salesperson {i}", "login": f"sales{i}"}
                                         for i in range(USERS)]).ids
        stages = env["bench.stage"].create([
            {"name": n, "sequence": i, "is_won": n == "Won"}
            for i, n in enumerate(["New", "Qualified", "Proposition", "Won"])]).ids
        tags = env["bench.tag"].create([{"name": f"Tag {i}"} for i in range(TAGS)]).ids
        partners = env["bench.partner"].create([{"name": f"Customer {i}"}
                                                for i in range(PARTNERS)]).ids
        return {"users": users, "stages": stages, "tags": tags, "partners": partners}

    # -- operations ----------------------------------------------------------------------
    def create(self, env: Environment, ids: dict[str, list[int]]) -> tuple[float, list]:
        all_values = [lead_values(i, ids["partners"], ids["users"], ids["stages"], ids["tags"])
                      for i in range(self.size)]
        model = env["bench.lead"]
        counter = count_queries(env)
        start = time.perf_counter()
        for offset in range(0, self.size, BATCH):
            model.create(all_values[offset:offset + BATCH])
            env.invalidate_all()
        self.create_statements = counter() / (self.size // BATCH)
        return time.perf_counter() - start, all_values

    def report_create(self, registry: Any, ours: float, all_values: list[dict]) -> None:
        raw = self.raw_create(registry, all_values)
        self.report(f"create {self.size} leads, {BATCH}/call (rows/s)", self.size / ours,
                    self.size / raw if raw else None, "ORM time ≤ 5× raw executemany",
                    f"{self.create_statements:.0f} statements per call")

    def raw_create(self, registry: Any, all_values: list[dict]) -> float | None:
        if registry.dialect.name != "sqlite":
            return None
        path = registry.engine.url.database
        raw = sqlite3.connect(path, isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=NORMAL")
        self._copy_schema(raw, "bench_lead", "raw_lead")
        self._copy_schema(raw, "bench_lead_bench_tag_rel", "raw_rel")
        columns = ["name", "partner_id", "user_id", "stage_id", "expected_revenue",
                   "date_deadline", "priority", "active", "create_uid", "create_date",
                   "write_uid", "write_date"]
        now = dt.datetime.now().isoformat(sep=" ")
        sql = (f"INSERT INTO raw_lead ({', '.join(columns)}) VALUES "
               f"({', '.join('?' * len(columns))})")
        start = time.perf_counter()
        for offset in range(0, len(all_values), BATCH):
            chunk = all_values[offset:offset + BATCH]
            raw.execute("BEGIN")
            raw.executemany(sql, [(
                values["name"], values["partner_id"], values["user_id"], values["stage_id"],
                values["expected_revenue"], values["date_deadline"].isoformat(),
                values["priority"], 1, 1, now, 1, now) for values in chunk])
            last = raw.execute("SELECT max(rowid) FROM raw_lead").fetchone()[0]
            ids = range(last - len(chunk) + 1, last + 1)
            rel = [(lid, tag) for lid, values in zip(ids, chunk)
                   for tag in (values.get("tag_ids") or [(6, 0, [])])[0][2]]
            raw.executemany("INSERT INTO raw_rel VALUES (?, ?)", rel)
            raw.execute("COMMIT")
        elapsed = time.perf_counter() - start
        raw.close()
        return elapsed

    @staticmethod
    def _copy_schema(raw: sqlite3.Connection, source: str, target: str) -> None:
        """The same table and indexes under another name (so raw pays for the same indexes)."""
        raw.execute(f"DROP TABLE IF EXISTS {target}")
        for (sql,) in raw.execute("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql "
                                  "IS NOT NULL ORDER BY type DESC", (source,)).fetchall():
            raw.execute(sql.replace(source, target))

    def page(self, env: Environment, ids: dict[str, list[int]]) -> None:
        model = env["bench.lead"]
        fields = ["name", "partner_id", "user_id", "stage_id", "expected_revenue", "priority",
                  "date_deadline"]
        stages = ids["stages"]
        statements = []

        def orm_page() -> None:
            for stage in stages:
                env.invalidate_all()
                counter = count_queries(env)
                model.search_read([("stage_id", "=", stage)], fields, limit=80)
                statements.append(counter())

        ours = median_ms(orm_page, self.repeat) / len(stages)
        raw = self.raw_page(env, stages)
        self.report("page: 80 rows, 3 many2one names (ms)", ours, raw,
                    "≤ 3 statements, ≤ 10× raw", f"{max(statements)} statement(s) per page")

    def raw_page(self, env: Environment, stages: list[int]) -> float | None:
        if env.registry.dialect.name != "sqlite":
            return None
        raw = sqlite3.connect(env.registry.engine.url.database)
        sql = ("SELECT l.id, l.name, l.expected_revenue, l.priority, l.date_deadline, "
               "p.name, u.name, s.name FROM bench_lead l "
               "LEFT JOIN bench_partner p ON p.id = l.partner_id "
               "LEFT JOIN res_users u ON u.id = l.user_id "
               "LEFT JOIN bench_stage s ON s.id = l.stage_id "
               "WHERE l.stage_id = ? AND l.active = 1 "
               "ORDER BY l.date_deadline DESC, l.id DESC LIMIT 80")

        def raw_run() -> None:
            for stage in stages:
                raw.execute(sql, (stage,)).fetchall()
        result = median_ms(raw_run, self.repeat) / len(stages)
        raw.close()
        return result

    def report_groups(self, env: Environment) -> None:
        model = env["bench.lead"]
        for field in ("stage_id", "user_id"):
            ours = median_ms(lambda f=field: model.read_group(
                [], ["expected_revenue:sum"], [f]), self.repeat)
            raw = self.raw_group(env, field)
            self.report(f"read_group by {field} (ms)", ours, raw, "≤ 2× raw GROUP BY")

    def raw_group(self, env: Environment, field: str) -> float | None:
        if env.registry.dialect.name != "sqlite":
            return None
        raw = sqlite3.connect(env.registry.engine.url.database)
        table = "bench_stage" if field == "stage_id" else "res_users"
        sql = (f"SELECT l.{field}, g.name, count(*), sum(l.expected_revenue) FROM bench_lead l "
               f"LEFT JOIN {table} g ON g.id = l.{field} WHERE l.active = 1 "
               f"GROUP BY l.{field} ORDER BY l.{field}")
        result = median_ms(lambda: raw.execute(sql).fetchall(), self.repeat)
        raw.close()
        return result

    def search(self, env: Environment) -> None:
        model = env["bench.lead"]
        ours = median_ms(lambda: model.name_search("Opportunity 12"), self.repeat)
        self.report("name_search('Opportunity 12') (ms)", ours, None, "-")
        domain = ["|", ("partner_id.name", "ilike", "Customer 1"), ("expected_revenue", ">",
                                                                    9900)]
        ours = median_ms(lambda: model.search(domain, limit=80), self.repeat)
        self.report("search dotted path | (ms)", ours, None, "-")

    def write(self, env: Environment) -> None:
        model = env["bench.lead"]
        leads = model.search([("stage_id.is_won", "=", False)], limit=1000)
        start = time.perf_counter()
        for offset in range(0, len(leads), 100):
            leads[offset:offset + 100].action_set_won()
        elapsed = time.perf_counter() - start
        self.report("mark won, 100/call (records/s)", len(leads) / elapsed, None,
                    "Odoo 169/s, Tryton ~357/s")

    # -- run -----------------------------------------------------------------------------
    def run(self) -> None:
        registry = self.install()
        with registry.transaction() as tx:
            env = Environment(tx, 1, {})
            ids = self.seed(env)
            ours, all_values = self.create(env, ids)
        self.report_create(registry, ours, all_values)
        with registry.transaction() as tx:
            env = Environment(tx, 1, {})
            self.page(env, ids)
            self.report_groups(env)
            self.search(env)
            self.write(env)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.report("peak memory (MB)", peak, None, "Odoo 134–144 MB, Tryton 220 MB")
        self.print(registry)

    def print(self, registry: Any) -> None:
        print(f"\nORM benchmark — {registry.dialect.name}, {self.size} leads, "
              f"median of {self.repeat}, {dt.date.today().isoformat()}")
        print(f"{'operation':46} {'ours':>10} {'raw':>10} {'ratio':>7}  budget / note")
        for name, ours, raw, budget, note in self.rows:
            ratio = ""
            if raw:
                ratio = f"{(raw / ours if 'rows/s' in name else ours / raw):.2f}×"
            raw_text = f"{raw:10.2f}" if raw else f"{'-':>10}"
            print(f"{name:46} {ours:10.2f} {raw_text} {ratio:>7}  {budget} {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", help="a PostgreSQL server URL; default: an SQLite file")
    args = parser.parse_args()
    if args.db:
        import os
        os.environ["ERP_TEST_DB"] = args.db
        url = DatabaseFactory().new_url("bench")
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='erp-bench-')}/bench.sqlite3"
    Bench(url, args.size, args.repeat).run()


if __name__ == "__main__":
    main()
