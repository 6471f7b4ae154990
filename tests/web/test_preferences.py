"""Preferences: language and time zone follow at once; password change asks the old one."""

from tests.web.conftest import WebClient


def test_language_change_translates_the_next_pages(app, run):
    run(lambda env: env["res.users"].create({
        "name": "Lena", "login": "lena", "password": "lena-password-1",
        "groups_id": [(6, 0, [env.ref("base.group_user").id])]}))
    lena = WebClient(app)
    lena.login("lena", "lena-password-1")
    page = lena.get("/web/preferences").get_data(as_text=True)
    assert '<label for="pref-lang" class="o-label">Language</label>' in page
    response = lena.post("/web/preferences", {"lang": "de_DE", "tz": "Europe/Berlin"})
    assert response.headers["Location"] == "/web/preferences?saved=1"
    page = lena.get("/web/preferences?saved=1").get_data(as_text=True)
    assert "Ihre Einstellungen wurden gespeichert." in page and ">Sprache</label>" in page
    user = run(lambda env: env["res.users"].search([("login", "=", "lena")]).read(
        ["lang", "tz"])[0])
    assert (user["lang"], user["tz"]) == ("de_DE", "Europe/Berlin")


def test_password_change_needs_the_current_password(app, run):
    run(lambda env: env["res.users"].create({
        "name": "Pia", "login": "pia", "password": "pia-password-1",
        "groups_id": [(6, 0, [env.ref("base.group_user").id])]}))
    pia = WebClient(app)
    pia.login("pia", "pia-password-1")
    response = pia.post("/web/preferences/password", {
        "old_password": "wrong", "new_password": "pia-password-2",
        "confirm_password": "pia-password-2"})
    assert response.status_code == 422
    assert 'id="err-old_password" role="alert">The current password is wrong.' in \
        response.get_data(as_text=True)
    response = pia.post("/web/preferences/password", {
        "old_password": "pia-password-1", "new_password": "pia-password-2",
        "confirm_password": "other"})
    assert "The new passwords do not match." in response.get_data(as_text=True)
    response = pia.post("/web/preferences/password", {
        "old_password": "pia-password-1", "new_password": "pia-password-2",
        "confirm_password": "pia-password-2"})
    assert response.status_code == 303
    again = WebClient(app)
    again.login("pia", "pia-password-2")
