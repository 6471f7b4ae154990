"""``erp serve``: the application behind gunicorn (one or more worker processes).

Workers share nothing but the database: sessions and registry signals live there, so any
number of processes on any number of machines can serve one database behind a proxy.
The application's log goes to stderr at ``$ERP_LOG_LEVEL`` (default WARNING; INFO adds
sign-ins and re-run requests).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterable
from typing import Any

from gunicorn.app.base import BaseApplication

from core.registry.loader import Catalog


class _Gunicorn(BaseApplication):
    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def serve(db_url: str, catalog: Catalog, *, host: str = "127.0.0.1", port: int = 8069,
          workers: int = 1, debug: bool = False, master_password: str | None = None,
          addons_paths: Iterable[str] = (), proxy_mode: bool = False,
          max_request_size: int | None = None, retries: int | None = None) -> int:
    from core.web.app import create_app
    from core.web.limits import DEFAULT_MAX_REQUEST_SIZE
    level = os.environ.get("ERP_LOG_LEVEL", "WARNING").upper()
    logging.basicConfig(level=level if level in logging.getLevelNamesMapping() else "WARNING",
                        format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    app = create_app(db_url, catalog, debug=debug, master_password=master_password,
                     addons_paths=addons_paths,
                     max_request_size=max_request_size or DEFAULT_MAX_REQUEST_SIZE)
    app.proxy_mode = proxy_mode
    if retries is not None:
        app.max_retries = max(0, retries)
    workers = max(1, min(workers, multiprocessing.cpu_count() * 4))
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": 4,
        "timeout": 120,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "preload_app": False,
        "proc_name": "erp",
    }
    print(f"Serving {app.registries.url} on http://{host}:{port}/ with {workers} worker(s)",
          flush=True)
    _Gunicorn(app, options).run()
    return 0
