"""Cost as the data grows: the pages that read histories, at ×1, ×10 and ×100 of today's data.

    .venv/bin/python -m bench.data_scale [--sizes 1,10,100] [--requests 30] [--rebuild]

PostgreSQL only (the targets are for it): each size lives in its own database, bench_x1,
bench_x10 and bench_x100 on 127.0.0.1:5432 (BENCH_DATA_URL_TEMPLATE changes that, with {size}
in it). A database is built once, by set-based SQL (generate_series, INSERT … SELECT), and
kept: the table bench_dataset records the size, the schema's migration head and how long the
build took, and a later run reuses a database whose record matches (--rebuild forces it).

×1 is 10 partners, 200 client accounts, 200 000 events (one busy account: 3 000 in the last
60 days), 10 000 leads in 50 cities, 1 000 finished attempts of the real 115-question bank;
×N multiplies each (×100: 1 000 partners, 20 000 accounts, 20 million events, 300 000 of
them the busy account's, 1 million leads, 100 000 attempts). The measured partner owns 200
accounts at every size, the busy one among them.

Every page is requested through gunicorn (gunicorn.conf.py, as `make bench`), one request at
a time after eight warm-up requests, and p50/p95 are printed per size with the growth ×100/×1
next to the issue's targets. The events API's batches of 1 000 are compared with a bare
psycopg `executemany` of the same rows, in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode, urlsplit

from sqlalchemy import text

from bench import dataset
from bench.servers import ROOT, Gunicorn

URL_TEMPLATE = os.environ.get(
    "BENCH_DATA_URL_TEMPLATE", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_x{size}"
)
ZONE = "Europe/Moscow"
CITY = "Город 07"
PER_PAGE = 20  # LEADS_PER_PAGE's default
DEEP_PAGE = 500
API_BATCH = 1000
API_TOKEN = "ca_bench_" + "0" * 40
BARE_TOKEN = "ca_bench_" + "1" * 40
PARTNER_ACCOUNTS = 200
WARM_UP = 8  # requests: twice gunicorn's workers on 2 cores

# (what, target p95 in ms at ×100, target growth ×100/×1)
TARGETS = {
    "dashboard": ("a client account's dashboard, busiest account", 150, 2.0),
    "partner_list": ("a partner's account list (200 accounts)", 100, 1.5),
    "admin_list": ("admin accounts list, first page", 150, 1.5),
    "pool_first": ("lead pool, first page, city filter", 100, 1.5),
    "pool_deep": ("lead pool, 500th page, city filter", 100, 1.5),
    "items": ("item analysis page (all questions)", 500, 2.0),
    "question": ("item analysis, one question's page", 500, 2.0),
}


@dataclass(frozen=True)
class Size:
    factor: int

    @property
    def partners(self) -> int:
        return 10 * self.factor

    @property
    def accounts(self) -> int:
        return 200 * self.factor

    @property
    def events(self) -> int:
        return 200_000 * self.factor

    @property
    def busy_events(self) -> int:
        return 3_000 * self.factor

    @property
    def leads(self) -> int:
        return 10_000 * self.factor

    @property
    def attempts(self) -> int:
        return 1_000 * self.factor


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- building a dataset --------------------------------------------------------------------


def _head(connection) -> str:
    return ",".join(
        sorted(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    )


def _code_heads(app) -> str:
    """The migration heads of the code being measured, as `_head` spells a database's."""
    from alembic.script import ScriptDirectory

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
    return ",".join(sorted(ScriptDirectory.from_config(config).get_heads()))


def existing(app, size: Size) -> dict | None:
    """The marker of a dataset of this size, if the database holds one built on the schema of
    the code being measured (a dataset of an older schema is built again)."""
    from quiz_app.extensions import db

    if not _database_at(app, _code_heads(app)):
        return None
    with app.app_context(), db.engine.connect() as connection:
        if not connection.execute(text("SELECT to_regclass('bench_dataset')")).scalar():
            return None
        row = (
            connection.execute(text("SELECT size, schema, built_seconds FROM bench_dataset"))
            .mappings()
            .first()
        )
        if row is None or row["size"] != size.factor or row["schema"] != _head(connection):
            return None
        return dict(row)


