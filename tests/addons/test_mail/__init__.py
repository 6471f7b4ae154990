from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models():
    from test_mail.models import ticket

    return ticket.MODELS


@hookimpl
def erp_mail_notify(env, message, recipients):
    env.transaction.memo.setdefault("test_mail.notified", []).append(
        (message.id, sorted(recipients.ids)))
