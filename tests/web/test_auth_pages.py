"""Sign-in, sign-out, languages, security headers and error pages of the web client."""

import re

from core.testing import ADMIN_PASSWORD


def test_login_page_has_the_inputs_and_button_users_expect(anonymous):
    page = anonymous.get("/web/login").get_data(as_text=True)
    assert '<label for="login">Login</label>' in page
    assert 'id="login" name="login"' in page
    assert '<label for="password">Password</label>' in page
    assert 'name="password" type="password"' in page
    assert '<button type="submit" class="btn btn-primary btn-block">Log in</button>' in page
    assert 'name="csrf_token"' in page


def test_pages_need_a_signed_in_user(anonymous):
    response = anonymous.get("/web/action/1/list")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/web/login?redirect=")


def test_wrong_password_keeps_the_login_and_says_so(anonymous):
    anonymous.get("/web/login")
    response = anonymous.post("/web/login", {"login": "admin", "password": "nope"})
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert 'role="alert"' in page and "Access Denied" in page
    assert 'value="admin"' in page


def test_sign_in_goes_back_to_the_page_asked_for_and_sign_out_ends_it(anonymous):
    anonymous.get("/web/login?redirect=/web/preferences")
    response = anonymous.post("/web/login", {"login": "admin", "password": ADMIN_PASSWORD,
                                             "redirect": "/web/preferences"})
    assert response.headers["Location"] == "/web/preferences"
    assert anonymous.get("/web/preferences").status_code == 200
    response = anonymous.post("/web/logout")
    assert response.headers["Location"] == "/web/login"
    assert anonymous.get("/web/preferences").status_code == 303


def test_redirect_after_login_never_leaves_the_site(anonymous):
    anonymous.get("/web/login")
    response = anonymous.post("/web/login", {"login": "admin", "password": ADMIN_PASSWORD,
                                             "redirect": "//evil.example/x"})
    assert response.headers["Location"] == "/web"


def test_forged_post_without_csrf_token_changes_nothing(admin, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Keep me"}).id)
    response = admin.post(f"/web/model/test_web.task/form/{task}",
                          {"name": "Changed", "__write_date": ""}, token=False)
    assert response.status_code == 400
    assert run(lambda env: env["test_web.task"].browse(task).name) == "Keep me"


def test_login_page_in_german(anonymous):
    page = anonymous.get("/web/login?lang=de_DE").get_data(as_text=True)
    assert '<html lang="de">' in page
    assert ">Anmelden</button>" in page
    assert ">Passwort</label>" in page


def test_pages_forbid_inline_scripts_and_styles(admin):
    response = admin.get("/web/action/1/list")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    page = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert " style=" not in page and "<style" not in page
    assert " onclick=" not in page.lower()


def test_unknown_url_gives_a_themed_404_page(admin):
    response = admin.get("/web/no/such/page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in page and 'class="topbar"' in page
    assert "Traceback" not in page


def test_access_denied_page_in_the_users_language(app, users):
    from tests.web.conftest import WebClient
    greta = WebClient(app)
    greta.login("greta", "greta-password-1")
    response = greta.get("/web/apps")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Zugriff verweigert" in page
    assert '<html lang="de">' in page


def test_static_files_are_served_with_a_version(anonymous):
    response = anonymous.get("/web/static/js/client.js?v=1")
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert anonymous.get("/web/static/../app.py").status_code == 404
    assert anonymous.get("/web/addon/test_web/static/icon.svg").status_code == 200
    assert anonymous.get("/web/addon/test_web/__init__.py").status_code == 404


def test_error_pages_of_visitors_are_identical_and_set_no_cookie(app):
    from tests.web.conftest import WebClient
    pages = []
    for _ in range(2):
        visitor = WebClient(app)
        response = visitor.client.post("/web/no/such/page")
        pages.append(response.get_data(as_text=True))
        assert "Set-Cookie" not in response.headers
    assert pages[0] == pages[1]
