"""Load benchmark: a sales team at once — C clients for T seconds against a real ``erp serve``.

    .venv/bin/python bench/load_bench.py                                  # SQLite, 1 process
    .venv/bin/python bench/load_bench.py --processes 2                    # 2 servers, 1 file
    .venv/bin/python bench/load_bench.py --db postgresql://postgres@127.0.0.1:55432/postgres \
        --workers 4

Each client (a thread; XML-RPC and JSON-RPC alternating, one kept-alive connection each)
loops over a CRM mix: pipeline reads (``search_read`` of 80 opportunities, 40 %), stage moves
of one of ``--hot`` shared opportunities (30 %), creates (20 %) and chatter posts on a hot
opportunity (10 %). Every call must succeed; the server re-runs requests that collided.

After the run the database is checked against what was acknowledged: every acknowledged
create exists with its name, every acknowledged post exists, and each hot opportunity is in
the stage of a move that no other acknowledged move started after ("the last write wins",
judged from the client's clock without false alarms). Anything else is a lost write.
Retries are counted from the servers' log (``ERP_LOG_LEVEL=INFO``). The database is
created for the run (SQLite: a temporary file; PostgreSQL: ``erp_load_<random>``, dropped
at the end).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from core.orm.dialect import normalize_url  # noqa: E402
from core.orm.environment import Environment  # noqa: E402
from core.registry.loader import Catalog  # noqa: E402
from core.registry.modules import initialize  # noqa: E402

PASSWORD = "load-password"
HOST = "127.0.0.1"
FIELDS = ["name", "partner_id", "expected_revenue", "stage_id", "user_id", "tag_ids"]
MIX = [("read", 40), ("move", 30), ("create", 20), ("post", 10)]


# -- the database and the servers -------------------------------------------------------------
def create_database(server_url: str | None) -> str:
    if not server_url:
        folder = Path(tempfile.mkdtemp(prefix="erp-load-"))
        return f"sqlite:///{folder / 'load.sqlite3'}"
    name = f"erp_load_{secrets.token_hex(4)}"
    admin = sa.create_engine(normalize_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING '
                             "'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    admin.dispose()
    url = sa.engine.make_url(normalize_url(server_url)).set(database=name)
    return url.render_as_string(hide_password=False)


def drop_database(server_url: str | None, url: str) -> None:
    if not server_url:
        path = Path(sa.engine.make_url(url).database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.rmdir()
        return
    name = sa.engine.make_url(url).database
    admin = sa.create_engine(normalize_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def seed(url: str, leads: int, hot: int) -> dict[str, Any]:
    """crm with ``leads`` opportunities; the first ``hot`` are the shared ones."""
    registry, _pw = initialize(url, Catalog.discover(), admin_password=PASSWORD,
                               install_names=["crm"])
    with registry.transaction() as tx:
        env = Environment(tx, 1, {"tracking_disable": True})
        stages = env["crm.stage"].search([]).ids
        partners = env["res.partner"].create([{"name": f"Customer {i}"} for i in range(50)])
        records = env["crm.lead"].create([{
            "name": f"Opportunity {i}", "type": "opportunity", "stage_id": stages[i % 2],
            "expected_revenue": 1000 * (i % 17), "partner_id": partners[i % 50].id,
        } for i in range(leads)])
        admin = env.ref("base.user_admin").id
        tags = env["crm.tag"].create([{"name": "Load A"}, {"name": "Load B"}]).ids
    registry.engine.dispose()
    return {"db": registry.db_name, "stages": stages, "hot": records.ids[:hot], "uid": admin,
            "tags": tags}


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class ServerProcess:
    """``erp serve`` on a free port, its output in a log file."""

    url: str
    workers: int
    port: int = field(default_factory=free_port)
    log: Path = field(default_factory=lambda: Path(tempfile.mkstemp(suffix=".log")[1]))
    process: Any = None

    def start(self) -> ServerProcess:
        command = [sys.executable, "-m", "core.cli", "--db", self.url, "serve", "--host",
                   HOST, "--port", str(self.port), "--workers", str(self.workers)]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", "ERP_LOG_LEVEL": "INFO"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log.read_text()[-3000:])
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/web/health")
                if conn.getresponse().status == 200:
                    return self
            time.sleep(0.2)
        raise RuntimeError("erp serve did not start:\n" + self.log.read_text()[-3000:])

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def kill(self) -> None:
        """SIGKILL the master and its workers, as a power cut would."""
        pids = self.worker_pids()
        self.process.send_signal(signal.SIGKILL)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def retries(self) -> int:
        return self.log.read_text(errors="replace").count("concurrency conflict")


# -- the clients -------------------------------------------------------------------------------
class Client:
    """One sales person's program: XML-RPC or JSON-RPC over a kept-alive connection."""

    def __init__(self, port: int, info: dict[str, Any], protocol: str) -> None:
        self.port, self.info, self.protocol = port, info, protocol
        self.proxy = xmlrpc.client.ServerProxy(f"http://{HOST}:{port}/xmlrpc/2/object")
        self.conn = http.client.HTTPConnection(HOST, port, timeout=120)

    def execute(self, model: str, method: str, args: list[Any], kwargs: dict | None = None
                ) -> Any:
        call = [self.info["db"], self.info["uid"], PASSWORD, model, method, args, kwargs or {}]
        if self.protocol == "xmlrpc":
            return self.proxy.execute_kw(*call)
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "service": "object", "method": "execute_kw", "args": call}})
        self.conn.request("POST", "/jsonrpc", body, {"Content-Type": "application/json"})
        answer = json.loads(self.conn.getresponse().read())
        if "error" in answer:
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer.get("result")


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    moves: list[tuple[int, int, float, float]] = field(default_factory=list)
    attempted_moves: list[tuple[int, int]] = field(default_factory=list)
    creates: list[tuple[int, str]] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def one_call(client: Client, kind: str, number: int, k: int, results: Results) -> None:
    info, rng = client.info, random.Random(number * 100003 + k)
    start = time.monotonic()
    if kind == "read":
        client.execute("crm.lead", "search_read", [[("type", "=", "opportunity")]],
                       {"fields": FIELDS, "limit": 80, "offset": rng.randrange(0, 200)})
    elif kind == "move":
        lead, stage = rng.choice(info["hot"]), rng.choice(info["stages"])
        with results.lock:
            results.attempted_moves.append((lead, stage))
        client.execute("crm.lead", "write", [[lead], {"stage_id": stage}])
        with results.lock:
            results.moves.append((lead, stage, start, time.monotonic()))
    elif kind == "create":
        name = f"Load {number}-{k}"
        new_id = client.execute("crm.lead", "create", [{
            "name": name, "type": "opportunity", "tag_ids": [(6, 0, info["tags"])]}])
        with results.lock:
            results.creates.append((new_id, name))
    else:
        body = f"load-post {number}-{k}"
        client.execute("crm.lead", "message_post", [[rng.choice(info["hot"])]],
                       {"body": body, "message_type": "comment"})
        with results.lock:
            results.posts.append(body)
    with results.lock:
        results.latencies.append((time.monotonic() - start) * 1000)
        results.by_kind.setdefault(kind, []).append(results.latencies[-1])


