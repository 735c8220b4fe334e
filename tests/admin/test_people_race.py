"""Two admins demoting each other at the same moment never leave the platform without one."""

from __future__ import annotations

import threading

from sqlalchemy import select

from quiz_app.admin.people import services
from quiz_app.auth.models import Role, User
from quiz_app.extensions import db


def test_mutual_demotion_leaves_one_admin(app, factory):
    first = factory.admin(email="first@example.com")
    second = factory.admin(email="second@example.com")
    pairs = [(first.id, second.id), (second.id, first.id)]
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def demote(actor_id: int, target_id: int) -> None:
        with app.app_context():
            actor = db.session.get(User, actor_id)
            barrier.wait()
            try:
                services.revoke_admin(target_id, by=actor)
                outcomes[actor_id] = "demoted"
            except services.RoleChangeRefused as exc:
                outcomes[actor_id] = exc.code
            finally:
                db.session.remove()

    threads = [threading.Thread(target=demote, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 2
    assert list(outcomes.values()).count("demoted") == 1
    db.session.rollback()
    admins = db.session.scalars(select(User.email).where(User.role == Role.ADMIN)).all()
    assert len(admins) == 1
