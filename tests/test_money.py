"""The one money formatter: pages in the reader's language, documents in Russian."""

from __future__ import annotations

import pytest

from quiz_app.money import format_document_money, format_money

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("minor", "kwargs", "text"),
    [
        (8_391_600, {}, f"83{NBSP}916{NBSP}₽"),
        (24_998, {}, f"249,98{NBSP}₽"),
        (5_994_000, {"always_minor": True}, f"59{NBSP}940,00{NBSP}₽"),
        (150_000_050, {"symbol": "$", "locale": "en"}, f"1,500,000.50{NBSP}$"),
        (0, {}, f"0{NBSP}₽"),
        (None, {}, "—"),
    ],
)
def test_format_money(minor, kwargs, text):
    assert format_money(minor, **kwargs) == text


@pytest.mark.parametrize(
    ("query", "text"), [("?lang=en", f"123,456.78{NBSP}₽"), ("", f"123{NBSP}456,78{NBSP}₽")]
)
def test_pages_follow_the_readers_language(app, query, text):
    with app.test_request_context(f"/{query}"):
        assert format_money(12_345_678, always_minor=True) == text


def test_documents_are_russian_whoever_prints_them(app):
    with app.test_request_context("/?lang=en"):
        assert format_document_money(12_345_600) == f"123{NBSP}456,00{NBSP}₽"
