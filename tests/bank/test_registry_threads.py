"""The bank registry under concurrent first use (a gunicorn worker's threads right after start)."""

from __future__ import annotations

import threading

from quiz_app.bank import registry as registry_module
from quiz_app.bank.registry import BankRegistry

from ..conftest import REAL_BANK


def test_a_request_arriving_during_the_first_load_waits_for_the_bank(monkeypatch):
    loading = threading.Event()
    finish = threading.Event()
    real_load = registry_module.load_bank

    def slow_load(directory):
        loading.set()
        assert finish.wait(10)
        return real_load(directory)

    monkeypatch.setattr(registry_module, "load_bank", slow_load)
    registry = BankRegistry(str(REAL_BANK))
    results: dict[str, object] = {}

    def use(name):
        try:
            results[name] = registry.current()
        except Exception as exc:  # the failure this test is about
            results[name] = exc

    first = threading.Thread(target=use, args=("first",))
    first.start()
    assert loading.wait(10)
    second = threading.Thread(target=use, args=("second",))
    second.start()
    second.join(0.2)  # the second request is now waiting (or, before the fix, failed)
    finish.set()
    first.join(10)
    second.join(10)

    assert results["first"].question_count == 115
    assert results["second"] is results["first"]
