"""UTM trackers, shared by CRM and Sales: campaign, medium and source of a document."""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models() -> list[type]:
    from addons.utm.models import utm_campaign, utm_medium, utm_mixin, utm_source

    return [*utm_campaign.MODELS, *utm_medium.MODELS, *utm_source.MODELS, *utm_mixin.MODELS]
