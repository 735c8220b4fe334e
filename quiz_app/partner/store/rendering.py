"""The invoice («Счёт на оплату») as an A4 PDF.

The payee's requisites and the buyer's come from the contract version the order was placed
under (its snapshot), so an invoice always agrees with the contract it cites.
"""

from __future__ import annotations

from dataclasses import dataclass

from fpdf.fonts import FontFace

from ...documents.fonts import FAMILY as FONT
from ...documents.parties import party_lines
from ...documents.pdf import MUTED, new_document
from ...money import format_document_money
from ..contracts.platform import Platform
from ..contracts.requisites import Requisites


@dataclass(frozen=True)
class InvoiceView:
    """Everything printed on an invoice, already formatted where it depends on the locale."""

    number: str
    issued_on: str
    pay_by: str
    contract_number: str
    contract_date: str
    platform: Platform
    buyer: Requisites
    description: str
    quantity: str
    unit: str
    unit_price: int
    list_total: int
    discount_note: str | None
    discount_amount: int
    total: int
    status_label: str | None = None  # printed across paid invoices


def render_invoice(view: InvoiceView) -> bytes:
    title = f"Счёт на оплату № {view.number} от {view.issued_on}"
    pdf = new_document(title)
    width = pdf.epw
    payee = view.platform.requisites

    # The bank block a payer copies into a payment order.
    pdf.set_font(FONT, "", 9.5)
    with pdf.table(
        col_widths=(3, 1, 2), line_height=5, first_row_as_headings=False, padding=1.5
    ) as t:
        row = t.row()
        row.cell(f"{payee.bank_name}\nБанк получателя", rowspan=2)
        row.cell("БИК")
        row.cell(payee.bik)
        row = t.row()
        row.cell("Сч. №")
        row.cell(payee.correspondent_account)
        row = t.row()
        tax = f"ИНН {payee.inn}" + (f"   КПП {payee.kpp}" if payee.kpp else "")
        row.cell(f"{tax}\n{payee.display_name}\nПолучатель")
        row.cell("Сч. №")
        row.cell(payee.settlement_account)

    pdf.ln(6)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(width, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*MUTED)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + width, pdf.get_y() + 1)
    pdf.ln(4)

    pdf.set_font(FONT, "", 10)
    for label, lines in (
        ("Поставщик:", ", ".join(party_lines(payee)[:4])),
        ("Покупатель:", ", ".join(party_lines(view.buyer)[:4])),
        ("Основание:", f"Партнёрский договор № {view.contract_number} от {view.contract_date}"),
    ):
        pdf.set_font(FONT, "B", 10)
        pdf.cell(28, 5.2, label)
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(width - 28, 5.2, lines, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)

    pdf.ln(3)
    heading = FontFace(emphasis="BOLD", fill_color=(238, 242, 248))
    with pdf.table(
        col_widths=(8, 72, 16, 26, 26, 28),
        line_height=5,
        headings_style=heading,
        text_align=("CENTER", "LEFT", "RIGHT", "CENTER", "RIGHT", "RIGHT"),
        padding=1.5,
    ) as table:
        row = table.row()
        for text in ("№", "Наименование", "Кол-во", "Ед.", "Цена", "Сумма"):
            row.cell(text)
        row = table.row()
        row.cell("1")
        row.cell(view.description)
        row.cell(view.quantity)
        row.cell(view.unit)
        row.cell(format_document_money(view.unit_price))
        row.cell(format_document_money(view.list_total))

    pdf.ln(3)
    totals = []
    if view.discount_amount:
        totals.append(("Скидка:", f"−{format_document_money(view.discount_amount)}"))
    totals += [("Итого к оплате:", format_document_money(view.total)), ("", view.platform.vat_note)]
    for label, value in totals:
        pdf.set_font(FONT, "B", 10.5)
        pdf.cell(width - 55, 6, label, align="R")
        pdf.cell(55, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
    if view.discount_note:
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width, 4.6, view.discount_note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(29, 36, 51)

    pdf.ln(4)
    pdf.set_font(FONT, "", 10.5)
    pdf.multi_cell(
        width,
        5.4,
        f"Всего к оплате {format_document_money(view.total)}. Оплатить не позднее {view.pay_by} "
        f"включительно. В назначении платежа укажите номер счёта {view.number}.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(10)
    pdf.cell(
        width,
        6,
        f"{payee.signatory_position} _______________ / {payee.signatory_name} /",
        new_x="LMARGIN",
        new_y="NEXT",
    )

    if view.status_label:
        pdf.set_text_color(31, 138, 76)
        pdf.set_font(FONT, "B", 28)
        pdf.set_xy(pdf.l_margin, pdf.get_y() + 8)
        pdf.cell(width, 14, view.status_label, align="C")
    return bytes(pdf.output())
