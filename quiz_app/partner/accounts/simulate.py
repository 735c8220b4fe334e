"""Realistic demo activity for client accounts: `flask --app quiz_app simulate-activity`.

`generate()` is a pure function of a random generator, the account's size, the number of days
and the current moment; the same --seed gives the same events (and the same event ids, so
running it twice with one seed stores them once).
"""

from __future__ import annotations

import math
import random
import secrets
from datetime import datetime, time, timedelta, tzinfo

import click
from sqlalchemy import select

from ...cli_errors import one_line_errors
from ...clock import now
from ...extensions import db
from ...i18n import display_zone
from . import events
from .models import ClientAccount, StoredState
from .stats import DEFAULT_STAGES

MAX_SIMULATED_USERS = 50
NAMES = (
    "Анна Смирнова", "Иван Петров", "Мария Кузнецова", "Алексей Попов", "Елена Васильева",
    "Дмитрий Соколов", "Ольга Михайлова", "Сергей Новиков", "Татьяна Фёдорова", "Павел Морозов",
)  # fmt: skip
SOURCES = (("Сайт", 35), ("Входящий звонок", 25), ("Почта", 10), ("Реклама", 15),
           ("Рекомендация", 10), ("Telegram", 5))  # fmt: skip
TASK_TYPES = (("Звонок", 50), ("Письмо", 25), ("Встреча", 15), ("Задача", 10))
LOST_REASONS = ("Дорого", "Выбрали конкурента", "Нет бюджета", "Не отвечает")
DEAL_TITLES = ("Внедрение", "Поставка", "Заказ", "Подключение", "Обслуживание")


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in options], weights=[w for _, w in options])[0]


def _at(rng: random.Random, day, zone: tzinfo, start_hour: float, end_hour: float) -> datetime:
    hour = rng.uniform(start_hour, end_hour)
    local = datetime.combine(day, time(), tzinfo=zone) + timedelta(hours=hour)
    return local.replace(second=0, microsecond=0)


def generate(
    rng: random.Random, users_count: int, days: int, moment: datetime, zone: tzinfo
) -> list[dict]:
    """Event payloads (as the API receives them) for the `days` local days up to `moment`."""
    users = [
        NAMES[n] if n < len(NAMES) else f"Пользователь {n + 1}"
        for n in range(max(1, min(users_count, MAX_SIMULATED_USERS)))
    ]
    today = moment.astimezone(zone).date()
    out: list[dict] = []

    def add(kind: str, at: datetime, **fields) -> None:
        if at <= moment:
            out.append({"type": kind, "occurred_at": at.isoformat(), **fields})

    deal_number = rng.randint(1000, 5000)
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        workday = day.weekday() < 5
        presence = 0.9 if workday else 0.15
        for user in users:
            if rng.random() > presence:
                continue
            add("login", _at(rng, day, zone, 8.5, 10.5), user=user)
            hours = rng.uniform(3.5, 7.5) if workday else rng.uniform(0.5, 2)
            add("user_hours", _at(rng, day, zone, 19, 20), user=user, hours=round(hours, 2))
        scale = len(users) * (1 if workday else 0.1)
        for _ in range(_poisson(rng, 0.6 * scale)):
            deal_number += 1
            created = _at(rng, day, zone, 9, 19)
            amount = round(rng.lognormvariate(math.log(60_000), 0.8) / 500) * 500 * 100
            title = f"{rng.choice(DEAL_TITLES)} №{deal_number}"
            stage = DEFAULT_STAGES[0] if rng.random() < 0.8 else DEFAULT_STAGES[1]
            source = _weighted(rng, SOURCES)
            user = rng.choice(users)
            add("deal_created", created, user=user, title=title, amount=amount, stage=stage,
                source=source)  # fmt: skip
            fate = rng.random()
            if fate < 0.25:
                add("deal_won", created + timedelta(days=rng.uniform(2, 10)), user=user,
                    title=title, amount=amount, stage=rng.choice(DEFAULT_STAGES[1:]),
                    source=source)  # fmt: skip
            elif fate < 0.55:
                add("deal_lost", created + timedelta(days=rng.uniform(1, 7)), user=user,
                    title=title, amount=amount, stage=rng.choice(DEFAULT_STAGES),
                    source=source, reason=rng.choice(LOST_REASONS))  # fmt: skip
        for kind, mean in (("call_in", 2), ("call_out", 4)):
            for _ in range(_poisson(rng, mean * scale)):
                missed = rng.random() < 0.2
                duration = (
                    rng.randint(0, 15) if missed else min(int(rng.expovariate(1 / 180)), 3600)
                )
                add(kind, _at(rng, day, zone, 9, 19), user=rng.choice(users), duration=duration)
        for _ in range(_poisson(rng, 3 * scale)):
            add("task_done", _at(rng, day, zone, 9, 19), user=rng.choice(users),
                task_type=_weighted(rng, TASK_TYPES))  # fmt: skip
    out.sort(key=lambda event: event["occurred_at"])
    return out


def simulate(account: ClientAccount, days: int, seed: str) -> tuple[int, int]:
    """Generate and store demo activity for one account; (stored, already present)."""
    moment = now()
    # Deterministic demo data (bandit B311).
    rng = random.Random(f"{seed}:{account.id}")  # nosec B311
    payloads = generate(rng, account.users_count, days, moment, display_zone())
    for number, payload in enumerate(payloads):
        payload["id"] = f"sim-{seed}-{number}"
    stored = ignored = 0
    for start in range(0, len(payloads), events.MAX_BATCH):
        parsed = events.parse({"events": payloads[start : start + events.MAX_BATCH]}, moment)
        added, skipped = events.record(account, parsed)
        stored, ignored = stored + added, ignored + skipped
    return stored, ignored


@click.command("simulate-activity")
@click.option("--account", "account_id", type=int, help="Only this client account (its id).")
@click.option(
    "--days", type=click.IntRange(1, 366), default=30, show_default=True, help="Days of history."
)
@click.option("--seed", help="Make the activity reproducible; random if omitted.")
@one_line_errors
def simulate_activity(account_id: int | None, days: int, seed: str | None) -> None:
    """Generate realistic demo activity for client accounts (all that are not blocked)."""
    seed = seed if seed is not None else secrets.token_hex(4)
    statement = select(ClientAccount).order_by(ClientAccount.id)
    if account_id is not None:
        statement = statement.where(ClientAccount.id == account_id)
    else:
        statement = statement.where(ClientAccount.state != StoredState.BLOCKED)
    accounts = list(db.session.scalars(statement))
    if account_id is not None and not accounts:
        raise click.ClickException(f"client account {account_id} not found")
    for account in accounts:
        stored, ignored = simulate(account, days, seed)
        click.echo(
            f"account {account.id} ({account.subdomain}): {stored} event(s) stored"
            + (f", {ignored} already present" if ignored else "")
        )
    if not accounts:
        click.echo("no client accounts to simulate")
    click.echo(f"seed: {seed} (pass --seed {seed} to repeat)")
