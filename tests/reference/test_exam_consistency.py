"""The exam and the tariff reference must not contradict each other.

The test reads both files as they are shipped:

1. A question about plans ("На каком тарифе…", or options naming plans) names the reference row
   it depends on, and the row's cells decide it: the key's plans agree with the row, and every
   other option is contradicted by at least one known cell.
2. An explanation that cites the tariff (or event) table and quotes a row of it names one of the
   quoted rows as its `reference`, so the link the text claims is the link the data checks.
3. Every `reference` is a key of the reference file.
"""

from __future__ import annotations

import re

import pytest

from quiz_app.bank.loader import load_bank
from quiz_app.bank.schema import Question
from quiz_app.reference.loader import DEFAULT_FILE, load_reference
from quiz_app.reference.model import Reference
from quiz_app.reference.view import normalize

from ..conftest import REAL_BANK

# Word stems by which an option names a plan or a package.
STEMS = {
    "basic": "базов",
    "extended": "расширен",
    "professional": "профессионал",
    "micro-business": "микро",
    "startup": "старт-ап",
}
QUOTE = re.compile(r"«([^«»]+)»")
CITES_TABLE = re.compile(
    r"таблиц\w*[^.;]{0,40}?тариф|тариф\w*[^.;]{0,20}?таблиц|типы событий|типов событий"
    r"|ключевые события",
    re.IGNORECASE,
)
ELLIPSIS = re.compile(r"…|\.\.\.")


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(DEFAULT_FILE)


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return [question for _, question in load_bank(REAL_BANK).questions]


def claimed_offers(text: str, offers: list[str]) -> frozenset[str] | None:
    """The offers an option says have the feature, or None when it says nothing about plans."""
    words = normalize(text)
    named = {offer for offer, stem in STEMS.items() if stem in words}
    if "исключением" in words:  # "На всех, за исключением «Старт-ап»"
        return frozenset(offers) - named
    if named:
        return frozenset(named)
    if "любом" in words or "независимо от" in words or words.startswith("на всех"):
        return frozenset(offers)
    return None


def plan_claims(question: Question, offers: list[str]) -> dict[str, frozenset[str]]:
    claims = {o.id: claimed_offers(o.text, offers) for o in question.options}
    return {option: claim for option, claim in claims.items() if claim is not None}


def is_plan_question(question: Question, offers: list[str]) -> bool:
    mentions = "тариф" in normalize(" ".join([question.text, *(o.text for o in question.options)]))
    return mentions and len(plan_claims(question, offers)) >= 2


def availability(ref: Reference, key: str) -> dict[str, str]:
    """yes / no / unknown per offer, for a feature row or a limit (a limit of none = no)."""
    if key in ref.features:
        return {offer: cell.value for offer, cell in ref.features[key].cells.items()}
    limit = next(limit for limit in ref.limits if limit.key == key)
    as_value = {"value": "yes", "unlimited": "yes", "none": "no", "unknown": "unknown"}
    return {offer: as_value[cell.status] for offer, cell in limit.cells.items()}


def agrees(cells: dict[str, str], claim: frozenset[str]) -> bool:
    """No known cell contradicts "exactly these offers have it"."""
    return all(value != ("no" if offer in claim else "yes") for offer, value in cells.items())


def names(part: str, name: str) -> bool:
    """Whether a quoted fragment names this row: exactly, as "name: figures", or with … cuts."""
    quoted, title = normalize(part), normalize(name)
    if ELLIPSIS.search(quoted):
        pieces = [piece.strip() for piece in ELLIPSIS.split(quoted)]
        if sum(len(piece) for piece in pieces) < 3:
            return False
        return re.fullmatch(".*".join(map(re.escape, pieces)), title) is not None
    return quoted == title or quoted.startswith((f"{title}:", f"{title} "))