def _database_at(app, heads: str) -> bool:
    from quiz_app.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        if not connection.execute(text("SELECT to_regclass('alembic_version')")).scalar():
            return False
        return _head(connection) == heads


def build(app, size: Size) -> float:
    """A fresh schema and the whole dataset; the seconds it took."""
    from quiz_app.extensions import db

    began = time.monotonic()
    dataset.fresh_schema(app)
    with app.app_context():
        # Big sorts and hash aggregates stay in memory (this session only; 4 MB by default).
        db.session.execute(text("SET work_mem = '512MB'"))
        db.session.commit()
        steps = (
            ("people and the bank's versions", _people),
            ("client accounts", _accounts),
            ("events", _events),
            ("day rows and last activity", _rollups),
            ("leads", _leads),
            ("finished attempts and their items", _attempts),
            ("item analysis sums", _item_sums),
            ("VACUUM ANALYZE", _analyze),
        )
        for label, step in steps:
            started = time.monotonic()
            step(size)
            db.session.commit()
            log(f"  x{size.factor}: {label} in {time.monotonic() - started:.1f} s")
        seconds = time.monotonic() - began
        connection = db.session.connection()
        connection.execute(
            text(
                "CREATE TABLE bench_dataset (size integer, schema text, built_seconds float,"
                " built_at timestamptz DEFAULT now())"
            )
        )
        connection.execute(
            text("INSERT INTO bench_dataset (size, schema, built_seconds) VALUES (:s, :h, :b)"),
            {"s": size.factor, "h": _head(connection), "b": seconds},
        )
        db.session.commit()
    return seconds


def _sql(statement: str, **params) -> None:
    from quiz_app.extensions import db

    db.session.execute(text(statement), params)


def _people(size: Size) -> None:
    # The bank's question_version rows exist already: fresh_schema published the bank.
    hashed = dataset.PASSWORD_HASH
    _sql(
        "INSERT INTO user_account (email, full_name, company, phone, password_hash, role,"
        " created_at) VALUES ('admin@bench.example', 'Админ', 'Бенч', '', :h, 'admin', now())",
        h=hashed,
    )
    _sql(
        "INSERT INTO user_account (email, full_name, company, phone, password_hash, role,"
        " created_at) SELECT 'partner' || g || '@bench.example', 'Партнёр ' || g,"
        " 'ООО Внедрение ' || g, '', :h, 'partner', now()"
        " FROM generate_series(0, CAST(:n AS bigint) - 1) g",
        h=hashed,
        n=size.partners,
    )
    _sql(
        "INSERT INTO user_account (email, full_name, company, phone, password_hash, role,"
        " created_at) SELECT 'cand' || g || '@bench.example', 'Кандидат ' || g, 'Бенч', '',"
        " :h, 'candidate', now() FROM generate_series(0, CAST(:n AS bigint) - 1) g",
        h=hashed,
        n=size.attempts,
    )


def _user_id(email: str) -> int:
    from quiz_app.extensions import db

    return db.session.scalar(text("SELECT id FROM user_account WHERE email = :e"), {"e": email})


def _certify_partner_zero() -> None:
    """Partner 0 took one of the generated attempts that passed; the real service certifies."""
    from quiz_app.certificates import services as certificates
    from quiz_app.exam.scoring import ScoreReport
    from quiz_app.exam.signals import FinalizedAttempt
    from quiz_app.extensions import db

    user_id = _user_id("partner0@bench.example")
    row = db.session.execute(
        text(
            "SELECT id, finished_at, score, max_score, pass_score, question_count FROM attempt"
            " WHERE passed ORDER BY id LIMIT 1"
        )
    ).first()
    if row is None:
        raise SystemExit("no generated attempt passed: raise the abilities in _attempts")
    _sql("UPDATE attempt SET user_id = :u WHERE id = :a", u=user_id, a=row.id)
    report = ScoreReport(
        score=row.score, max_score=row.max_score, pass_score=row.pass_score,
        answered=row.question_count, questions=row.question_count, blocks=(),
    )  # fmt: skip
    finished = row.finished_at.replace(tzinfo=UTC)
    certificates.issue_for([FinalizedAttempt(row.id, user_id, finished, row.max_score, report)])


