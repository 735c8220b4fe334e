"""A broken reference file gets one problem per mistake, naming the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz_app.reference.loader import DEFAULT_FILE, ReferenceInvalid, load_reference

SHIPPED = DEFAULT_FILE.read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str) -> Path:
    """The shipped file with one edit: each test breaks exactly one thing."""
    assert SHIPPED.count(old) == 1, f"{old!r} must occur once in the shipped file"
    path = tmp_path / "tariffs.yaml"
    path.write_text(SHIPPED.replace(old, new), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ReferenceInvalid) as caught:
        load_reference(path)
    return [str(problem) for problem in caught.value.problems]


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_the_shipped_file_is_valid():
    ref = load_reference(DEFAULT_FILE)
    assert [offer.id for offer in ref.offers] == [
        "basic",
        "extended",
        "professional",
        "micro-business",
        "startup",
    ]


def test_misspelt_plan_in_a_feature_row(tmp_path):
    path = broken(
        tmp_path,
        "cells: {basic: no, extended: yes, professional: yes}\n"
        "        source: 'ключ экзамена pipeline-15",
        "cells: {basic: no, extnded: yes, professional: yes}\n"
        "        source: 'ключ экзамена pipeline-15",
    )
    problems = problems_of(path)
    line = line_of(path, "extnded: yes")
    assert problems == [
        f"{path}:{line}: [required-fields-by-stage] feature_groups.0.features.5.cells.extnded: "
        "'extnded' is not a plan (basic, extended, professional)",
        f"{path}:{line}: [required-fields-by-stage] feature_groups.0.features.5.cells: "
        "missing a plan: extended",
    ]


def test_unknown_key_names_its_line(tmp_path):
    path = broken(tmp_path, "    max_users: 2\n", "    max_users: 2\n    max_user: 3\n")
    [problem] = problems_of(path)
    assert problem == (
        f"{path}:{line_of(path, 'max_user: 3')}: [micro-business] packages.0.max_user: "
        "unknown key (not part of the tariff reference format)"
    )


def test_a_cell_that_is_not_yes_no_or_unknown(tmp_path):
    path = broken(
        tmp_path,
        "cells: {basic: no, extended: no, professional: yes}",
        "cells: {basic: no, extended: maybe, professional: yes}",
    )
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(path, 'extended: maybe')}: [sales-forecast] ")
    assert "cells.extended.value: 'maybe' is not one of 'yes', 'no' or 'unknown'" in problem


def test_a_dearer_plan_without_a_feature_of_a_cheaper_one(tmp_path):
    path = broken(
        tmp_path,
        "cells: {basic: no, extended: yes, professional: yes}\n"
        "        source: 'ключ экзамена pipeline-15",
        "cells: {basic: yes, extended: no, professional: yes}\n"
        "        source: 'ключ экзамена pipeline-15",
    )
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(path, 'basic: yes, extended: no')}:")
    assert "cells.extended: 'no' on extended but 'yes' on the cheaper basic" in problem


def test_a_price_in_an_undeclared_currency(tmp_path):
    path = broken(tmp_path, "      UZS: 499000\n", "      UZS: 499000\n      BYN: 150\n")
    [problem] = problems_of(path)
    assert problem == (
        f"{path}:{line_of(path, 'BYN: 150')}: [micro-business] packages.0.price_per_year.BYN: "
        "currency BYN is not in currencies"
    )


def test_a_package_excluding_a_feature_that_does_not_exist(tmp_path):
    path = broken(
        tmp_path, "      - feature: regular-reports\n", "      - feature: regular-report\n"
    )
    [problem] = problems_of(path)
    assert problem == (
        f"{path}:{line_of(path, 'feature: regular-report')}: [startup] "
        "packages.1.excludes.0.feature: no row has key 'regular-report'"
    )


def test_a_row_without_any_source(tmp_path):
    path = broken(
        tmp_path,
        "        cells: {basic: no, extended: no, professional: yes}\n"
        "        source: 'ключ экзамена analytics-13 («Только на профессиональном»), взятый по "
        "тарифной сетке вендора, уверенность низкая; в исходной таблице отметок нет'\n",
        "        cells: {basic: no, extended: no, professional: yes}\n",
    )
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(path, 'key: sales-forecast')}: [sales-forecast]")
    assert "no source for the cell(s) basic, extended, professional" in problem


def test_a_limit_without_its_unit(tmp_path):
    path = broken(
        tmp_path, "      startup: {amount: 12500, per: account}", "      startup: {amount: 12500}"
    )
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(path, 'startup: {amount: 12500}')}:")
    assert "limits.0.cells.startup: a limit needs amount and per (user or account)" in problem


def test_a_discount_for_a_term_that_is_not_sold(tmp_path):
    path = broken(tmp_path, "    24: unknown\n", "    24: unknown\n    36: 10\n")
    [problem] = problems_of(path)
    assert problem == (
        f"{path}:{line_of(path, '36: 10')}: billing.discounts.36: 36 months is not a term"
    )


def test_same_as_pointing_nowhere(tmp_path):
    path = broken(tmp_path, "same_as: required-fields-by-stage", "same_as: required-fields-by-step")
    [problem] = problems_of(path)
    assert problem.endswith("same_as: no row has key 'required-fields-by-step'")
    assert problem.startswith(
        f"{path}:{line_of(path, 'required-fields-by-step')}: [required-fields]"
    )


def test_yaml_syntax_error_and_duplicate_keys(tmp_path):
    path = broken(tmp_path, "vendor: amoCRM\n", "vendor: amoCRM\nvendor: Kommo\n")
    assert problems_of(path) == [f"{path}:{line_of(path, 'vendor: Kommo')}: duplicate key 'vendor'"]
    path.write_text("plans: [\n", encoding="utf-8")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:2: YAML syntax error")


def test_missing_file(tmp_path):
    assert problems_of(tmp_path / "nowhere.yaml") == [
        f"{tmp_path / 'nowhere.yaml'}: file not found"
    ]
