"""The partner contract as an A4 PDF, rendered from a contract version's snapshot.

Rendering is a pure function of the snapshot (requisites of both parties and the terms as they
were when the version was generated), so a version's PDF never changes after the fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fpdf.fonts import FontFace

from ...documents.fonts import FAMILY as FONT
from ...documents.parties import party_lines, signature_lines
from ...documents.pdf import new_document
from ...money import format_document_money
from .platform import Platform
from .requisites import Requisites


def _party_clause(requisites: Requisites, role: str, opens_sentence: bool) -> str:
    if requisites.is_sole_trader:
        form = requisites.full_legal_form
        form = form if opens_sentence else form[0].lower() + form[1:]
        return (
            f"{form} {requisites.legal_name} (далее — «{role}»), "
            f"действующий(-ая) на основании {requisites.signatory_basis}"
        )
    return (
        f"{requisites.display_name} (далее — «{role}»), от имени которого действует "
        f"{requisites.signatory_position.lower()} {requisites.signatory_name} "
        f"на основании {requisites.signatory_basis}"
    )


def _sections(terms: Mapping[str, int], platform: Platform) -> list[tuple[str, list[str]]]:
    due_days = terms["invoice_due_days"]
    limit = format_document_money(terms["credit_limit"])
    return [
        (
            "1. Предмет договора",
            [
                "1.1. Платформа предоставляет Партнёру право активировать платные подписки на "
                "CRM-систему (далее — «Подписки») для аккаунтов клиентов Партнёра, а Партнёр "
                "оплачивает активированные Подписки в порядке и в сроки, установленные договором.",
                "1.2. Партнёр оформляет заказ в разделе «Магазин» партнёрского кабинета: выбирает "
                "аккаунт клиента, тариф, число пользователей и срок Подписки (6, 9, 12 или 24 "
                "месяца). Подписка активируется в момент подтверждения заказа.",
            ],
        ),
        (
            "2. Цены и порядок расчётов",
            [
                "2.1. Стоимость Подписки рассчитывается по тарифам Платформы, действующим на дату "
                "заказа, и показывается Партнёру до подтверждения заказа.",
                "2.2. На каждый заказ Платформа выставляет счёт. Партнёр оплачивает счёт "
                f"в течение {due_days} календарных дней с даты его выставления.",
                f"2.3. Общая сумма неоплаченных счетов Партнёра не может превышать кредитный лимит "
                f"{limit}. Заказ, с которым лимит был бы превышен, не принимается.",
                f"2.4. {platform.vat_note}.",
            ],
        ),
        (
            "3. Ответственность сторон",
            [
                "3.1. За неисполнение или ненадлежащее исполнение обязательств Стороны отвечают "
                "в соответствии с законодательством Российской Федерации.",
                "3.2. При просрочке оплаты счёта Платформа вправе не принимать новые заказы "
                "Партнёра до погашения задолженности.",
            ],
        ),
        (
            "4. Срок действия и прочие условия",
            [
                "4.1. Договор вступает в силу с даты подписания и действует один год. Он "
                "продлевается на каждый следующий год, если ни одна из Сторон не заявит о его "
                "прекращении не позднее чем за 30 дней до окончания срока.",
                "4.2. Споры разрешаются путём переговоров, а при недостижении согласия — "
                "в арбитражном суде по месту нахождения Платформы.",
                "4.3. Договор составлен в двух экземплярах, имеющих одинаковую юридическую силу, "
                "по одному для каждой из Сторон.",
            ],
        ),
    ]


def render_contract(number: str, date_text: str, snapshot: Mapping[str, Any]) -> bytes:
    partner = Requisites.from_dict(snapshot["partner"])
    platform = Platform.from_dict(snapshot["platform"])
    terms = snapshot["terms"]
    title = f"ПАРТНЁРСКИЙ ДОГОВОР № {number}"
    pdf = new_document(title)
    width = pdf.epw

    pdf.set_font(FONT, "B", 15)
    pdf.cell(width, 9, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)
    pdf.ln(2)
    pdf.cell(width / 2, 6, f"г. {platform.city}")
    pdf.cell(width / 2, 6, date_text, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    preamble = (
        f"{_party_clause(platform.requisites, 'Платформа', True)}, с одной стороны, и "
        f"{_party_clause(partner, 'Партнёр', False)}, с другой стороны, вместе именуемые "
        "«Стороны», заключили настоящий договор о нижеследующем."
    )
    pdf.multi_cell(width, 5.4, preamble, align="J", new_x="LMARGIN", new_y="NEXT")

    for heading, paragraphs in _sections(terms, platform):
        pdf.ln(3)
        pdf.set_font(FONT, "B", 11)
        pdf.cell(width, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10.5)
        for paragraph in paragraphs:
            pdf.multi_cell(width, 5.4, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)

    pdf.ln(3)
    if pdf.get_y() > pdf.h - 90:  # keep the heading with the requisites table
        pdf.add_page()
    pdf.set_font(FONT, "B", 11)
    pdf.cell(width, 7, "5. Реквизиты и подписи Сторон", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9.5)
    heading_style = FontFace(emphasis="BOLD", fill_color=(238, 242, 248))
    with pdf.table(
        col_widths=(1, 1),
        line_height=5,
        headings_style=heading_style,
        text_align="LEFT",
        padding=2,
    ) as table:
        header = table.row()
        header.cell("Платформа")
        header.cell("Партнёр")
        body = table.row()
        body.cell("\n".join(party_lines(platform.requisites)))
        body.cell("\n".join(party_lines(partner)))
        signatures = table.row()
        signatures.cell("\n".join(signature_lines(platform.requisites)))
        signatures.cell("\n".join(signature_lines(partner)))
    return bytes(pdf.output())
