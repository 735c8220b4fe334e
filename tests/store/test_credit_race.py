"""Orders submitted at the same moment cannot jointly pass the partner's credit limit."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from quiz_app.auth.models import User
from quiz_app.extensions import db
from quiz_app.partner.accounts.models import ClientAccount
from quiz_app.partner.store import services
from quiz_app.partner.store.models import Invoice, PartnerCredit, StoreOrder
from quiz_app.reference.loader import current_reference

from .conftest import open_account

ORDER = 5_994_000  # Расширенный, 5 users, 12 months: 999 × 5 × 12 = 59 940 ₽


def test_concurrent_orders_respect_the_limit(app, partner):
    app.config["PARTNER_CREDIT_LIMIT"] = 3 * ORDER  # room for exactly three of the six
    account_ids = [open_account(partner).id for _ in range(6)]
    barrier = threading.Barrier(len(account_ids))
    placed: list[str] = []
    refused: list[int] = []
    errors: list[BaseException] = []

    def order(account_id: int):
        try:
            with app.app_context():
                user = db.session.get(User, partner.id)
                account = db.session.get(ClientAccount, account_id)
                ref = current_reference()
                db.session.rollback()  # start the race with no transaction open
                barrier.wait()
                try:
                    result = services.place_order(
                        user, account, ref, "extended", 5, 12, ORDER, f"k{account_id}", app.config
                    )
                    placed.append(result.number)
                except services.CreditLimitExceeded as refusal:
                    refused.append(refusal.excess)
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=order, args=(i,)) for i in account_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(placed) == 3
    assert refused == [ORDER] * 3  # each refusal is over by exactly one order
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(StoreOrder)) == 3
    owed = db.session.scalar(select(func.sum(Invoice.amount)).where(Invoice.status == "unpaid"))
    assert owed == 3 * ORDER
    assert db.session.get(PartnerCredit, partner.id).unpaid_total == 3 * ORDER
