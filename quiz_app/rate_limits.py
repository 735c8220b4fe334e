"""Rate limits on the forms that invite abuse: login, registration, password reset, leads.

Built on `limits`, the library Flask-Limiter wraps, as a decorator checked inside those views
only (or `count`, called by a view that counts only some of its requests). Flask-Limiter hooks
every request of the app, and those hooks were a large share of the answer save's instructions
on a route without limits (docs/benchmarks.md).

Counters live in `RATELIMIT_STORAGE_URI` (Redis when `REDIS_URL` is set, so every instance
shares them; process memory otherwise), in fixed windows, one per client address and view.
When Redis cannot be reached, each process counts in its own memory meanwhile and tries Redis
again after RETRY_STORAGE_SECONDS: the forms keep working and stay limited.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from functools import lru_cache, wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from flask_babel import gettext as _
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

log = logging.getLogger(__name__)

RETRY_STORAGE_SECONDS = 30.0
REDIS_TIMEOUT_SECONDS = 1.0


class _Counters:
    """The configured storage, and the process's own memory while that one is unreachable."""

    def __init__(self, uri: str):
        options = {}
        if uri.startswith(("redis://", "rediss://")):
            options = {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            }
        # For the log: a Redis URL may carry a password.
        parts = urlsplit(uri)
        self.where = f"{parts.scheme}://{parts.hostname or ''}:{parts.port or ''}"
        self.shared = FixedWindowRateLimiter(storage_from_string(uri, **options))
        self._local: FixedWindowRateLimiter | None = None  # made on the first fallback
        self._unreachable_until = 0.0
        self._lock = threading.Lock()

    def hit(self, item: RateLimitItem, key: str, scope: str) -> tuple[bool, float]:
        """Count one request; (allowed, when the window resets as a Unix time)."""
        if time.monotonic() >= self._unreachable_until:
            try:
                return self._hit(self.shared, item, key, scope)
            except Exception as exc:  # redis-py's errors, whatever the cause: count locally
                with self._lock:
                    if self._local is None:  # before the deadline below, which other threads read
                        self._local = FixedWindowRateLimiter(MemoryStorage())
                    self._unreachable_until = time.monotonic() + RETRY_STORAGE_SECONDS
                log.warning(
                    "rate-limit storage %s unreachable (%s); counting in this process for %d s",
                    self.where,
                    exc,
                    RETRY_STORAGE_SECONDS,
                )
        return self._hit(self._local, item, key, scope)

    @staticmethod
    def _hit(strategy, item, key, scope) -> tuple[bool, float]:
        if strategy.hit(item, key, scope):
            return True, 0.0
        return False, strategy.get_window_stats(item, key, scope).reset_time


@lru_cache(maxsize=32)
def _parsed(text: str) -> tuple[RateLimitItem, ...]:
    """'10 per minute;50 per hour' -> its limits; a setting's text is parsed once."""
    return tuple(parse_many(text))


class RateLimiter:
    def init_app(self, app: Flask) -> None:
        app.extensions["rate_limits"] = _Counters(
            app.config.get("RATELIMIT_STORAGE_URI", "memory://")
        )
        for key, value in app.config.items():
            if key.endswith("_RATE_LIMIT"):
                try:
                    _parsed(value)
                except ValueError as exc:
                    raise ValueError(f"{key}={value!r} is not a rate limit: {exc}") from exc

    def limit(self, setting: str, methods: tuple[str, ...] = ("POST",)) -> Callable:
        """Limit a view's `methods` by the config value `setting` ('5 per minute;30 per hour')."""

        def decorate(view: Callable) -> Callable:
            @wraps(view)
            def limited(*args, **kwargs):
                if request.method in methods and current_app.config.get("RATELIMIT_ENABLED", True):
                    _count(setting, f"{view.__module__}.{view.__qualname__}")
                return view(*args, **kwargs)

            return limited

        return decorate


def count(setting: str, scope: str, refusal: Callable[[int], str] | None = None) -> None:
    """Count one event of `scope` from this address against `setting`; 429 once it is over.

    For views that count only some of their requests (the lead form counts accepted and
    refused submissions apart). `refusal(seconds)` words the refusal.
    """
    if current_app.config.get("RATELIMIT_ENABLED", True):
        _count(setting, scope, refusal)


def _too_many_attempts(seconds: int) -> str:
    return _(
        "Слишком много попыток с вашего адреса. Повторите через %(seconds)d с.", seconds=seconds
    )


def _count(setting: str, scope: str, refusal: Callable[[int], str] | None = None) -> None:
    counters: _Counters = current_app.extensions["rate_limits"]
    key = request.remote_addr or "unknown"
    for item in _parsed(current_app.config[setting]):
        allowed, reset_at = counters.hit(item, key, scope)
        if not allowed:
            seconds = max(1, math.ceil(reset_at - time.time()))
            abort(
                429,
                description=(refusal or _too_many_attempts)(seconds),
                retry_after=seconds,
            )
