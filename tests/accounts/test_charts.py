"""The SVG charts are pure functions: well-formed markup, escaped labels, proportional shapes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quiz_app.partner.accounts import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def test_labels_are_escaped():
    evil = '<script>alert("x")</script> & "co"'
    for markup in (
        charts.donut([(evil, 3)], evil),
        charts.bars([evil], [(evil, [1])], evil),
        charts.hbars([(evil, 2, evil)], evil),
    ):
        text = str(markup)
        assert "<script>" not in text
        assert "&lt;script&gt;" in text
        root = parse(markup)  # still well-formed XML
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.get("aria-label") == evil
        assert "style=" not in text  # colours come from CSS classes (strict CSP)


def test_donut_has_one_segment_per_nonzero_slice_with_its_share():
    root = parse(charts.donut([("Сайт", 3), ("Почта", 1), ("Пусто", 0)], "Источники"))
    paths = root.findall(f"{SVG}path")
    assert [p.get("class") for p in paths] == ["c0", "c1"]
    assert [p.find(f"{SVG}title").text for p in paths] == ["Сайт: 3 (75%)", "Почта: 1 (25%)"]
    assert root.find(f"{SVG}text").text == "4"


def test_a_single_source_fills_the_whole_ring():
    root = parse(charts.donut([("Сайт", 5)], "Источники"))
    assert len(root.findall(f"{SVG}path")) == 2  # two halves of one full ring


def test_empty_donut_draws_an_empty_ring():
    root = parse(charts.donut([], "Источники"))
    assert root.findall(f"{SVG}path") == []
    assert root.find(f"{SVG}circle") is not None


def test_bar_heights_are_proportional():
    root = parse(charts.bars(["пн", "вт"], [("Входящие", [2, 4]), ("Исходящие", [1, 0])], "Звонки"))
    rects = root.findall(f"{SVG}rect")
    heights = {r.find(f"{SVG}title").text: float(r.get("height")) for r in rects}
    assert heights["вт · Входящие: 4"] == 2 * heights["пн · Входящие: 2"]
    assert heights["пн · Исходящие: 1"] * 4 == heights["вт · Входящие: 4"]
    assert heights["вт · Исходящие: 0"] == 0
    assert {r.get("class") for r in rects} == {"c0", "c1"}


def test_bars_with_no_data_do_not_divide_by_zero():
    root = parse(charts.bars(["a", "b"], [("x", [0, 0])], "t"))
    assert all(float(r.get("height")) == 0 for r in root.findall(f"{SVG}rect"))


def test_many_categories_print_only_some_labels():
    days = [f"{n:02d}.03" for n in range(1, 31)]
    root = parse(charts.bars(days, [("Часы", list(range(30)))], "Часы"))
    labels = [t.text for t in root.findall(f"{SVG}text") if t.text in days]
    assert 5 <= len(labels) <= 12
    assert labels[0] == "01.03" and labels[-1] == "30.03"


def test_hbars_widths_are_proportional():
    root = parse(charts.hbars([("Первичный контакт", 4, "4"), ("Переговоры", 1, "1")], "Этапы"))
    widths = [float(r.get("width")) for r in root.findall(f"{SVG}rect")]
    assert widths[0] == 4 * widths[1]
