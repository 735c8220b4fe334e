"""What a block page shows: links to every block, and each question with its options."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from .helpers import answer, items, start

NAV_LINK = re.compile(r'<a href="([^"]*)"\s*(aria-current="page")?>([^<]*)</a>')


def test_navigation_links_lead_to_every_block(client, login, candidate):
    login(candidate)
    attempt = start(client)
    page_url = f"http://localhost/exam/attempts/{attempt.id}/blocks/3"
    page = client.get(page_url).get_data(as_text=True)
    block_list = page.split('<nav class="block-nav"')[1].split("</ol>")[0]
    links = NAV_LINK.findall(block_list)

    assert len(links) == len({item.block_index for item in items(attempt)})
    assert [bool(current) for _, current, _ in links] == [n == 3 for n in range(1, 10)]
    for number, (href, _, title) in enumerate(links, start=1):
        target = urljoin(page_url, href)
        assert target == f"http://localhost/exam/attempts/{attempt.id}/blocks/{number}"
        shown = client.get(target).get_data(as_text=True)
        assert f"Блок {number} из 9: {title}</h1>" in shown


def test_questions_show_their_options_in_the_attempts_order(client, login, candidate):
    login(candidate)
    attempt = start(client)
    block = [item for item in items(attempt) if item.block_index == 0]
    chosen = block[1]
    answer(client, attempt.id, chosen.question_id, chosen.option_order[2])

    page = client.get(f"/exam/attempts/{attempt.id}/blocks/1").get_data(as_text=True)

    for number, item in enumerate(block, start=1):
        fieldset = page.split(f'id="q-{item.question_id}">')[1].split("</fieldset>")[0]
        assert f"Вопрос {number}</span>" in fieldset
        shown = re.findall(r'value="(\w+)"\s*(checked)?>\s*<span>([^<]*)</span>', fieldset)
        assert [option for option, _, _ in shown] == item.option_order
        assert [html.unescape(text) for _, _, text in shown] == [
            item.version.option_text(option) for option in item.option_order
        ]
        checked = [option for option, mark, _ in shown if mark]
        assert checked == ([item.option_order[2]] if item is chosen else [])