def quoted_keys(ref: Reference, explanation: str) -> set[str]:
    """The reference rows an explanation quotes; an old row name also counts as its current row."""
    family: dict[str, set[str]] = {}
    for key, row in ref.features.items():
        family.setdefault(row.same_as or key, set()).add(key)
    keys: set[str] = set()
    for quote in QUOTE.findall(explanation):
        # "Раздел / Строка" and "Раздел — Строка" quote a row together with its section.
        for part in re.split(r"\s+/\s+|\s+—\s+", quote):
            for key, row in ref.features.items():
                if any(names(part, name) for name in row.names):
                    keys |= family[row.same_as or key]
            for limit in ref.limits:
                if any(names(part, name) for name in (limit.title, *limit.aliases)):
                    keys.add(limit.key)
            for group in ref.events:
                if any(names(part, name) for name in (group.title, *group.events)):
                    keys.add(group.key)
    return keys


def test_plan_questions_are_decided_by_the_reference(ref, questions):
    offers = [offer.id for offer in ref.offers]
    plan_questions = [q for q in questions if is_plan_question(q, offers)]
    # The bank's "На каком тарифе…" questions at least; a change in wording must not hide them.
    assert {q.id for q in questions if "на каком тарифе" in normalize(q.text)} <= {
        q.id for q in plan_questions
    }
    problems = []
    for question in plan_questions:
        if question.reference is None:
            problems.append(f"{question.id}: asks about plans but has no `reference`")
            continue
        cells = availability(ref, question.reference)
        claims = plan_claims(question, offers)
        key_claim = claims.get(question.answer)
        if key_claim is None:
            problems.append(f"{question.id}: the key '{question.answer}' names no plans")
            continue
        if not agrees(cells, key_claim):
            problems.append(
                f"{question.id}: key '{question.answer}' ({sorted(key_claim)}) contradicts "
                f"{question.reference}: {cells}"
            )
        for option, claim in claims.items():
            if option == question.answer:
                continue
            if claim == key_claim or agrees(cells, claim):
                problems.append(
                    f"{question.id}: option '{option}' ({sorted(claim)}) fits "
                    f"{question.reference} as well as the key: {cells}"
                )
    assert problems == []


def test_explanations_citing_the_table_name_a_quoted_row(ref, questions):
    problems = []
    for question in questions:
        if not CITES_TABLE.search(question.explanation):
            continue
        quoted = quoted_keys(ref, question.explanation)
        if quoted and question.reference not in quoted:
            problems.append(
                f"{question.id}: reference {question.reference!r} is not among the quoted rows "
                f"{sorted(quoted)}"
            )
    assert problems == []


def test_every_reference_exists(ref, questions):
    keys = ref.keys()
    dangling = [(q.id, q.reference) for q in questions if q.reference and q.reference not in keys]
    assert dangling == []


def test_the_issue_example_mandatory_fields(ref, questions):
    """«Which plans include mandatory fields per stage»: the exam and the page say the same."""
    [question] = [q for q in questions if q.id == "pipeline-15"]
    assert question.reference == "required-fields-by-stage"
    cells = availability(ref, "required-fields-by-stage")
    assert {offer for offer, value in cells.items() if value == "yes"} == {
        "extended",
        "professional",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("На любом", {"basic", "extended", "professional", "micro-business", "startup"}),
        (
            "На всех, за исключением «Старт-ап»",
            {"basic", "extended", "professional", "micro-business"},
        ),
        (
            "Только на базовом, расширенном и профессиональном",
            {"basic", "extended", "professional"},
        ),
        (
            "Да, если аккаунт работает на тарифе расширенный или профессиональный",
            {"extended", "professional"},
        ),
        (
            "Можно, независимо от используемого тарифа",
            {"basic", "extended", "professional", "micro-business", "startup"},
        ),
        ("Все выше перечисленное", None),
    ],
)
def test_option_wording_is_read_as_plans(text, expected):
    offers = ["basic", "extended", "professional", "micro-business", "startup"]
    claim = claimed_offers(text, offers)
    assert (set(claim) if claim is not None else None) == expected
