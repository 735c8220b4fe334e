from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from ..errors import render_error
from . import bp
from .loader import ReferenceUnavailable, current_reference
from .pricing import QuoteError, cheapest, competitor_quotes, quote
from .query import parse_query
from .view import count_shown, feature_rows, limit_differs


@bp.get("/")
def index():
    """The comparison page and its calculator; public, everything in the query string."""
    try:
        ref = current_reference()
    except ReferenceUnavailable:
        return render_error(503, _("Справочник тарифов временно недоступен."))
    query = parse_query(request.args, ref)

    result = None
    if query.calculate:
        try:
            offered = quote(ref, query.offer_id, query.users, query.months, query.currency)
            error = None
        except QuoteError as exc:
            offered, error = None, exc
        result = {
            "quote": offered,
            "error": error,
            "recommendation": cheapest(
                ref, query.features, query.users, query.months, query.currency
            ),
            "competitor": competitor_quotes(ref, query.users, query.months),
        }

    current = feature_rows(ref, query.search, query.only_differences)
    previous = feature_rows(ref, query.search, query.only_differences, previous=True)
    return render_template(
        "reference/index.html",
        ref=ref,
        query=query,
        currency=ref.currencies[query.currency],
        result=result,
        current_groups=current,
        previous_groups=previous,
        shown_count=count_shown(current) + count_shown(previous),
        limits=[(limit, limit_differs(limit)) for limit in ref.limits],
    )
