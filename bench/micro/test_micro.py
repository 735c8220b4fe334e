"""Micro-benchmarks of the hot pieces: `make bench-micro` (pytest-benchmark)."""

from __future__ import annotations

import random

from werkzeug.security import generate_password_hash

from quiz_app.auth import sessions
from quiz_app.auth.models import User
from quiz_app.bank.loader import load_bank
from quiz_app.certificates.rendering import CertificateView, render_pdf
from quiz_app.exam import scoring, services
from quiz_app.extensions import db

from .conftest import REAL_BANK


def test_score_an_attempt_of_115_items(benchmark):
    bank = load_bank(REAL_BANK)
    rng = random.Random(3)
    blocks = [lb.block for lb in bank.blocks]
    items = [
        scoring.ItemOutcome(
            block_index=index,
            block_title=block.title,
            points=question.points,
            answer=question.answer,
            chosen=rng.choice([*question.option_ids, None]),
        )
        for index, block in enumerate(blocks)
        for question in block.active_questions
    ]
    assert len(items) == 115
    report = benchmark(scoring.score, items, bank.settings.pass_score)
    assert report.questions == 115


def test_load_and_validate_the_bank(benchmark):
    bank = benchmark(load_bank, REAL_BANK)
    assert bank.question_count == 115


def test_render_a_question_page(benchmark, app):
    with app.app_context():
        user = User(
            email="micro@example.com",
            full_name="Мария Бенчмаркова",
            company="ООО Замер",
            phone="+79000000000",
            password_hash=generate_password_hash("x", method="pbkdf2:sha256:1000"),
        )
        db.session.add(user)
        db.session.commit()
        attempt_id = services.start_or_resume(user).id
        session_key = sessions.open_for(user).key
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_key
        session["_fresh"] = True

    def render():
        # Its own application context per request, as under a real server.
        with app.app_context():
            return client.get(f"/exam/attempts/{attempt_id}/blocks/4")

    response = benchmark(render)
    assert response.status_code == 200
    assert "q-" in response.get_data(as_text=True)


def test_render_a_certificate_pdf(benchmark):
    view = CertificateView(
        holder_name="Константин Константинопольский",
        company="ООО «Интеграционные решения и внедрение CRM»",
        number="AP-2026-000123",
        score=109,
        max_score=115,
        issued_on="2 марта 2026 г.",
        valid_until="2 марта 2027 г.",
        verify_url="https://partners.example.com/certificates/verify/abcdefghijklmnop",
    )
    pdf = benchmark(render_pdf, view)
    assert pdf.startswith(b"%PDF")
