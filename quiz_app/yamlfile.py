"""YAML files whose problems are reported by file, line and field.

The question bank and the tariff reference are both hand-edited YAML validated by pydantic.
Pydantic reports a data path (``questions.2.answer``); composing the YAML nodes first maps every
such path to the line it came from, so an editor is told where to look, not only what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

# libyaml's parser, where PyYAML was built with it, is about ten times faster and keeps the
# marks (line numbers) this module relies on.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


ALIASES_REFUSED = (
    "a YAML alias (*name) of a list or a mapping is not supported here: write the value out"
)


# The bank, the reference and lessons nest a handful of levels; the parser and the composer
# recurse on nesting, so a file of brackets alone could exhaust the stack.
MAX_DEPTH = 32
NESTING_REFUSED = f"lists and mappings are nested more than {MAX_DEPTH} levels deep"


def _too_deep(text: str) -> yaml.Mark | None:
    """Where nesting first passes MAX_DEPTH, found by an event scan (libyaml's parser is a
    state machine, safe at any depth), before any node is composed."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


class _AliasFound(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located as precisely as the file allows.

    `subject` names the item the problem belongs to (a question id, a tariff row) when the
    data path alone would not make it obvious to a person.
    """

    file: str
    line: int | None
    message: str
    subject: str | None = None

    @property
    def question_id(self) -> str | None:
        """The bank's name for `subject`, kept for code written before the split."""
        return self.subject

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" [{self.subject}]" if self.subject else ""
        return f"{where}:{who} {self.message}"


def display_path(path: Path) -> str:
    """Paths relative to the working directory when possible: shorter, and clickable in editors."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def field_name(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(document)"


class YamlDocument:
    """A parsed YAML file with the line of every node, addressable by its data path.

    `format_name` only words the "unknown key" message ("not part of the bank format").
    """

    def __init__(self, path: Path, format_name: str, text: str | None = None, first_line: int = 1):
        """Parse `path`, or `text` taken from it (front matter) starting at `first_line`."""
        self.path = path
        self.name = display_path(path)
        self.format_name = format_name
        self.first_line = first_line
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []
        self.data: Any = None
        if text is None:
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                self.problems.append(Problem(self.name, None, "file not found"))
                return
            except (OSError, UnicodeDecodeError) as exc:
                self.problems.append(Problem(self.name, None, f"cannot be read: {exc}"))
                return
        try:
            too_deep = _too_deep(text)
        except yaml.MarkedYAMLError:
            too_deep = None  # composing below reports the syntax error with its line
        if too_deep is not None:
            self.problems.append(Problem(self.name, self._line(too_deep), NESTING_REFUSED))
            return
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                self.problems.append(Problem(self.name, first_line, f"{format_name} is empty"))
                return
            self._index(node)
            self.data = loader.construct_document(node)
        except _AliasFound as found:
            self.lines.clear()
            self.problems.append(Problem(self.name, found.line, ALIASES_REFUSED))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = self._line(mark) if mark else None
            self.problems.append(Problem(self.name, line, f"YAML syntax error: {exc.problem}"))
        finally:
            loader.dispose()

    def _line(self, mark: yaml.Mark) -> int:
        return self.first_line + mark.line

    def _index(self, root: yaml.Node) -> None:
        """Record the line of every node, walking with a stack (no recursion on the input).

        A shared list or mapping is an alias: the composer hands out the anchored node again
        for every `*name`. It is refused rather than walked, since a few nested aliases expand
        into billions of nodes ("billion laughs") in a few hundred bytes; an alias of a scalar
        stays one value and is allowed.
        """
        seen: set[int] = set()
        stack: list[tuple[yaml.Node, tuple, yaml.Node | None]] = [(root, (), None)]
        while stack:
            node, path, at = stack.pop()
            if not isinstance(node, yaml.ScalarNode):
                if id(node) in seen:
                    raise _AliasFound(self._line((at or node).start_mark))
                seen.add(id(node))
            self.lines.setdefault(path, self._line(node.start_mark))
            # Children are pushed last-first, so they are walked in the file's order.
            if isinstance(node, yaml.MappingNode):
                keys: set[str] = set()
                children = []
                for key_node, value_node in node.value:
                    key = key_node.value
                    if key in keys:
                        self.problems.append(
                            Problem(
                                self.name,
                                self._line(key_node.start_mark),
                                f"duplicate key '{key}'",
                            )
                        )
                    keys.add(key)
                    # A key's own line is more useful than its value's for messages.
                    self.lines[(*path, key)] = self._line(key_node.start_mark)
                    children.append((value_node, (*path, key), key_node))
                stack.extend(reversed(children))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(
                    (item, (*path, index), node)
                    for index, item in reversed(list(enumerate(node.value)))
                )

    def line_of(self, loc: tuple) -> int | None:
        """The line of the deepest node on `loc` that exists in the file.

        PyYAML loads an integer-looking key (a term of `12` months) as an int, so pydantic
        reports it as one; such a part is looked up as it was written too.
        """
        found, path = None, ()
        for part in loc:
            step = (*path, part)
            if step not in self.lines and isinstance(part, int):
                step = (*path, str(part))
            if step not in self.lines:
                break
            path, found = step, self.lines[step]
        return found if path else self.lines.get(())

    def problem(self, loc: tuple, message: str, subject: str | None = None) -> Problem:
        return Problem(self.name, self.line_of(loc), f"{field_name(loc)}: {message}", subject)

    def validation_problems(
        self,
        error: ValidationError,
        subject_at: Callable[[tuple], str | None] = lambda loc: None,
    ) -> list[Problem]:
        problems = []
        for item in error.errors():
            # Pydantic adds the names of union members and validators to the path; they are
            # not keys of the file.
            loc = tuple(part for part in item["loc"] if not _is_validator_step(part))
            problems.append(self.problem(loc, self.describe(item), subject_at(loc)))
        return problems

    def describe(self, item: dict) -> str:
        """Pydantic's error in words a person editing the YAML file understands."""
        kind = item["type"]
        ctx = item.get("ctx") or {}
        if kind == "missing":
            return "required field is missing"
        if kind == "extra_forbidden":
            return f"unknown key (not part of the {self.format_name} format)"
        if kind == "string_too_short":
            return "must not be empty"
        if kind == "too_short":
            return f"needs at least {ctx.get('min_length')} item(s), got {ctx.get('actual_length')}"
        if kind == "string_pattern_mismatch":
            return f"'{item.get('input')}' does not match the expected pattern {ctx.get('pattern')}"
        if kind == "literal_error":
            return f"'{item.get('input')}' is not one of {ctx.get('expected')}"
        message = item["msg"]
        return message.removeprefix("Value error, ")


def _is_validator_step(part: Any) -> bool:
    return isinstance(part, str) and part.startswith(("function-", "literal[", "tagged-union["))