def client_loop(ports: list[int], info: dict[str, Any], number: int, until: float,
                results: Results, stop: threading.Event) -> None:
    client = Client(ports[number % len(ports)], info, "xmlrpc" if number % 2 else "jsonrpc")
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    rng, k = random.Random(number), 0
    while time.monotonic() < until and not stop.is_set():
        kind = rng.choice(kinds)
        try:
            one_call(client, kind, number, k, results)
        except Exception as exc:  # noqa: BLE001 - counted and shown, the run goes on
            with results.lock:
                results.errors.append(f"{kind}: {exc}"[:200])
            client = Client(client.port, info, client.protocol)
        k += 1


def run_load(ports: list[int], info: dict[str, Any], clients: int, seconds: float,
             results: Results, stop: threading.Event | None = None) -> float:
    stop = stop or threading.Event()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client_loop, args=(ports, info, n, until, results, stop))
               for n in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - start


# -- checking what was acknowledged ------------------------------------------------------------
def lost_writes(url: str, results: Results) -> list[str]:
    """What was acknowledged and is not in the database. Moves sent but never answered
    (the server was killed) may have been committed: they count as possible last moves."""
    engine = sa.create_engine(normalize_url(url))
    lost: list[str] = []
    with engine.connect() as conn:
        stage_of = dict(conn.execute(sa.text("SELECT id, stage_id FROM crm_lead")).all())
        names = dict(conn.execute(sa.text("SELECT id, name FROM crm_lead")).all())
        bodies = {row[0] for row in conn.execute(sa.text(
            "SELECT body FROM mail_message WHERE body LIKE '%load-post%'"))}
    engine.dispose()
    for new_id, name in results.creates:
        if names.get(new_id) != name:
            lost.append(f"create {name} (id {new_id})")
    found = " ".join(bodies)
    lost.extend(f"post {body}" for body in results.posts if body not in found)
    for lead in {move[0] for move in results.moves}:
        moves = [m for m in results.moves if m[0] == lead]
        candidates = {stage for _l, stage, _s, end in moves
                      if not any(other[2] > end for other in moves)}
        acked = Counter((m[0], m[1]) for m in moves)
        sent = Counter(pair for pair in results.attempted_moves if pair[0] == lead)
        candidates |= {stage for (_l, stage), count in sent.items()
                       if count > acked[(lead, stage)]}      # sent, never answered
        if stage_of.get(lead) not in candidates:
            lost.append(f"stage of {lead}: {stage_of.get(lead)} not in {sorted(candidates)}")
    return lost


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] \
        if len(values) > 1 else values[0]


