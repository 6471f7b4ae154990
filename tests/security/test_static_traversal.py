"""Static files come only from inside a ``static`` folder (issue 11, point 6).

``/web/addon/<addon>/static/<file>`` looked the file up from the addon's folder, so an
encoded ``..%2f`` (decoded to ``../`` before routing) reached ``__manifest__.py`` and any
other source file of the addon, anonymously. The client's own ``/web/static`` is checked
alongside; no other route serves files (templates are rendered, reports are pages).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.testing import DatabaseFactory

from .http_app import FullSite

ESCAPES = [
    "/web/addon/base/static/..%2f__manifest__.py",
    "/web/addon/test_web/static/..%2f__manifest__.py",
    "/web/addon/test_web/static/%2e%2e/__manifest__.py",
    "/web/addon/test_web/static%2f..%2f__manifest__.py",
    "/web/addon/test_web/static/sub/..%2f..%2f__manifest__.py",
    "/web/addon/test_web/static/..%2fmodels%2ftask.py",
    "/web/addon/test_web/static/..%2f..%2f..%2f..%2fsetup.cfg",
    "/web/addon/test_web/static/%2fetc%2fpasswd",
    "/web/static/..%2f..%2fweb%2fapp.py",
    "/web/static/..%2ftemplates%2flogin.html",
]


@pytest.fixture(scope="module")
def site(databases: DatabaseFactory) -> FullSite:
    return FullSite(databases, addons=("test_web",))


def test_nothing_outside_static_is_served(site: FullSite) -> None:
    client = site.client()
    for path in ESCAPES:
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 404, path
        assert '"depends"' not in body and "import" not in body and "root:" not in body
    icon = client.get("/web/addon/test_web/static/icon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert icon.headers["X-Content-Type-Options"] == "nosniff"
    assert icon.headers["Cache-Control"].startswith("public")
    assert client.get("/web/static/css/client.css").status_code == 200


def test_links_out_of_a_static_folder_are_not_followed(tmp_path: Path) -> None:
    from core.web.client.static import inside
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "app.css").write_text("a {}")
    (tmp_path / "secret.py").write_text("PASSWORD = 'x'")
    (static / "leak.py").symlink_to(tmp_path / "secret.py")
    (static / "css" / "same.css").symlink_to(static / "css" / "app.css")
    assert inside(static, "css/app.css") == (static / "css" / "app.css").resolve()
    assert inside(static, "css/same.css") is not None          # a link that stays inside
    for relative in ("leak.py", "../secret.py", "css/../../secret.py", "/etc/passwd", "css",
                     "missing.css"):
        assert inside(static, relative) is None, relative
