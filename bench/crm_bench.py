"""CRM benchmark: the pipeline page and predictive lead scoring at scale (issue 6).

    .venv/bin/python bench/crm_bench.py --size 100000
    .venv/bin/python bench/crm_bench.py --size 10000 --db postgresql://postgres@127.0.0.1:5433/postgres

1. installs crm, seeds BENCH.md's data (2,000 customers, 10 salespeople, the 4 default
   stages, 20 tags, N opportunities; the first 10,000 created with tracking and followers as
   a user would, the rest in import mode), and reports the create rate;
2. renders the pipeline kanban page server-side — the web client's real route, signed in as
   a salesperson, default filter "My Pipeline", 4 columns of the first 80 cards with totals
   and activity progress bars — and compares it with the raw SQL fetching the same rows
   (cards, customer and salesperson names, tags, activity states, column counts, sums and
   progress counts) in Python's sqlite3, counting the SQL statements of the page;
3. closes every opportunity (won in the won stage, lost otherwise) and compares the
   scoring statistics rebuild with one raw GROUP BY pass over the same keys.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
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

from sqlalchemy import event  # noqa: E402
from werkzeug.test import Client  # noqa: E402

from core.orm.environment import Environment  # noqa: E402
from core.registry.loader import Catalog  # noqa: E402
from core.registry.modules import initialize  # noqa: E402
from core.testing import DatabaseFactory  # noqa: E402
from core.web.app import create_app  # noqa: E402

PARTNERS, USERS, TAGS, BATCH, TRACKED = 2000, 10, 20, 500, 10000
PASSWORD = "bench-password-1"


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class CrmBench:
    def __init__(self, url: str, size: int, repeat: int) -> None:
        self.url, self.size, self.repeat = url, size, repeat
        self.lines: list[str] = []
        self.statements = 0

    def say(self, text: str) -> None:
        self.lines.append(text)
        print(text, flush=True)

    # -- data ----------------------------------------------------------------------------
    def install(self) -> Any:
        catalog = Catalog.discover()
        start = time.perf_counter()
        registry, _pw = initialize(self.url, catalog, admin_password=PASSWORD,
                                   install_names=["crm"])
        self.say(f"install crm (with contacts, sales_team, mail, utm): "
                 f"{time.perf_counter() - start:.2f} s")
        event.listen(registry.engine, "before_cursor_execute", self._count)
        return registry

    def _count(self, *args: Any) -> None:
        self.statements += 1

    def seed(self, registry: Any) -> dict[str, Any]:
        with registry.transaction() as tx:
            env = Environment(tx, 1, {})
            group = env.ref("sales_team.group_sale_salesman_all_leads").id
            users = env["res.users"].create([
                {"name": f"Salesperson {i}", "login": f"sales{i}", "password": PASSWORD,
                 "groups_id": [(6, 0, [group])]} for i in range(USERS)])
            tags = env["crm.tag"].create([{"name": f"Tag {i}"} for i in range(TAGS)])
            partners = env["res.partner"].create([{"name": f"Customer {i}", "is_company": True}
                                                  for i in range(PARTNERS)])
            stages = env["crm.stage"].search([], order="sequence, id")
            team = env.ref("sales_team.team_sales_department")
            ids = {"users": users.ids, "tags": tags.ids, "partners": partners.ids,
                   "stages": stages.ids, "team": team.id, "won": stages.filtered("is_won").ids}
        values = [self._values(i, ids) for i in range(self.size)]
        tracked = min(TRACKED, self.size)
        with registry.transaction() as tx:
            env = Environment(tx, 1, {})
            start = time.perf_counter()
            for offset in range(0, tracked, BATCH):
                env["crm.lead"].create(values[offset:offset + BATCH])
                env.invalidate_all()
            rate = tracked / (time.perf_counter() - start)
        self.say(f"create {tracked} opportunities, {BATCH}/call, tracking on: {rate:,.0f}/s")
        if self.size > tracked:
            with registry.transaction() as tx:
                env = Environment(tx, 1, {"tracking_disable": True})
                start = time.perf_counter()
                for offset in range(tracked, self.size, BATCH):
                    env["crm.lead"].create(values[offset:offset + BATCH])
                    env.invalidate_all()
                rate = (self.size - tracked) / (time.perf_counter() - start)
            self.say(f"create {self.size - tracked} more in import mode "
                     f"(tracking_disable): {rate:,.0f}/s")
        self._activities(registry, ids)
        return ids

    def _values(self, i: int, ids: dict[str, Any]) -> dict[str, Any]:
        rnd = random.Random(i)
        stages = ids["stages"]
        values = {
            "name": f"Opportunity {i}", "type": "opportunity",
            "partner_id": ids["partners"][i % PARTNERS], "user_id": ids["users"][(i // 4) % USERS],
            "team_id": ids["team"], "stage_id": stages[i % len(stages)],
            "expected_revenue": round(rnd.uniform(100, 10000), 2),
            "date_deadline": dt.date(2025, 1, 1) + dt.timedelta(days=i % 730),
            "priority": str(i % 4),
        }
        count = i % 3
        if count:
            values["tag_ids"] = [(6, 0, [ids["tags"][(i + k) % TAGS] for k in range(count)])]
        return values

    def _activities(self, registry: Any, ids: dict[str, Any]) -> None:
        """An activity on every 7th opportunity of the first salesperson (late/today/soon)."""
        with registry.transaction() as tx:
            env = Environment(tx, ids["users"][0], {"tracking_disable": True})
            leads = env["crm.lead"].search([("user_id", "=", env.uid)], limit=2000)
            call = env.ref("mail.mail_activity_data_call")
            today = dt.date.today()
            env["mail.activity"].create([
                {"res_model": "crm.lead", "res_id": lead.id, "activity_type_id": call.id,
                 "user_id": env.uid, "summary": "Call",
                 "date_deadline": today + dt.timedelta(days=(k % 3) - 1)}
                for k, lead in enumerate(leads) if k % 7 == 0])

    def existing_ids(self, registry: Any) -> dict[str, Any]:
        with registry.transaction() as tx:
            env = Environment(tx, 1, {})
            stages = env["crm.stage"].search([], order="sequence, id")
            users = env["res.users"].search([("login", "=like", "sales%")], order="id")
            return {"users": users.ids, "stages": stages.ids,
                    "won": stages.filtered("is_won").ids}

    # -- the pipeline page ----------------------------------------------------------------
    def pipeline(self, registry: Any, ids: dict[str, Any]) -> None:
        app = create_app(self.url)
        event.listen(app.registries.registry.engine, "before_cursor_execute", self._count)
        client = Client(app)
        page = client.get("/web/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        client.post("/web/login", data={"login": "sales0", "password": PASSWORD,
                                        "csrf_token": token})
        with registry.transaction() as tx:
            action = Environment(tx, 1, {}).ref("crm.crm_lead_action_pipeline").id
        url = f"/web/action/{action}/kanban"
        html = client.get(url).get_data(as_text=True)
        if html.count("<article") != 320:
            raise SystemExit(f"expected 4 × 80 cards, got {html.count('<article')}: "
                             f"{html[:3000]}")
        self.statements = 0
        client.get(url)
        per_page = self.statements
        ours = median_ms(lambda: client.get(url), self.repeat)
        if getattr(self, "profile", False):
            import cProfile
            import pstats
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        raw = self.raw_pipeline(registry, ids)
        self.say(f"pipeline kanban page (4 × 80 cards, totals, progress bars): {ours:.1f} ms, "
                 f"{per_page} SQL statements; raw SQL "
                 + (f"{raw:.1f} ms → {ours / raw:.2f}×" if raw else "n/a"))

    def raw_pipeline(self, registry: Any, ids: dict[str, Any]) -> float | None:
        if registry.dialect.name != "sqlite":
            return None
        db = sqlite3.connect(registry.engine.url.database)
        uid = ids["users"][0]
        cards = ("SELECT l.id, l.name, l.expected_revenue, l.priority, l.color, "
                 "p.name, u.name FROM crm_lead l "
                 "LEFT JOIN res_partner p ON p.id = l.partner_id "
                 "LEFT JOIN res_users u ON u.id = l.user_id "
                 "WHERE l.active = 1 AND l.type = 'opportunity' AND l.user_id = ? "
                 "AND l.stage_id = ? ORDER BY l.priority DESC, l.id DESC LIMIT 80")
        totals = ("SELECT stage_id, count(*), sum(expected_revenue) FROM crm_lead "
                  "WHERE active = 1 AND type = 'opportunity' AND user_id = ? GROUP BY stage_id")
        tag_rel = "crm_tag_rel"
        tags = (f"SELECT r.lead_id, t.name, t.color FROM {tag_rel} r "
                "JOIN crm_tag t ON t.id = r.tag_id WHERE r.lead_id IN ({ids}) "
                "ORDER BY t.name")
        activities = ("SELECT res_id, min(date_deadline) FROM mail_activity "
                      "WHERE res_model = 'crm.lead' AND res_id IN ({ids}) GROUP BY res_id")
        progress = ("SELECT l.stage_id, a.date_deadline < date('now'), "
                    "a.date_deadline = date('now'), count(DISTINCT l.id) FROM crm_lead l "
                    "JOIN mail_activity a ON a.res_model = 'crm.lead' AND a.res_id = l.id "
                    "WHERE l.active = 1 AND l.type = 'opportunity' AND l.user_id = ? "
                    "GROUP BY 1, 2, 3")

        def run() -> None:
            db.execute(totals, (uid,)).fetchall()
            db.execute(progress, (uid,)).fetchall()
            every: list[int] = []
            for stage in ids["stages"]:
                every += [row[0] for row in db.execute(cards, (uid, stage)).fetchall()]
            marks = ",".join(str(i) for i in every)
            db.execute(tags.format(ids=marks)).fetchall()
            db.execute(activities.format(ids=marks)).fetchall()

        result = median_ms(run, self.repeat)
        db.close()
        return result

    # -- predictive lead scoring ---------------------------------------------------------
    def scoring(self, registry: Any, ids: dict[str, Any]) -> None:
        """Measured in a transaction that is rolled back: the database stays as seeded."""
        from core.testing import rollback_env
        with rollback_env(registry) as env:
            tx = env.transaction
            won = ids["won"][0]   # close every opportunity (bench set-up, raw SQL)
            tx.connection.exec_driver_sql(
                f"UPDATE crm_lead SET won_status = CASE WHEN stage_id = {won} THEN 'won' "
                f"ELSE 'lost' END, active = (stage_id = {won})")
            params = env["ir.config_parameter"]
            params.set_param("crm.pls_start_date", "2000-01-01")
            fields = env["crm.lead"]._pls_fields()
            frequency = env["crm.lead.scoring.frequency"].sudo()
            start_date = env["crm.lead"]._pls_start_date()
            ours = median_ms(lambda: frequency._rebuild(fields, start_date),
                             max(3, self.repeat // 4))
            full = median_ms(lambda: env["crm.lead"]._pls_rebuild(), 3)
            table = env["crm.lead"]._table_obj
            plain = [f for f in fields if f != "tag_ids"]
            keys = ", ".join(["team_id", "stage_id", "won_status", *plain])
            raw_sql = (f"SELECT {keys}, count(*) FROM {table.name} WHERE won_status IN "
                       f"('won', 'lost') GROUP BY {keys}")
            if "tag_ids" in fields:
                raw_sql += ("; SELECT l.team_id, r.tag_id, l.won_status, count(*) "
                            "FROM crm_lead l JOIN crm_tag_rel r ON "
                            "r.lead_id = l.id WHERE l.won_status IN ('won', 'lost') "
                            "GROUP BY 1, 2, 3")
            connection = tx.connection
            raw = median_ms(lambda: [connection.exec_driver_sql(q).fetchall()
                                     for q in raw_sql.split("; ")], max(3, self.repeat // 4))
        self.say(f"scoring statistics rebuild over {self.size:,} closed opportunities: "
                 f"{ours:.1f} ms; raw GROUP BY pass {raw:.1f} ms → {ours / raw:.2f}× "
                 f"(full rebuild incl. rescoring open ones: {full:.1f} ms)")

    def run(self, reuse: bool = False) -> None:
        self.say(f"CRM benchmark, {self.size:,} opportunities, "
                 f"{self.url.split(':')[0]}, {dt.date.today().isoformat()}")
        if reuse:
            from core.registry.modules import open_registry
            registry = open_registry(self.url, Catalog.discover())
            ids = self.existing_ids(registry)
        else:
            registry = self.install()
            ids = self.seed(registry)
            self.say(f"database: {self.url}")
        self.pipeline(registry, ids)
        self.scoring(registry, ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", help="a PostgreSQL server URL; default: an SQLite file")
    parser.add_argument("--profile", action="store_true", help="profile the pipeline page")
    parser.add_argument("--reuse", help="the URL of a database seeded by an earlier run")
    args = parser.parse_args()
    if args.reuse:
        url = args.reuse
    elif args.db:
        import os
        os.environ["ERP_TEST_DB"] = args.db
        url = DatabaseFactory().new_url("crmbench")
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='erp-crm-bench-')}/crm.sqlite3"
    bench = CrmBench(url, args.size, args.repeat)
    bench.profile = args.profile
    bench.run(reuse=bool(args.reuse))


if __name__ == "__main__":
    main()