def report(label: str, results: Results, elapsed: float, retries: int, lost: list[str]
           ) -> dict[str, Any]:
    calls = len(results.latencies)
    figures = {"setup": label, "calls": calls, "calls_per_s": round(calls / elapsed, 1),
               "p50_ms": round(percentile(results.latencies, 50), 1),
               "p95_ms": round(percentile(results.latencies, 95), 1),
               "p99_ms": round(percentile(results.latencies, 99), 1),
               "errors": len(results.errors), "retries": retries, "lost_writes": len(lost)}
    figures["p50_ms_by_kind"] = {kind: round(statistics.median(values), 1)
                                 for kind, values in sorted(results.by_kind.items())}
    print(json.dumps(figures))
    for line in (results.errors[:5] + lost[:5]):
        print("   ", line)
    return figures


@contextlib.contextmanager
def served(url: str, processes: int, workers: int) -> Iterator[list[ServerProcess]]:
    servers = [ServerProcess(url, workers).start() for _ in range(processes)]
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()
            server.log.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="a PostgreSQL server URL (default: an SQLite file)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=None,
                        help="per erp serve (default 4 on PostgreSQL, 1 on SQLite)")
    parser.add_argument("--processes", type=int, default=1, help="erp serve processes")
    parser.add_argument("--warmup", type=float, default=5,
                        help="seconds of load before measuring (workers load the registry)")
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--hot", type=int, default=20, help="opportunities moved and posted on")
    args = parser.parse_args()
    workers = args.workers or (4 if args.db else 1)
    url = create_database(args.db)
    try:
        info = seed(url, args.leads, args.hot)
        label = (f"{'PostgreSQL' if args.db else 'SQLite'}, {args.processes} process(es) x "
                 f"{workers} worker(s), {args.clients} clients, {args.seconds:.0f} s")
        results = Results()
        with served(url, args.processes, workers) as servers:
            ports = [s.port for s in servers]
            run_load(ports, info, args.clients, args.warmup, Results())
            before = sum(s.retries() for s in servers)
            elapsed = run_load(ports, info, args.clients, args.seconds, results)
            retries = sum(s.retries() for s in servers) - before
        figures = report(label, results, elapsed, retries, lost_writes(url, results))
    finally:
        drop_database(args.db, url)
    return 0 if figures["errors"] == 0 and figures["lost_writes"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
