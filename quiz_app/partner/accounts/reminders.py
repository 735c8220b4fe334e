"""Mail to partners about their clients' trials: ending in 3 days, and ended.

Run by `flask send-reminders` (the same timer as finalize-expired). Each reminder is sent
once: its outbox key names the account, the kind and the trial's end, so a run that repeats,
or two at once, add nothing; a trial extended later gets reminders for its new end.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from ... import links
from ...auth import notices
from ...clock import now
from ...documents.dates import russian_date
from ...extensions import db
from .models import ClientAccount, StoredState

AHEAD = timedelta(days=3)
# An ended trial is worth telling about for a week; older ones are old news.
ENDED_WITHIN = timedelta(days=7)


def send_trial_reminders() -> int:
    moment = now()
    zone = ZoneInfo(current_app.config["DISPLAY_TIMEZONE"])
    accounts = db.session.scalars(
        select(ClientAccount).where(
            ClientAccount.state == StoredState.TRIAL,
            ClientAccount.trial_ends_at > moment - ENDED_WITHIN,
            ClientAccount.trial_ends_at <= moment + AHEAD,
        )
    ).all()
    queued = 0
    for account in accounts:
        kind = "trial_ending" if account.trial_ends_at > moment else "trial_ended"
        ends = account.trial_ends_at
        queued += notices.notify(
            account.partner,
            kind,
            "reminders",
            key=f"{kind}:{account.id}:{ends.isoformat()}",
            company=account.company,
            subdomain=account.subdomain,
            ends=russian_date(ends.astimezone(zone)),
            account_url=links.absolute_url("partner.accounts.detail", account_id=account.id),
        )
    db.session.commit()
    return queued
