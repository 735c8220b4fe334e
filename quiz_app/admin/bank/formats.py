"""What the GIFT and Moodle XML readers produce, and the text clean-up they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ParsedQuestion:
    """A single-answer multiple-choice question read from a file, not yet in bank form."""

    number: int  # its place among the file's questions, from 1
    title: str
    text: str
    options: list[str]
    correct: int  # index into options
    explanation: str | None = None
    points: int | None = None  # None: the format has no marks
    category: str | None = None
    # Moodle XML's <shuffleanswers>; None where the format does not say (GIFT).
    shuffle_options: bool | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class SkippedQuestion:
    number: int
    title: str
    text: str
    kind: str  # a stable code: "essay", "truefalse", "multiple_correct", …
    reason: str  # the same in words for the report


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    skipped: list[SkippedQuestion] = field(default_factory=list)


class FileRejected(Exception):
    """The file cannot be read as the format at all (not one question could be attempted)."""


_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images = 0

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "img":
            self.images += 1

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, int]:
    """Plain text of an HTML fragment (paragraphs become lines) and how many images it had."""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    return tidy("".join(extractor.parts)), extractor.images


def tidy(text: str) -> str:
    """Collapse runs of spaces inside lines and blank lines between them."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
