"""A real ``erp serve`` process on a free port, for driving with real client libraries.

The database is created and seeded in this process (committed), then the server runs as a
subprocess exactly as an integrator starts it; the tests talk to it only over HTTP.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from core.orm.environment import Environment
from core.testing import HOST, ROOT, DatabaseFactory, ErpServe, free_port

TEST_ADDONS = ROOT / "tests" / "addons"


class Server(ErpServe):
    """One served database: ``url``, ``db``, the seeded ``ids``; ``stop()`` ends it."""

    def __init__(self, databases: DatabaseFactory, addons: list[str],
                 seed: Callable[[Environment], dict[str, Any]] | None = None,
                 *options: str, same_as: Server | None = None) -> None:
        if same_as is not None:             # another process serving the same database
            self.registry, self.ids = same_as.registry, same_as.ids
        else:
            self.registry = databases.fresh_registry(addons)
            self.ids = {}
            if seed is not None:
                with self.registry.transaction() as tx:
                    self.ids = seed(Environment(tx, 1, {}))
            self.registry.engine.dispose()
        self.db = self.registry.db_name
        super().__init__(self.registry.url, *options,
                         cli_options=("--addons-path", str(TEST_ADDONS)))


@contextlib.contextmanager
def serving(databases: DatabaseFactory, addons: list[str],
            seed: Callable[[Environment], dict[str, Any]] | None = None,
            *options: str) -> Iterator[Server]:
    server = Server(databases, addons, seed, *options)
    try:
        yield server
    finally:
        server.stop()


__all__ = ["HOST", "ROOT", "TEST_ADDONS", "Server", "free_port", "serving"]
