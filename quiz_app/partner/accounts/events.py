"""Activity events: the JSON payload (pydantic), its per-field errors, and storing a batch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from flask_babel import gettext as _
from flask_babel import ngettext
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from ...clock import now
from ...extensions import db
from ...sql import dialect_insert
from . import rollups
from .models import AccountEvent, ClientAccount, EventKind

MAX_BATCH = 1000
MAX_AMOUNT = 10**13  # kopecks: 100 billion roubles
MAX_FUTURE = timedelta(minutes=5)  # clock skew between the client and us
MAX_AGE = timedelta(days=366)

Text100 = Annotated[str, Field(min_length=1, max_length=100)]
Text200 = Annotated[str, Field(min_length=1, max_length=200)]
Kopecks = Annotated[int, Field(strict=True, ge=0, le=MAX_AMOUNT)]
Seconds = Annotated[int, Field(strict=True, ge=0, le=24 * 3600)]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="Your id for the event. An id sent again for the account is ignored, "
        "so a retried batch is not counted twice.",
    )
    occurred_at: AwareDatetime | None = Field(
        None, description="When it happened, with a time zone; now if omitted."
    )
    user: Text200 | None = Field(None, description="The user of the client's CRM who acted.")

    @field_validator("occurred_at")
    @classmethod
    def _plausible_time(cls, value: datetime | None, info: ValidationInfo):
        if value is None:
            return value
        moment = (info.context or {}).get("now") or now()
        if value > moment + MAX_FUTURE:
            raise ValueError(_("Время события в будущем."))
        if value < moment - MAX_AGE:
            raise ValueError(_("Событие старше %(days)d дней не принимается.", days=MAX_AGE.days))
        return value


class Login(_Event):
    type: Literal["login"]


class DealCreated(_Event):
    type: Literal["deal_created"]
    title: Text200 | None = Field(None, description="The deal's name.")
    amount: Kopecks = Field(description="Budget in kopecks.")
    stage: Text100 = Field(description="The pipeline stage the deal was created at.")
    source: Text100 | None = Field(None, description="Where the deal came from.")


class DealWon(_Event):
    type: Literal["deal_won"]
    title: Text200 | None = None
    amount: Kopecks = Field(description="Amount won, in kopecks.")
    stage: Text100 | None = Field(None, description="The stage it was closed from.")
    source: Text100 | None = None


class DealLost(_Event):
    type: Literal["deal_lost"]
    title: Text200 | None = None
    amount: Kopecks = Field(description="The lost deal's budget, in kopecks.")
    stage: Text100 = Field(description="The stage at which it was lost.")
    source: Text100 | None = None
    reason: Text200 | None = None


class CallIn(_Event):
    type: Literal["call_in"]
    duration: Seconds = Field(description="Call length in seconds.")


class CallOut(_Event):
    type: Literal["call_out"]
    duration: Seconds = Field(description="Call length in seconds.")


class TaskDone(_Event):
    type: Literal["task_done"]
    task_type: Text100 | None = Field(None, description="Call, meeting, letter…")


class UserHours(_Event):
    type: Literal["user_hours"]
    hours: float = Field(gt=0, le=10_000, description="Active user-hours being reported.")


Event = Annotated[
    Login | DealCreated | DealWon | DealLost | CallIn | CallOut | TaskDone | UserHours,
    Field(discriminator="type"),
]


class EventBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[Event] = Field(min_length=1, max_length=MAX_BATCH)


_single = TypeAdapter(Event)

KINDS = tuple(kind.value for kind in EventKind)


class PayloadInvalid(Exception):
    def __init__(self, fields: dict[str, list[str]]):
        super().__init__("invalid payload")
        self.fields = fields


def _describe(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    messages = {
        "missing": lambda: _("Обязательное поле."),
        "extra_forbidden": lambda: _("Неизвестное поле."),
        "int_type": lambda: _("Нужно целое число."),
        "int_parsing": lambda: _("Нужно целое число."),
        "int_from_float": lambda: _("Нужно целое число."),
        "float_type": lambda: _("Нужно число."),
        "float_parsing": lambda: _("Нужно число."),
        "string_type": lambda: _("Нужна строка."),
        "string_too_short": lambda: _("Не может быть пустым."),
        "string_too_long": lambda: ngettext(
            "Не длиннее %(num)s символа.", "Не длиннее %(num)s символов.", ctx.get("max_length", 0)
        ),
        "greater_than_equal": lambda: _("Не меньше %(n)s.", n=ctx.get("ge")),
        "greater_than": lambda: _("Больше %(n)s.", n=ctx.get("gt")),
        "less_than_equal": lambda: _("Не больше %(n)s.", n=ctx.get("le")),
        "datetime_type": lambda: _("Нужны дата и время в формате ISO 8601."),
        "datetime_parsing": lambda: _("Нужны дата и время в формате ISO 8601."),
        "datetime_from_date_parsing": lambda: _("Нужны дата и время в формате ISO 8601."),
        "timezone_aware": lambda: _("Укажите часовой пояс, например 2026-03-02T12:00:00+03:00."),
        "union_tag_invalid": lambda: _(
            "Неизвестный тип события «%(tag)s»; допустимы: %(kinds)s.",
            tag=ctx.get("tag"),
            kinds=", ".join(KINDS),
        ),
        "union_tag_not_found": lambda: _(
            "Укажите тип события (type): %(kinds)s.", kinds=", ".join(KINDS)
        ),
        "model_type": lambda: _("Нужен объект события."),
        "model_attributes_type": lambda: _("Нужен объект события."),
        "list_type": lambda: _("Нужен список событий."),
        "too_short": lambda: _("Нужно хотя бы одно событие."),
        "too_long": lambda: ngettext(
            "Не больше %(num)s события за запрос.",
            "Не больше %(num)s событий за запрос.",
            MAX_BATCH,
        ),
    }
    if kind in messages:
        return messages[kind]()
    return str(error["msg"]).removeprefix("Value error, ")


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    """{'events.2.amount': ['Нужно целое число.'], …} from a pydantic error."""
    fields: dict[str, list[str]] = {}
    for item in error.errors():
        loc = list(item["loc"])
        # A discriminated union puts the event type into the location; it names no field.
        if loc and loc[0] in KINDS:
            del loc[0]
        elif len(loc) >= 3 and loc[0] == "events" and loc[2] in KINDS:
            del loc[2]
        name = ".".join(str(part) for part in loc) or "(body)"
        fields.setdefault(name, []).append(_describe(item))
    return fields


def parse(payload: Any, moment: datetime | None = None) -> list[_Event]:
    """One event object or {"events": [...]}; PayloadInvalid names every bad field."""
    context = {"now": moment or now()}
    if not isinstance(payload, dict):
        raise PayloadInvalid({"(body)": [_('Нужен JSON-объект: событие или {"events": [...]}.')]})
    try:
        if "events" in payload:
            return list(EventBatch.model_validate(payload, context=context).events)
        return [_single.validate_python(payload, context=context)]
    except ValidationError as exc:
        raise PayloadInvalid(field_errors(exc)) from exc


def _row(account: ClientAccount, event: _Event, moment: datetime) -> dict:
    data = event.model_dump()
    duration = data.get("duration")
    if event.type == EventKind.USER_HOURS:
        duration = round(data["hours"] * 3600)
    return {
        "account_id": account.id,
        "external_id": data.get("id"),
        "kind": event.type,
        "occurred_at": data.get("occurred_at") or moment,
        "received_at": moment,
        "user_name": data.get("user"),
        "title": data.get("title"),
        "amount": data.get("amount"),
        "stage": data.get("stage"),
        "source": data.get("source"),
        "reason": data.get("reason"),
        "task_type": data.get("task_type"),
        "duration_seconds": duration,
    }


# The whole batch as one array per column: a short statement text, prepared once per
# connection, where a VALUES list of 13 000 placeholders is parsed again for every batch
# (psycopg does not cache texts that long). Times stay naive UTC, as UTCDateTime stores them.
_UNNEST_INSERT = (
    "INSERT INTO client_account_event (account_id, external_id, kind, occurred_at,"
    " received_at, user_name, title, amount, stage, source, reason, task_type,"
    " duration_seconds)"
    " SELECT * FROM unnest(%(account_id)s::integer[], %(external_id)s::varchar[],"
    " %(kind)s::varchar[], %(occurred_at)s::timestamp[], %(received_at)s::timestamp[],"
    " %(user_name)s::varchar[], %(title)s::varchar[], %(amount)s::bigint[],"
    " %(stage)s::varchar[], %(source)s::varchar[], %(reason)s::varchar[],"
    " %(task_type)s::varchar[], %(duration_seconds)s::integer[])"
    " ON CONFLICT (account_id, external_id) DO NOTHING"
    " RETURNING account_id, kind, occurred_at, amount, stage, source, task_type, user_name,"
    " duration_seconds"
)
_UNNEST_COLUMNS = (
    "account_id", "external_id", "kind", "occurred_at", "received_at", "user_name", "title",
    "amount", "stage", "source", "reason", "task_type", "duration_seconds",
)  # fmt: skip


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _insert_unnest(rows: list[dict]) -> list[tuple]:
    """PostgreSQL: the rows in one INSERT … SELECT FROM unnest(…); the stored ones back."""
    params = {name: [row[name] for row in rows] for name in _UNNEST_COLUMNS}
    params["occurred_at"] = [_naive_utc(moment) for moment in params["occurred_at"]]
    params["received_at"] = [_naive_utc(moment) for moment in params["received_at"]]
    result = db.session.connection().exec_driver_sql(_UNNEST_INSERT, params)
    # Back to aware UTC, as the ORM's UTCDateTime would give them.
    return [
        (account_id, kind, occurred_at.replace(tzinfo=UTC), *rest)
        for account_id, kind, occurred_at, *rest in result
    ]


def record(account: ClientAccount, events: list[_Event]) -> tuple[int, int]:
    """Store the events and count them into the day rows, in one transaction.

    (stored, ignored as already received). Only the rows the insert returns are counted, so
    a retried batch adds nothing to the rollups either.
    """
    moment = now()
    rows = [_row(account, event, moment) for event in events]
    rollups.touch(account.id, max(row["occurred_at"] for row in rows))
    if db.session.get_bind().dialect.name == "postgresql":
        stored = _insert_unnest(rows)
    else:
        # Core executemany ("insertmanyvalues": batched VALUES of one cached statement);
        # the ORM's bulk path would run an upsert with RETURNING row by row.
        table = AccountEvent.__table__
        statement = (
            dialect_insert(table)
            .on_conflict_do_nothing(index_elements=["account_id", "external_id"])
            .returning(*(table.c[column.key] for column in rollups.EVENT_COLUMNS))
        )
        stored = db.session.connection().execute(statement, rows).all()
    rollups.add(stored)
    db.session.commit()
    return len(stored), len(rows) - len(stored)


def openapi_schemas() -> dict[str, dict]:
    """JSON Schemas of the payload, with references into components/schemas."""
    template = "#/components/schemas/{model}"
    batch = EventBatch.model_json_schema(ref_template=template)
    event = _single.json_schema(ref_template=template)
    schemas = {**batch.pop("$defs", {}), **event.pop("$defs", {})}
    schemas["EventBatch"] = batch
    schemas["Event"] = event
    return schemas
