"""Loading a partner's objects: always through a query scoped to the current owner."""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from .extensions import db

T = TypeVar("T")


def get_owned_or_404(model: type[T], object_id: int, owner_column: str = "partner_id") -> T:
    """The object if it belongs to the logged-in partner; 404 otherwise, even for admins.

    Changing an id in a URL or a form therefore cannot reach another partner's data: the
    query itself carries the owner, so a forgotten check is impossible.
    """
    statement = select(model).where(
        model.id == object_id, getattr(model, owner_column) == current_user.id
    )
    found = db.session.scalar(statement)
    if found is None:
        abort(404)
    return found