def _accounts(size: Size) -> None:
    from quiz_app.partner.accounts.plans import plan_choices

    plan = plan_choices()[0][0]
    first_partner = _user_id("partner0@bench.example")
    # Accounts 0..199 belong to partner 0 (the measured list); the rest go round the others.
    _sql(
        "INSERT INTO client_account (partner_id, company, contact_name, email, phone, subdomain,"
        " users_count, plan, state, created_at, trial_ends_at, extended, token_hash,"
        " token_prefix, token_created_at)"
        " SELECT CASE WHEN g < :mine OR :partners = 1 THEN :p0"
        "  ELSE :p0 + 1 + (g % (:partners - 1)) END,"
        " 'ООО Клиент ' || g, 'Контакт ' || g, 'client' || g || '@bench.example', '+79160000000',"
        " 'client' || g, 5 + g % 40, :plan, 'trial', now() - (g % 700) * interval '1 day',"
        " now() + interval '3650 days', false, md5('t' || g) || md5('u' || g), 'ca_', now()"
        " FROM generate_series(0, CAST(:n AS bigint) - 1) g",
        mine=PARTNER_ACCOUNTS, partners=size.partners, p0=first_partner, plan=plan,
        n=size.accounts,
    )  # fmt: skip
    for subdomain, token in (("client0", None), ("client1", API_TOKEN), ("client2", BARE_TOKEN)):
        if token:
            _sql(
                "UPDATE client_account SET token_hash = :h WHERE subdomain = :s",
                h=hashlib.sha256(token.encode()).hexdigest(),
                s=subdomain,
            )


_EVENT_COLUMNS = (
    "account_id, kind, occurred_at, received_at, user_name, title, amount, stage, source,"
    " task_type, duration_seconds"
)
# Kinds by g % 20: logins, deals, calls, tasks and usage in a CRM's proportions.
_EVENT_SELECT = """
 SELECT {account}, k.kind, t.at, t.at, 'Менеджер ' || (g % 12),
  CASE WHEN k.kind LIKE 'deal%' THEN 'Сделка ' || g END,
  CASE WHEN k.kind LIKE 'deal%' THEN (g % 997) * 10000 END,
  CASE WHEN k.kind LIKE 'deal%' THEN (ARRAY['Первичный контакт', 'Переговоры',
   'Принимают решение', 'Согласование договора', 'Тендер'])[1 + g % 5] END,
  CASE WHEN k.kind = 'deal_created' THEN (ARRAY['Сайт', 'Звонок', 'Партнёр', 'Выставка',
   NULL])[1 + (g / 7) % 5] END,
  CASE WHEN k.kind = 'task_done' THEN (ARRAY['Звонок', 'Встреча', 'Письмо', NULL])[1 + g % 4] END,
  CASE WHEN k.kind IN ('call_in', 'call_out') THEN (g * 37) % 900
   WHEN k.kind = 'user_hours' THEN 3600 * (1 + g % 8) END
 FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) g
 CROSS JOIN LATERAL (SELECT (ARRAY['login', 'login', 'login', 'login', 'deal_created',
  'deal_created', 'deal_won', 'deal_lost', 'call_out', 'call_out', 'call_out', 'call_out',
  'call_in', 'call_in', 'task_done', 'task_done', 'task_done', 'user_hours', 'user_hours',
  'login'])[1 + g % 20] AS kind) k
 CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC')
  - ((g * 7919) % :spread) * interval '1 second' AS at) t
"""


def _events(size: Size) -> None:
    from quiz_app.extensions import db

    busy = _account_id("client0")
    rest = size.events - size.busy_events
    first_other = busy + 3  # client0 (busy), client1 and client2 (the API's) stay quiet
    others = size.accounts - 3
    _sql(
        f"INSERT INTO client_account_event ({_EVENT_COLUMNS})"
        + _EVENT_SELECT.format(account=":busy"),
        busy=busy, first=0, last=size.busy_events - 1, spread=60 * 86400,
    )  # fmt: skip
    db.session.commit()
    chunk = 2_000_000
    for start in range(0, rest, chunk):
        _sql(
            f"INSERT INTO client_account_event ({_EVENT_COLUMNS})"
            + _EVENT_SELECT.format(account=":a0 + (g % :n)"),
            a0=first_other, n=others, first=start, last=min(start + chunk, rest) - 1,
            spread=365 * 86400,
        )  # fmt: skip
        db.session.commit()


