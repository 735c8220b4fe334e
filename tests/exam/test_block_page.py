"""What a block page shows: links to every block, and each question with its options."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import html

from .helpers import answer, items, start


def test_navigation_links_lead_to_every_block(client, login, candidate):
    login(candidate)
    attempt = start(client)
    page_url = f"http://localhost/exam/attempts/{attempt.id}/blocks/3"
    page = html.fromstring(client.get(page_url).get_data(as_text=True))
    links = page.xpath("//ol[@class='map-blocks']/li/a")

    assert len(links) == len({item.block_index for item in items(attempt)})
    assert [link.get("aria-current") == "page" for link in links] == [n == 3 for n in range(1, 10)]
    for number, link in enumerate(links, start=1):
        target = urljoin(page_url, link.get("href"))
        assert target == f"http://localhost/exam/attempts/{attempt.id}/blocks/{number}"
        shown = html.fromstring(client.get(target).get_data(as_text=True))
        assert shown.get_element_by_id("questions").text_content() == (
            f"Блок {number} из 9: {link.text_content()}"
        )


def test_questions_show_their_options_in_the_attempts_order(client, login, candidate):
    login(candidate)
    attempt = start(client)
    all_items = items(attempt)
    block = [item for item in all_items if item.block_index == 1]
    chosen = block[1]
    answer(client, attempt.id, chosen.question_id, chosen.option_order[-1])

    page = html.fromstring(
        client.get(f"/exam/attempts/{attempt.id}/blocks/2").get_data(as_text=True)
    )

    for item in block:
        fieldset = page.get_element_by_id(f"q-{item.question_id}")
        # Numbered through the whole attempt, as on the map and the result page.
        number = all_items.index(item) + 1
        assert fieldset.find_class("q-number")[0].text_content() == f"Вопрос {number}"
        radios = fieldset.xpath(".//input[@type='radio']")
        assert [radio.get("value") for radio in radios] == item.option_order
        assert [label.find("span").text_content() for label in fieldset.iter("label")] == [
            item.version.option_text(option) for option in item.option_order
        ]
        checked = [radio.get("value") for radio in radios if radio.get("checked") is not None]
        assert checked == ([item.option_order[-1]] if item is chosen else [])
