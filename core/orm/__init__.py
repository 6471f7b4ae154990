"""The ORM: models, fields, domains, recordsets and environments.

Addons import from here::

    from core.orm import api, fields, models, Command
"""

from core.orm import api, fields, models
from core.orm.commands import Command
from core.orm.domain import AND, OR, Domain
from core.orm.environment import SUPERUSER_ID, Environment, Transaction

__all__ = ["AND", "OR", "SUPERUSER_ID", "Command", "Domain", "Environment", "Transaction", "api",
           "fields", "models"]