def _account_id(subdomain: str) -> int:
    from quiz_app.extensions import db

    return db.session.scalar(
        text("SELECT id FROM client_account WHERE subdomain = :s"), {"s": subdomain}
    )


def _rollups(size: Size) -> None:
    """The day rows and last activity, by the app's own rebuild (set-based on PostgreSQL)."""
    from quiz_app.partner.accounts import rollups

    rollups.rebuild()


def check_rollups(app) -> None:
    """The busy account's day rows equal rollups.summed over its raw events (Python)."""
    from sqlalchemy import select

    from quiz_app.extensions import db
    from quiz_app.partner.accounts import rollups
    from quiz_app.partner.accounts.models import AccountDay, AccountEvent

    with app.app_context():
        from zoneinfo import ZoneInfo

        busy = _account_id("client0")
        raw = db.session.execute(
            select(*rollups.EVENT_COLUMNS).where(AccountEvent.account_id == busy)
        ).all()
        expected = {
            k: (s.events, s.amount, s.seconds)
            for k, s in rollups.summed(raw, ZoneInfo(ZONE)).items()
        }
        kept = {
            (r.account_id, r.day, r.kind, r.dim, r.value): (r.events, r.amount, r.seconds)
            for r in db.session.scalars(select(AccountDay).where(AccountDay.account_id == busy))
        }
        if kept != expected:
            raise SystemExit("the SQL-built day rows differ from rollups.summed: fix the bench")


def _leads(size: Size) -> None:
    partners = size.partners
    p0 = _user_id("partner0@bench.example")
    _sql(
        "INSERT INTO lead (company, contact_name, phone, email, city, industry, users_count,"
        " source, created_at, status, partner_id, taken_at, updated_at)"
        " SELECT 'ООО Заявка ' || g, 'Контакт ' || g, '+79160000000', 'lead' || g ||"
        " '@bench.example', 'Город ' || lpad((g % 50)::text, 2, '0'),"
        " (ARRAY['retail', 'wholesale', 'services'])[1 + g % 3], 5 + g % 50, 'site',"
        " now() - ((g * 7919) % (365 * 86400)) * interval '1 second',"
        " CASE WHEN g % 3 = 0 THEN 'taken' ELSE 'new' END,"
        " CASE WHEN g % 3 = 0 THEN :p0 + (g % :partners) END,"
        " CASE WHEN g % 3 = 0 THEN now() END, now()"
        " FROM generate_series(0, CAST(:n AS bigint) - 1) g",
        p0=p0, partners=partners, n=size.leads,
    )  # fmt: skip


