"""Hooks the CRM addon publishes (registered through ``erp_addhooks``).

The sales teams' overview (Sales › Sales Teams) shows each team's pipeline figures; addons
installed next to CRM add theirs — quotations and invoicing (sale), rentals (rental) —
without CRM knowing them.
"""

from __future__ import annotations

from typing import Any

from core.registry.hookspecs import hookspec


@hookspec
def erp_crm_team_dashboard(env: Any, teams: Any) -> dict[int, list[dict[str, Any]]]:
    """Extra figures for the dashboard cards of ``teams`` (a ``crm.team`` recordset).

    Return ``{team_id: [figure, ...]}`` where a figure is a dict with ``key`` (unique,
    e.g. ``"sale.quotations"``), ``label`` (translated text), ``value`` (number),
    optionally ``amount`` (in the team's currency), ``sequence`` (order on the card,
    default 50) and ``action`` (an action dict or external id opened by a click).
    Compute them for all teams at once. Every implementation's result is merged.
    """
