"""Every user-facing string has a German translation (catalogs in i18n/<domain>/de_DE.po)."""

from core.i18n_extract import collect, missing_translations


def test_german_catalogs_are_complete():
    missing = missing_translations(collect())
    report = [f"{domain}: {msgid!r}" for domain, ids in missing.items() for msgid in ids]
    assert not report, "missing German translations (python -m core.i18n_extract " \
        "updates the catalogs):\n" + "\n".join(report[:40])