def _attempts(size: Size) -> None:
    """Finished attempts on the real bank, answers from an ability/difficulty model."""
    from quiz_app.bank.published import current_exam
    from quiz_app.extensions import db

    bank = current_exam()
    versions = bank.version_ids
    rows = []
    position = 0
    for block_index, loaded in enumerate(bank.blocks):
        for q in loaded.block.questions:
            wrong = [o.id for o in q.options if o.id != q.answer]
            rows.append(
                {
                    "position": position, "block_index": block_index, "question_id": q.id,
                    "version_id": versions[q.id], "answer": q.answer, "wrong": wrong[0],
                    "options": json.dumps([o.id for o in q.options]), "points": q.points,
                    "difficulty": math.sin(position * 12.9898) * 1.2,
                }
            )  # fmt: skip
            position += 1
    _sql(
        "CREATE TEMP TABLE bench_question (position int, block_index int, question_id text,"
        " version_id int, answer text, wrong text, options text, points int, difficulty float)"
    )
    db.session.execute(
        text(
            "INSERT INTO bench_question VALUES (:position, :block_index, :question_id,"
            " :version_id, :answer, :wrong, :options, :points, :difficulty)"
        ),
        rows,
    )
    first_candidate = _user_id("cand0@bench.example")
    _sql(
        "INSERT INTO attempt (user_id, status, started_at, deadline, last_activity_at,"
        " current_block, time_limit_minutes, pass_score, max_score, question_count,"
        " finished_at, finish_reason, answer_revision)"
        " SELECT :u0 + g, 'finished', t.at, t.at + interval '60 minutes', t.at, 0, 60, :pass,"
        " :max, :count, t.at + (20 + g % 40) * interval '1 minute', 'submitted', 0"
        " FROM generate_series(0, CAST(:n AS bigint) - 1) g CROSS JOIN LATERAL (SELECT"
        " (now() AT TIME ZONE 'UTC') - interval '1 day'"
        " - ((g * 7919) % (364 * 86400)) * interval '1 second'"
        " AS at) t",
        u0=first_candidate, n=size.attempts, max=bank.max_score, count=len(rows),
        **{"pass": bank.settings.pass_score},
    )  # fmt: skip
    _sql(
        "CREATE TEMP TABLE bench_ability AS SELECT id AS attempt_id,"
        " sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS ability"
        " FROM attempt WHERE user_id >= :u0",
        u0=first_candidate,
    )
    _sql(
        "INSERT INTO attempt_item (attempt_id, position, block_index, question_id,"
        " question_version_id, option_order, chosen_option, is_correct, points_awarded,"
        " flagged)"
        " SELECT a.attempt_id, q.position, q.block_index, q.question_id, q.version_id,"
        "  q.options::json, CASE WHEN r.right_ THEN q.answer WHEN r.blank THEN NULL"
        "  ELSE q.wrong END, r.right_, CASE WHEN r.right_ THEN q.points ELSE 0 END, false"
        " FROM bench_ability a CROSS JOIN bench_question q"
        " CROSS JOIN LATERAL (SELECT random() < 1 / (1 + exp(-1.5 * (a.ability - q.difficulty)))"
        "  AS right_, random() < 0.05 AS blank) r"
    )
    _sql(
        "UPDATE attempt SET score = s.total, passed = s.total >= attempt.pass_score"
        " FROM (SELECT attempt_id, sum(points_awarded) AS total FROM attempt_item"
        " GROUP BY attempt_id) s WHERE s.attempt_id = attempt.id AND attempt.score IS NULL"
    )
    _certify_partner_zero()


def _item_sums(size: Size) -> None:
    from quiz_app.admin.statistics.sums import rebuild

    rebuild(chunk=5000)


def _analyze(size: Size) -> None:
    """VACUUM ANALYZE: fresh statistics, and the visibility map that lets counts and lists
    read indexes only, as autovacuum leaves a table in steady use (bulk inserts do not)."""
    from quiz_app.extensions import db

    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


# --- measuring -----------------------------------------------------------------------------


def sessions(app) -> dict[str, str]:
    """Session cookies of partner 0 and the admin, as a form login leaves them."""
    with app.app_context():
        people = {
            "partner": _user_id("partner0@bench.example"),
            "admin": _user_id("admin@bench.example"),
        }
    minted = dataset.mint_sessions(
        app, [dataset.Candidate(user_id=uid, email=name) for name, uid in people.items()]
    )
    return {c.email: c.cookie for c in minted}


def targets(app, size: Size) -> dict[str, str]:
    """The URL of every measured page on this dataset."""
    from quiz_app import keyset
    from quiz_app.extensions import db

    with app.app_context():
        busy = _account_id("client0")
        open_in_city = db.session.scalar(
            text(
                "SELECT count(*) FROM lead"
                " WHERE partner_id IS NULL AND status = 'new' AND city = :c"
            ),
            {"c": CITY},
        )
        pages = max(math.ceil(open_in_city / PER_PAGE), 1)
        deep = min(DEEP_PAGE, pages)
        # The key of the last lead of page deep-1: its "next" link is page `deep`.
        row = db.session.execute(
            text(
                "SELECT created_at, id FROM lead WHERE partner_id IS NULL AND status = 'new'"
                " AND city = :c ORDER BY created_at DESC, id DESC OFFSET :o LIMIT 1"
            ),
            {"c": CITY, "o": (deep - 1) * PER_PAGE - 1},
        ).one()
        cursor = keyset.Cursor(row.created_at.replace(tzinfo=UTC), row.id).encode()
        question = db.session.scalar(text("SELECT question_id FROM item_sums JOIN"
                                          " question_version v ON v.id = question_version_id"
                                          " ORDER BY question_id LIMIT 1"))  # fmt: skip
    return {
        "dashboard": f"/partner/accounts/{busy}?period=month",
        "partner_list": "/partner/accounts/",
        "admin_list": "/admin/accounts",
        "pool_first": "/partner/leads/?" + urlencode({"city": CITY}),
        "pool_deep": "/partner/leads/?" + urlencode({"city": CITY, "after": cursor, "page": deep}),
        "items": "/admin/statistics",
        "question": f"/admin/statistics/questions/{question}",
        "_deep_page": str(deep),
    }


