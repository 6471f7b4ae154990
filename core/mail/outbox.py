"""Delivering queued e-mails (``mail.mail``) after the transaction that queued them commits.

E-mail cannot be taken back, so nothing is handed to the SMTP server while the request that
wrote it may still roll back (or be retried after a concurrency error). Code that queues
mails registers :func:`send_after_commit`; once the transaction commits, every queued mail
is delivered in a transaction of its own:

1. the mail's row is claimed — locked (PostgreSQL: ``FOR UPDATE SKIP LOCKED``; SQLite: the
   write lock) and still ``outgoing`` — so two processes never deliver it both;
2. it goes to the SMTP server of :mod:`core.mail.mailer`;
3. it is marked ``sent`` (deleted when ``auto_delete``) or ``exception`` with the server's
   answer in ``failure_reason``; then that transaction commits.

A process that dies before step 3 commits leaves the mail ``outgoing``: the next
``mail.mail.process_email_queue`` (``erp call``, a cron line) sends it. A rolled-back
transaction queued nothing, so it sends nothing. (A process killed after the server
accepted a mail but before step 3 committed sends it again later: at least once, as any
mail queue.) On SQLite the claim is the database's write lock, held during the SMTP
conversation of one mail; the delivery runs before the request's response is returned.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from email.message import EmailMessage
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.exc import OperationalError

from core.exceptions import ConcurrencyError, UserError
from core.mail import mailer
from core.mail.html import html_to_text
from core.orm.environment import SUPERUSER_ID, Environment

_logger = logging.getLogger(__name__)
_PENDING = "mail.outbox.pending"


def send_after_commit(env: Any, mail_ids: Iterable[int]) -> None:
    """Deliver ``mail_ids`` once ``env``'s transaction has committed (one callback per
    transaction, however many mails it queues)."""
    tx = env.transaction
    pending = tx.memo.get(_PENDING)
    if pending is None:
        pending = tx.memo[_PENDING] = []
        registry = env.registry
        context = {"lang": env.lang}
        tx.postcommit.append(lambda: deliver(registry.replacement or registry,
                                             list(pending), context))
    pending.extend(mail_ids)


def deliver(registry: Any, mail_ids: list[int], context: dict | None = None) -> int:
    """Send each mail in a transaction of its own; never raises (the request has already
    committed). Returns how many mails were handed to the server."""
    sent = 0
    for mail_id in dict.fromkeys(mail_ids):
        try:
            with registry.transaction() as tx:
                env = Environment(tx, SUPERUSER_ID, context or {})
                sent += send_claimed(env["mail.mail"].browse(mail_id))
        except (ConcurrencyError, OperationalError):
            _logger.info("mail.mail %s is being sent by another process", mail_id)
        except Exception:  # noqa: BLE001 - after commit: log, the mail stays outgoing
            _logger.exception("mail.mail %s could not be processed", mail_id)
    return sent


def claim(mail: Any) -> bool:
    """Lock ``mail``'s row for this transaction; True when it is still to be sent."""
    table = mail._table_obj
    tx = mail.env.transaction
    query = sa.select(table.c.state).where(table.c.id == mail.id)
    if tx.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    else:  # SQLite locks the whole file: take the write lock before reading the state
        tx.execute(table.update().where(table.c.id == mail.id).values(state=table.c.state))
    row = tx.execute(query).first()
    mail.env.cache.invalidate([mail._fields["state"]], mail.ids)
    return row is not None and row[0] == "outgoing"


def send_claimed(mail: Any) -> int:
    """Deliver one mail whose row this transaction may take; 1 when it went out."""
    if not claim(mail):
        return 0
    try:
        transport = mailer.transport_for(mail.env)
    except UserError as exc:   # a wrong port number in the system parameters
        mail.write({"state": "exception", "failure_reason": exc.translate(mail.env.lang)})
        return 0
    if transport is None:   # the server was removed since: stays queued
        return 0
    return send_now(mail, transport)


def send_now(mail: Any, transport: Any) -> int:
    """Hand ``mail`` to ``transport`` and record the outcome on it."""
    try:
        transport.send(build_email(mail))
    except UserError as exc:
        mail.write({"state": "exception", "failure_reason": exc.translate(mail.env.lang)})
        return 0
    if mail.auto_delete:
        mail.unlink()
    else:
        mail.write({"state": "sent", "failure_reason": False})
    return 1


def build_email(mail: Any) -> EmailMessage:
    """The RFC 5322 message of a ``mail.mail``: headers, text and HTML alternatives."""
    email = EmailMessage()
    email["Subject"] = mail.subject or ""
    email["From"] = mail.email_from
    email["To"] = mail.email_to
    if mail.message_id:
        email["Message-ID"] = mail.message_id
    if mail.references:
        email["References"] = mail.references
        email["In-Reply-To"] = mail.references.split()[-1]
    body = Markup(mail.body_html or "")
    email.set_content((mail.body_text or html_to_text(body)) + "\n")
    html = str(body)
    if "<html" not in html[:200].lower():
        html = str(Markup('<!doctype html><html><head><meta charset="utf-8"><title>%s</title>'
                          "</head><body>%s</body></html>") % (escape(email["Subject"]), body))
    email.add_alternative(html, subtype="html")
    return email
