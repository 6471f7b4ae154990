"""Contacts: the companies and people the business deals with (``res.partner``)."""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models() -> list[type]:
    from addons.contacts.models import (
        mail_followers,
        mail_message,
        mail_thread,
        res_partner,
        res_partner_category,
        res_partner_sync,
    )

    return [*res_partner_category.MODELS, *res_partner.MODELS, *res_partner_sync.MODELS,
            *mail_followers.MODELS, *mail_message.MODELS, *mail_thread.MODELS]


@hookimpl
def erp_pre_uninstall(env) -> None:  # noqa: ANN001 - pluggy passes the environment
    """Contacts stop following documents with the addon (users keep following)."""
    followers = env["mail.followers"].sudo().search([("partner_id", "!=", False)])
    followers.unlink()