def timed_gets(base: str, path: str, cookie: str, count: int) -> list[float]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    headers = {"Cookie": f"session={cookie}", "User-Agent": dataset.USER_AGENT}
    times = []
    for n in range(count + WARM_UP):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise SystemExit(f"GET {path}: {response.status} {body[:300]!r}")
        # Warm-ups: each worker's first requests pay for imports, the bank and caches.
        if n >= WARM_UP:
            times.append(elapsed)
    connection.close()
    return times


def _event_batch(run: int, batch: int, moment: datetime) -> list[dict]:
    kinds = ("login", "deal_created", "call_out", "call_in", "task_done")
    events = []
    for n in range(API_BATCH):
        kind = kinds[n % len(kinds)]
        event = {
            "type": kind,
            "id": f"r{run}-b{batch}-{n}",
            "occurred_at": (moment - timedelta(seconds=n * 7)).isoformat(),
            "user": f"Менеджер {n % 12}",
        }
        if kind == "deal_created":
            event.update(amount=150_000 * (n % 9 + 1), stage="Переговоры", source="Сайт")
        elif kind in ("call_in", "call_out"):
            event["duration"] = 30 + n % 600
        elif kind == "task_done":
            event["task_type"] = "Звонок"
        events.append(event)
    return events


def _as_row(account_id: int, event: dict) -> tuple:
    at = datetime.fromisoformat(event["occurred_at"])
    return (
        account_id, event["id"], event["type"], at, at, event.get("user"), event.get("amount"),
        event.get("stage"), event.get("source"), event.get("task_type"), event.get("duration"),
    )  # fmt: skip


