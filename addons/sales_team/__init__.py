"""Sales teams and the Sales access groups: the addon both ``crm`` and ``sale`` depend on."""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models() -> list[type]:
    from addons.sales_team.models import crm_tag, crm_team, crm_team_member, res_users

    return [*crm_team.MODELS, *crm_team_member.MODELS, *crm_tag.MODELS, *res_users.MODELS]
