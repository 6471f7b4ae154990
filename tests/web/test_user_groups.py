"""The access-rights editor of the user form: one choice per application category."""

from core.web.client.widgets import group_categories


def test_sales_groups_form_one_selection_none_own_all_administrator(make_env):
    env = make_env(["sales_team"])
    categories = {c["name"]: c for c in group_categories(env)}
    sales = categories["Sales"]
    assert sales["kind"] == "select" and not sales["required"]
    assert [name for _gid, name in sales["groups"]] == [
        "User: Own Documents Only", "User: All Documents", "Administrator"]
    assert categories["User types"]["kind"] == "select"
    assert categories["User types"]["required"]


def test_german_labels(make_env):
    env = make_env(["sales_team"], context={"lang": "de_DE"})
    sales = next(c for c in group_categories(env(context={"lang": "de_DE"}))
                 if c["groups"] and "Nur eigene Dokumente" in c["groups"][0][1])
    assert [name for _gid, name in sales["groups"]] == [
        "User: Nur eigene Dokumente", "User: Alle Dokumente", "Administrator"]
