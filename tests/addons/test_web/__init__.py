"""Test addon of the web client: a small task tracker using every view type."""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models():
    from test_web.models import task

    return task.MODELS


@hookimpl
def erp_form_actions(env, record):
    if record._name == "test_web.task" and record.state == "done":
        return [{"name": "action_reopen", "string": "Reopen (hook)", "type": "object"}]
    return []
