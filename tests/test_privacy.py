"""The privacy policy page: the operator's file, a clear page without it, and the links to it."""

from __future__ import annotations

import pytest


@pytest.fixture
def policy_file(tmp_path, app_config):
    path = tmp_path / "privacy.md"
    app_config["PRIVACY_POLICY_FILE"] = str(path)
    return path


def test_the_shipped_policy_is_shown(client):
    response = client.get("/privacy")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Политика конфиденциальности</h1>" in page
    assert "<h2>Какие данные мы получаем</h2>" in page
    assert "The site&#39;s operator edits this file" not in page  # the file's comment


def test_the_operators_file_is_rendered_safely(policy_file, client):
    policy_file.write_text(
        '## Оператор\n\nООО «Пример», <a href="javascript:alert(1)">почта</a>'
        "<script>alert(2)</script>\n\n- пункт\n",
        encoding="utf-8",
    )
    page = client.get("/privacy").get_data(as_text=True)
    assert "<h2>Оператор</h2>" in page
    assert "ООО «Пример»" in page and "<li>пункт</li>" in page
    assert "javascript:" not in page and "alert(2)" not in page
    # Edits show without a restart.
    policy_file.write_text("Новая редакция.", encoding="utf-8")
    assert "Новая редакция." in client.get("/privacy").get_data(as_text=True)


@pytest.mark.parametrize("content", [None, "", b"\xff\xfe not utf-8"])
def test_a_missing_or_broken_file_gives_a_clear_page(policy_file, client, caplog, content):
    if isinstance(content, bytes):
        policy_file.write_bytes(content)
    elif content is not None:
        policy_file.write_text(content, encoding="utf-8")
    response = client.get("/privacy")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "<h1>Политика конфиденциальности</h1>" in page
    assert "Текст политики конфиденциальности сейчас недоступен" in page
    assert str(policy_file) in caplog.text  # the operator learns which file from the log


def test_the_lead_forms_consent_box_links_to_the_policy(client):
    page = client.get("/request").get_data(as_text=True)
    consent = page[page.index('id="consent"') :]
    consent = consent[: consent.index("</div>")]
    assert 'href="/privacy"' in consent
    assert "Политика конфиденциальности" in consent


def test_every_page_links_to_the_policy_in_its_footer(client):
    for path in ("/", "/auth/register"):
        page = client.get(path).get_data(as_text=True)
        footer = page[page.index('<footer class="site-footer">') :]
        assert 'href="/privacy"' in footer