def api_versus_executemany(base: str, database_url: str, app, batches: int) -> dict:
    """Seconds per batch of 1 000 through the API and by a bare psycopg executemany."""
    import psycopg

    with app.app_context():
        api_account, bare_account = _account_id("client1"), _account_id("client2")
    run = int(time.time())
    moment = datetime.now(UTC) - timedelta(minutes=1)
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    headers = {"Authorization": f"Bearer {API_TOKEN}", "Content-Type": "application/json"}
    bare = psycopg.connect(database_url.replace("postgresql+psycopg", "postgresql"))
    api_times, bare_times = [], []
    insert = (
        "INSERT INTO client_account_event (account_id, external_id, kind, occurred_at,"
        " received_at, user_name, amount, stage, source, task_type, duration_seconds)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    for batch in range(batches + 1):
        events = _event_batch(run, batch, moment)
        body = json.dumps({"events": events})
        started = time.perf_counter()
        connection.request("POST", f"/api/v1/accounts/{api_account}/events", body, headers)
        response = connection.getresponse()
        answer = response.read()
        api_elapsed = time.perf_counter() - started
        if response.status != 200 or json.loads(answer)["stored"] != API_BATCH:
            raise SystemExit(f"events API: {response.status} {answer[:300]!r}")
        rows = [_as_row(bare_account, event) for event in events]
        started = time.perf_counter()
        with bare.cursor() as cursor:
            cursor.executemany(insert, rows)
        bare.commit()
        bare_elapsed = time.perf_counter() - started
        if batch:  # the first of each is a warm-up
            api_times.append(api_elapsed)
            bare_times.append(bare_elapsed)
    bare.close()
    connection.close()
    return {"api": api_times, "bare": bare_times}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def measure(size: Size, requests: int, rebuild: bool) -> dict:
    url = URL_TEMPLATE.format(size=size.factor)
    with dataset.scratch(url, f"bench-data-x{size.factor}-") as (workdir, database_url):
        app = dataset.make_app(database_url, workdir)
        marker = None if rebuild else existing(app, size)
        if marker:
            built = marker["built_seconds"]
            log(f"x{size.factor}: reusing the dataset in {url} (built in {built:.0f} s)")
        else:
            log(f"x{size.factor}: building the dataset in {url}")
            built = build(app, size)
            log(f"x{size.factor}: built in {built:.0f} s")
        check_rollups(app)
        cookies = sessions(app)
        pages = targets(app, size)
        deep = pages.pop("_deep_page")
        result = {"size": size.factor, "built_seconds": built, "deep_page": int(deep)}
        env = dataset.app_env(database_url, workdir)
        server = Gunicorn(env=env, log_file=workdir / "gunicorn.log", settle=1.5).start()
        try:
            for key, path in pages.items():
                who = "admin" if key in ("admin_list", "items", "question") else "partner"
                times = timed_gets(server.url, path, cookies[who], requests)
                result[key] = {
                    "p50": statistics.median(times) * 1000,
                    "p95": percentile(times, 0.95) * 1000,
                }
                log(f"x{size.factor}: {key}: p50 {result[key]['p50']:.1f} ms,"
                    f" p95 {result[key]['p95']:.1f} ms")  # fmt: skip
            api = api_versus_executemany(server.url, database_url, app, max(requests // 3, 5))
            result["api"] = {
                "api_p50": statistics.median(api["api"]) * 1000,
                "api_p95": percentile(api["api"], 0.95) * 1000,
                "bare_p50": statistics.median(api["bare"]) * 1000,
                "share": statistics.median(api["bare"]) / statistics.median(api["api"]),
            }
            log(f"x{size.factor}: events API {result['api']}")
        finally:
            server.stop()
    return result


def table(results: list[dict]) -> str:
    by_size = {r["size"]: r for r in results}
    sizes = sorted(by_size)
    header = "| what | " + " | ".join(f"×{s} p50 / p95 ms" for s in sizes)
    header += " | target p95 ×100 | growth p95 ×100/×1 (target) |"
    lines = [header, "|" + "---|" * (len(sizes) + 3)]
    for key, (what, target, growth_target) in TARGETS.items():
        cells = [f"{by_size[s][key]['p50']:.1f} / {by_size[s][key]['p95']:.1f}" for s in sizes]
        growth = "—"
        if 1 in by_size and 100 in by_size:
            ratio = by_size[100][key]["p95"] / by_size[1][key]["p95"]
            growth = f"{ratio:.2f}"
        label = what
        if key == "pool_deep":
            label += " (page " + ", ".join(str(by_size[s]["deep_page"]) for s in sizes) + ")"
        lines.append(
            f"| {label} | " + " | ".join(cells) + f" | < {target} | {growth} (< {growth_target}) |"
        )
    cells = [
        f"{by_size[s]['api']['api_p50']:.1f} vs {by_size[s]['api']['bare_p50']:.1f}"
        f" ({by_size[s]['api']['share']:.0%})"
        for s in sizes
    ]
    lines.append(
        "| events API batch of 1 000 vs bare executemany, p50 ms (share) | "
        + " | ".join(cells)
        + " | ≥ 50 % | — |"
    )
    built = ", ".join(f"×{s} {by_size[s]['built_seconds']:.0f} s" for s in sizes)
    lines.append("")
    lines.append(f"Datasets built in: {built} (a reused dataset shows its original build time).")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="build even if a dataset exists")
    args = parser.parse_args()
    sizes = [Size(int(s)) for s in args.sizes.split(",") if s.strip()]
    results = []
    for size in sizes:
        results.append(measure(size, args.requests, args.rebuild))
        print(table(results), flush=True)
    path = ROOT / "instance" / "bench-data-results.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(results, indent=1, default=str))
    print(f"\n{table(results)}\n\nresults: {path}")


if __name__ == "__main__":
    sys.exit(main())
