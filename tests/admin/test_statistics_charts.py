"""Server-side SVG charts and CSV files: valid, escaped, Excel-friendly. No app needed."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from quiz_app.admin.csv_export import to_csv
from quiz_app.admin.statistics import charts
from quiz_app.admin.statistics.analysis import Bin

SVG = "{http://www.w3.org/2000/svg}"
NASTY = 'Q<1> & "кавычки" \'</svg><script>alert(1)</script>'


def parse(markup: Markup) -> ET.Element:
    assert isinstance(markup, Markup)  # safe to embed: the template will not escape it again
    return ET.fromstring(str(markup))


def texts(root: ET.Element) -> list[str]:
    return [
        "".join(node.itertext())
        for node in root.iter()
        if node.tag in (f"{SVG}text", f"{SVG}title")
    ]


def test_histogram_is_valid_svg_with_one_bar_per_bin():
    bins = [Bin(0, 9, 3), Bin(10, 19, 0), Bin(20, 24, 7)]
    root = parse(charts.score_histogram(bins, title=NASTY, pass_score=15, pass_label="проходной"))
    assert root.tag == f"{SVG}svg"
    bars = [r for r in root.iter(f"{SVG}rect")]
    assert len(bars) == 3
    heights = [float(r.get("height")) for r in bars]
    # The tallest bin (7) fills the plot; the empty one has no height; 3/7 of the tallest.
    assert heights[1] == 0
    assert heights[0] / heights[2] == pytest.approx(3 / 7, abs=0.01)
    assert NASTY in texts(root)  # the title survived escaping intact
    assert "проходной" in texts(root)
    assert "20–24" in texts(root)
    assert len([line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]) == 1


def test_histogram_of_nothing_is_still_valid():
    root = parse(charts.score_histogram([], title="Пусто"))
    assert list(root.iter(f"{SVG}rect")) == []


def test_item_map_escapes_labels_and_links():
    points = [
        charts.ItemPoint(NASTY, 0.5, 0.3, href="/admin/statistics/questions/q?a=1&b=2"),
        charts.ItemPoint("ok-01", 0.99, -0.2, flagged=True),
    ]
    markup = charts.item_map(points, title="Карта", x_label="Лёгкость", y_label="Дискриминация")
    assert "<script>" not in str(markup)
    root = parse(markup)
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 2
    [link] = list(root.iter(f"{SVG}a"))
    assert link.get("href") == "/admin/statistics/questions/q?a=1&b=2"
    assert any(t.startswith(NASTY) for t in texts(root))
    # A flagged question is drawn in the warning colour.
    assert circles[1].get("fill") != circles[0].get("fill")
    # Facility 0.99 is further right than 0.5; discrimination -0.2 lower (greater y) than 0.3.
    assert float(circles[1].get("cx")) > float(circles[0].get("cx"))
    assert float(circles[1].get("cy")) > float(circles[0].get("cy"))


def test_option_bars_highlight_the_key():
    bars = [
        charts.Bar("a · <b>Да</b>", 0.75, 3, highlight=True),
        charts.Bar("b", 0.25, 1),
        charts.Bar("нет ответа", 0.0, 0),
    ]
    root = parse(charts.option_bars(bars, title="Выбор"))
    rects = list(root.iter(f"{SVG}rect"))
    assert len(rects) == 3
    assert float(rects[0].get("width")) == 3 * float(rects[1].get("width"))
    assert rects[0].get("fill") != rects[1].get("fill")
    assert "a · <b>Да</b>" in texts(root)
    assert "75% (3)" in texts(root)


def test_csv_is_utf8_with_bom_and_parses_back():
    header = ["Вопрос", "Доля, %"]
    rows = [["mail-05", 87.5], ['Текст с "кавычками", запятой\nи строкой', None], ["x", True]]
    text = to_csv(header, rows)
    assert text.startswith("\ufeff")
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert parsed == [
        ["Вопрос", "Доля, %"],
        ["mail-05", "87.5"],
        ['Текст с "кавычками", запятой\nи строкой', ""],
        ["x", "1"],
    ]


def test_csv_neutralises_spreadsheet_formulas_but_not_numbers():
    text = to_csv(["a", "b", "c"], [['=HYPERLINK("http://evil")', "-0.25", -0.25]])
    row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1]
    assert row == ['\'=HYPERLINK("http://evil")', "'-0.25", "-0.25"]
