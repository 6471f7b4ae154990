"""The first rows of a new database, which the data files cannot create themselves.

The superuser (id 1), the main company and its currency refer to each other and every row
refers to its creator, so they are inserted directly before base's data files load; the
data files then find them by their external ids (``base.user_root``, ``base.main_company``,
``base.EUR``). Countries come from Babel's territory list, in English and German. After
the install, the database gets the secret that signs CSRF tokens.
"""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from babel import Locale

from core.i18n import DEFAULT_LANG, LANGUAGES

# ISO codes of territories that are not countries in the usual sense (regions, groupings).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def bootstrap(env: Any) -> None:
    registry = env.registry
    tx = env.transaction
    currency = registry["res.currency"]._table_obj
    company = registry["res.company"]._table_obj
    users = registry["res.users"]._table_obj
    tx.execute(currency.insert().values(id=1, name="EUR", symbol="€", rounding=0.01,
                                        position="after", active=True))
    tx.execute(company.insert().values(id=1, name="My Company", currency_id=1, active=True,
                                       sequence=10))
    tx.execute(users.insert().values(id=1, login="__system__", name="System", active=False,
                                     company_id=1, lang=DEFAULT_LANG, share=False))
    data = env["ir.model.data"]
    data._record_xmlid("base", "EUR", "res.currency", 1, True)
    data._record_xmlid("base", "main_company", "res.company", 1, True)
    data._record_xmlid("base", "user_root", "res.users", 1, True)
    if registry.dialect.name == "postgresql":
        for table in (currency, company, users):
            tx.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT MAX(id) FROM {table.name}))"))
    _create_countries(env)


def _create_countries(env: Any) -> None:
    english = Locale.parse(DEFAULT_LANG).territories
    codes = sorted(c for c in english if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES)
    names = {lang: Locale.parse(lang).territories for lang in LANGUAGES}
    values = [{"code": code,
               "name": {lang: names[lang].get(code, english[code]) for lang in LANGUAGES}}
              for code in codes]
    countries = env["res.country"].create(values)
    env["ir.model.data"]._record_xmlids(
        [("base", code.lower(), "res.country", cid, True)
         for code, cid in zip(codes, countries.ids)])


def ensure_database_secret(env: Any) -> str:
    """The database's secret (``database.secret``), created once: it signs CSRF tokens, so
    every worker must use the same one."""
    params = env["ir.config_parameter"].sudo()
    secret = params.get_param("database.secret")
    if not secret:
        secret = secrets.token_hex(32)
        params.set_param("database.secret", secret)
    return secret
