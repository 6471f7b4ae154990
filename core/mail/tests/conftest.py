"""Fixtures of the mail tests: a database with a ticket model that has a chatter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from core.mail import dates
from core.testing import new_user


@pytest.fixture
def mail_env(make_env: Callable[..., Any]) -> Any:
    """Superuser environment on a database with ``test_mail`` (tickets) installed."""
    return make_env(["test_mail"])


@pytest.fixture
def users(mail_env: Any) -> dict[str, Any]:
    """Two internal users in different time zones and one restricted to own tickets."""
    return {
        "berlin": new_user(mail_env, "berlin", tz="Europe/Berlin", lang="de_DE"),
        "newyork": new_user(mail_env, "newyork", tz="America/New_York"),
        "own": new_user(mail_env, "own", groups=("base.group_user",
                                                 "test_mail.group_ticket_own")),
    }


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """``clock(moment)`` sets the current time (UTC) seen by activity states."""
    def set_now(moment: dt.datetime) -> None:
        monkeypatch.setattr(dates, "utcnow", lambda: moment.replace(tzinfo=dt.UTC))
    return set_now
