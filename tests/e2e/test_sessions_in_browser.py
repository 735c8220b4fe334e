"""In Chromium: cookies copied to another browser stop working once the owner logs out."""

from __future__ import annotations


def test_logout_ends_a_copied_session(browser, live_server, page, login_in_browser, shots):
    login_in_browser(page)
    page.goto("/auth/account")
    assert page.get_by_role("heading", name="Где выполнен вход").is_visible()
    stolen = page.context.cookies()
    assert any(cookie["name"] == "session" for cookie in stolen)

    thief = browser.new_context(base_url=live_server, locale="ru-RU")
    try:
        thief.add_cookies(stolen)
        other = thief.new_page()
        other.goto("/auth/account")
        assert other.url.endswith("/auth/account")
        shots(other, "copied-cookie-works-while-signed-in")

        page.get_by_role("button", name="Выйти").click()
        page.get_by_role("link", name="Войти").first.wait_for()

        other.goto("/auth/account")
        assert "/auth/login" in other.url
        shots(other, "copied-cookie-refused-after-logout")
    finally:
        thief.close()
