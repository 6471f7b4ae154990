"""The mail addon: the chatter every business model can have (core of the platform)."""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_addhooks(plugin_manager) -> None:  # noqa: ANN001 - pluggy passes the manager
    from core.mail import hookspecs

    plugin_manager.add_hookspecs(hookspecs)


@hookimpl
def erp_models() -> list[type]:
    from core.mail.models import (
        ir_model,
        mail_activity,
        mail_activity_mixin,
        mail_activity_type,
        mail_followers,
        mail_mail,
        mail_message,
        mail_message_subtype,
        mail_thread,
        mail_thread_chatter,
        mail_thread_email,
        mail_thread_tracking,
        mail_tracking_value,
    )

    return [
        *mail_message_subtype.MODELS, *mail_activity_type.MODELS, *mail_message.MODELS,
        *mail_tracking_value.MODELS, *mail_mail.MODELS, *mail_followers.MODELS,
        *mail_activity.MODELS,
        *mail_thread.MODELS, *mail_thread_tracking.MODELS, *mail_thread_chatter.MODELS,
        *mail_thread_email.MODELS, *mail_activity_mixin.MODELS, *ir_model.MODELS,
    ]


@hookimpl
def erp_web_routes() -> list:
    from core.mail import routes

    return routes.rules()


@hookimpl
def erp_web_assets() -> list[str]:
    return ["static/chatter.css"]
