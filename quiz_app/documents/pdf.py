"""An A4 portrait page set up for Russian business documents (contracts, invoices)."""

from __future__ import annotations

from fpdf import FPDF

from .fonts import add_fonts

DARK = (29, 36, 51)
MUTED = (95, 107, 125)


def new_document(title: str) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_author("Partner Certification")
    add_fonts(pdf)
    pdf.set_margins(20, 18, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_text_color(*DARK)
    return pdf
