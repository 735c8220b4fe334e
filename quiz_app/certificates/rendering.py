"""The certificate as a PDF (A4 landscape) and a PNG (1200×630, the social preview size).

Both use the documents' typeface (documents/fonts.py), so Cyrillic renders anywhere.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

import segno
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from ..documents.fonts import FAMILY, FONT_BOLD, FONT_REGULAR, add_fonts

BLUE = (21, 101, 216)
DARK = (29, 36, 51)
MUTED = (95, 107, 125)


@dataclass(frozen=True)
class CertificateView:
    """Everything printed on a certificate, already formatted."""

    holder_name: str
    company: str
    number: str
    score: int
    max_score: int
    issued_on: str
    valid_until: str
    verify_url: str
    status_label: str | None = None  # printed across revoked or expired certificates


def qr_png(url: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


TITLE = "СЕРТИФИКАТ ПАРТНЁРА"
PROGRAMME = "ОФИЦИАЛЬНЫЙ ПАРТНЁР amoCRM"
STATEMENT = "успешно прошёл(а) аттестацию официального партнёра"


def render_pdf(view: CertificateView) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{TITLE} {view.number}")
    pdf.set_author("Partner Certification")
    add_fonts(pdf)
    pdf.add_page()
    width, height = pdf.w, pdf.h

    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, width - 20, height - 20)
    pdf.set_line_width(0.3)
    pdf.rect(14, 14, width - 28, height - 28)

    pdf.set_text_color(*BLUE)
    pdf.set_font(FAMILY, "B", 14)
    pdf.set_xy(0, 28)
    pdf.cell(width, 8, PROGRAMME, align="C")
    pdf.set_text_color(*DARK)
    pdf.set_font(FAMILY, "B", 34)
    pdf.set_xy(0, 42)
    pdf.cell(width, 16, TITLE, align="C")

    pdf.set_font(FAMILY, "", 14)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(0, 66)
    pdf.cell(width, 8, "Настоящим удостоверяется, что", align="C")
    pdf.set_text_color(*DARK)
    pdf.set_font(FAMILY, "B", 28)
    pdf.set_xy(20, 78)
    pdf.multi_cell(width - 40, 13, view.holder_name, align="C")
    pdf.set_font(FAMILY, "", 16)
    pdf.set_x(20)
    pdf.multi_cell(width - 40, 9, view.company, align="C")
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, "", 14)
    pdf.set_x(20)
    pdf.multi_cell(width - 40, 8, f"{STATEMENT} amoCRM", align="C")
    pdf.set_x(20)
    pdf.multi_cell(
        width - 40, 8, f"с результатом {view.score} из {view.max_score} баллов", align="C"
    )

    details_y = height - 62
    pdf.set_text_color(*DARK)
    for index, (label, value) in enumerate(
        (
            ("Номер сертификата", view.number),
            ("Дата выдачи", view.issued_on),
            ("Действителен до", view.valid_until),
        )
    ):
        pdf.set_xy(28, details_y + index * 11)
        pdf.set_font(FAMILY, "", 10)
        pdf.set_text_color(*MUTED)
        pdf.cell(50, 5, label)
        pdf.set_xy(28, details_y + index * 11 + 4.5)
        pdf.set_font(FAMILY, "B", 12)
        pdf.set_text_color(*DARK)
        pdf.cell(90, 6, value)

    qr_size = 40
    pdf.image(
        io.BytesIO(qr_png(view.verify_url)),
        x=width - 28 - qr_size,
        y=height - 28 - qr_size - 8,
        w=qr_size,
    )
    pdf.set_font(FAMILY, "", 8)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(width - 28 - 110, height - 27)
    pdf.cell(110, 4, f"Проверка подлинности: {view.verify_url}", align="R")

    if view.status_label:
        pdf.set_text_color(198, 40, 40)
        pdf.set_font(FAMILY, "B", 40)
        pdf.set_xy(0, height / 2 - 10)
        pdf.cell(width, 20, view.status_label, align="C")
    return bytes(pdf.output())


@functools.cache
def _font(size: int, weight: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_BOLD if weight >= 600 else FONT_REGULAR), size)


def _fit(draw: ImageDraw.ImageDraw, text: str, max_width: int, size: int, weight: int):
    """The largest font size, down from `size`, at which `text` fits `max_width`."""
    while size > 18 and draw.textlength(text, font=_font(size, weight)) > max_width:
        size -= 2
    return _font(size, weight)


def render_png(view: CertificateView) -> bytes:
    width, height = 1200, 630
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 14), fill=BLUE)
    draw.rectangle((16, 30, width - 16, height - 16), outline=BLUE, width=3)

    draw.text((60, 62), PROGRAMME, font=_font(26, 700), fill=BLUE)
    draw.text((60, 100), TITLE, font=_font(56, 800), fill=DARK)
    draw.text((60, 190), "Выдан", font=_font(26, 400), fill=MUTED)
    name_font = _fit(draw, view.holder_name, 760, 54, 700)
    draw.text((60, 226), view.holder_name, font=name_font, fill=DARK)
    company_font = _fit(draw, view.company, 760, 32, 500)
    draw.text((60, 300), view.company, font=company_font, fill=DARK)
    draw.text(
        (60, 356),
        f"Результат аттестации: {view.score} из {view.max_score} баллов",
        font=_font(26, 400),
        fill=MUTED,
    )
    rows = (("№", view.number), ("Выдан", view.issued_on), ("Действителен до", view.valid_until))
    for index, (label, value) in enumerate(rows):
        y = 440 + index * 44
        draw.text((60, y), label, font=_font(24, 400), fill=MUTED)
        draw.text((290, y), value, font=_font(26, 700), fill=DARK)

    qr = Image.open(io.BytesIO(qr_png(view.verify_url, scale=7))).convert("RGB")
    qr = qr.resize((260, 260), Image.Resampling.NEAREST)
    image.paste(qr, (width - 60 - 260, 250))
    draw.text((width - 60 - 260, 520), "Проверить подлинность", font=_font(22, 500), fill=MUTED)

    if view.status_label:
        draw.text((60, 560), view.status_label, font=_font(40, 800), fill=(198, 40, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
