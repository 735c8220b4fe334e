"""Reading a CSV file of leads: every problem with its line and column, or every row valid.

Nothing here touches the database; `services.import_many` saves the rows, all or none.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from pydantic import ValidationError

from .validation import FIELD_NAMES, LeadIn, field_errors

# Column headers people actually write, mapped to the schema's field names.
HEADER_ALIASES: dict[str, str] = {
    "компания": "company",
    "название компании": "company",
    "контакт": "contact_name",
    "контактное лицо": "contact_name",
    "имя": "contact_name",
    "фио": "contact_name",
    "телефон": "phone",
    "email": "email",
    "e-mail": "email",
    "почта": "email",
    "город": "city",
    "отрасль": "industry",
    "сфера": "industry",
    "пользователей": "users_count",
    "количество пользователей": "users_count",
    "users": "users_count",
    "бюджет": "budget",
    "бюджет, руб": "budget",
    "бюджет, руб.": "budget",
    "комментарий": "comment",
    "источник": "source_detail",
    "source": "source_detail",
}
REQUIRED_COLUMNS = ("company", "contact_name", "phone", "city", "industry", "users_count")


@dataclass(frozen=True)
class Problem:
    line: int | None  # line of the file (the header is line 1); None for the whole file
    column: str | None  # the column's header as written in the file
    message: str


@dataclass
class ParsedFile:
    rows: list[LeadIn] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _canonical(header: str) -> str | None:
    name = " ".join(header.replace("\ufeff", "").split()).casefold()
    if name in FIELD_NAMES:
        return name
    return HEADER_ALIASES.get(name)


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def parse(raw: bytes, max_rows: int) -> ParsedFile:
    """Check a whole file. The result has rows only if it has no problems at all."""
    result = ParsedFile()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        result.problems.append(
            Problem(line, None, _("Файл не в кодировке UTF-8. Сохраните его как «CSV UTF-8»."))
        )
        return result
    if not text.strip():
        result.problems.append(Problem(None, None, _("Файл пустой.")))
        return result

    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        header = next(reader)
    except csv.Error as exc:
        result.problems.append(Problem(1, None, _("Не удалось прочитать строку: %(e)s", e=exc)))
        return result
    columns: list[str | None] = []
    seen: dict[str, str] = {}
    for title in header:
        name = _canonical(title)
        if name is None:
            result.problems.append(
                Problem(
                    1,
                    title,
                    _(
                        "Неизвестный столбец. Допустимые: %(names)s",
                        names=", ".join(FIELD_NAMES),
                    ),
                )
            )
        elif name in seen:
            result.problems.append(Problem(1, title, _("Столбец повторяется")))
        else:
            seen[name] = title
        columns.append(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            result.problems.append(Problem(1, name, _("В заголовке нет обязательного столбца")))
    if result.problems:
        return result

    rows: list[LeadIn] = []
    data_rows = 0
    last = reader.line_num
    try:
        for cells in reader:
            line, last = last + 1, reader.line_num  # a quoted cell may span several lines
            if not any(cell.strip() for cell in cells):
                continue
            data_rows += 1
            if data_rows > max_rows:
                result.problems.append(
                    Problem(
                        line,
                        None,
                        _("Слишком много строк: не больше %(max)s за один файл", max=max_rows),
                    )
                )
                break
            if len(cells) != len(columns):
                result.problems.append(
                    Problem(
                        line,
                        None,
                        _(
                            "В строке %(got)s значений, а в заголовке %(want)s столбцов",
                            got=len(cells),
                            want=len(columns),
                        ),
                    )
                )
                continue
            record = {name: value for name, value in zip(columns, cells, strict=True) if name}
            try:
                rows.append(LeadIn.model_validate(record))
            except ValidationError as exc:
                for name, messages in field_errors(exc).items():
                    for message in messages:
                        result.problems.append(Problem(line, seen.get(name, name), message))
    except csv.Error as exc:
        result.problems.append(
            Problem(reader.line_num, None, _("Не удалось прочитать строку: %(e)s", e=exc))
        )
    if not result.problems and not rows:
        result.problems.append(Problem(None, None, _("В файле нет ни одной заявки.")))
    if not result.problems:
        result.rows = rows
    return result
