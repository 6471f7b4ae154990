"""UTM trackers: shipped records in two languages, and the conventions."""

from typing import Any

from core.conformance import AddonConformance


class TestConformance(AddonConformance):
    addon = "utm"


def test_shipped_mediums_and_sources_are_translated(make_env: Any) -> None:
    env = make_env(["utm"], context={"lang": "de_DE"})
    assert env.ref("utm.utm_medium_email").name == "E-Mail"
    assert env.ref("utm.utm_source_search_engine").name == "Suchmaschine"
    assert env.ref("utm.utm_medium_phone").with_context(lang="en_US").name == "Phone"
