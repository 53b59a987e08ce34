"""The public side in a real browser: find a procedure, read it, look a
dossier up, switch language; every page checked by axe-core and
photographed at phone and desktop widths."""

import re

from playwright.sync_api import expect

from conftest import check_accessibility, screenshot


def test_a_citizen_finds_a_procedure_from_the_home_page_without_diacritics(server, page):
    page.goto(server.url + "/")
    expect(page).to_have_title(re.compile("Dịch vụ công một cửa"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dịch vụ công một cửa")
    check_accessibility(page)
    screenshot(page, "home")

    page.get_by_label("Tên thủ tục, lĩnh vực hoặc mã thủ tục").fill("ho kinh doanh")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page).to_have_url(re.compile(r"/thu-tuc\?q=ho\+kinh\+doanh"))
    result = page.get_by_role("link", name="Đăng ký thành lập hộ kinh doanh")
    expect(result).to_be_visible()
    check_accessibility(page)
    screenshot(page, "catalogue-search")

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký thành lập hộ kinh doanh")
    expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    expect(page.get_by_text("ngày làm việc").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "procedure")


def test_the_catalogue_filters_by_field_and_pages_through_the_rest(server, page):
    page.goto(server.url + "/thu-tuc")
    check_accessibility(page)
    screenshot(page, "catalogue")
    total = page.get_by_role("status").inner_text()
    field = page.get_by_label("Lĩnh vực", exact=True)
    options = field.locator("option").all_inner_texts()
    assert len(options) > 2, options
    field.select_option(label=options[1])
    page.get_by_role("button", name="Lọc kết quả").click()
    expect(page.get_by_role("status")).not_to_have_text(total)
    expect(page.get_by_role("link", name="Bỏ lọc")).to_be_visible()
    for item in page.locator(".results .meta li:nth-child(2)").all_inner_texts():
        assert item == options[1]


def test_anyone_looks_a_dossier_up_by_its_code(server, page):
    code = server.receive_dossier()
    page.goto(server.url + "/")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page).to_have_url(server.url + "/tra-cuu/" + code)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ " + code)
    expect(page.locator(".status-panel .status")).to_have_text("Đã tiếp nhận")
    expect(page.get_by_text("Ngày hẹn trả kết quả")).to_be_visible()
    expect(page.get_by_text("Nguyễn V** A**")).to_be_visible()
    body = page.locator("body").inner_text()
    for secret in ["001203004567", "0912345678", "an.nguyen@example.vn", "Nguyễn Văn An"]:
        assert secret not in body
    check_accessibility(page)
    screenshot(page, "lookup-dossier")

    # The due date explains itself, folded until asked.
    explanation = page.get_by_text("Thời hạn giải quyết 3 ngày làm việc, tính từ")
    expect(explanation).to_be_hidden()
    page.get_by_text("Cách tính ngày hẹn").click()
    expect(explanation).to_be_visible()
    expect(page.get_by_text("Tính theo ngày làm việc:")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "lookup-dossier-clock")


def test_an_unknown_code_and_an_empty_form_explain_what_to_do(server, page):
    page.goto(server.url + "/tra-cuu")
    check_accessibility(page)
    screenshot(page, "lookup")
    page.get_by_role("button", name="Tra cứu").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Nhập mã hồ sơ in trên giấy tiếp nhận")
    # The summary's link takes the keyboard to the field.
    summary.get_by_role("link").click()
    expect(page.get_by_label("Mã hồ sơ")).to_be_focused()
    check_accessibility(page)

    page.get_by_label("Mã hồ sơ").fill("000.25.01.H26-260302-9999")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".error-summary")).to_contain_text("Không có hồ sơ nào mang mã 000.25.01.H26-260302-9999.")
    expect(page.get_by_label("Mã hồ sơ")).to_have_value("000.25.01.H26-260302-9999")
    expect(page.get_by_label("Mã hồ sơ")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)
    screenshot(page, "lookup-unknown")


def test_the_lookup_works_with_javascript_off(server, browser):
    code = server.receive_dossier()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server.url + "/tra-cuu")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".status-panel .status")).to_have_text("Đã tiếp nhận")
    context.close()


def test_english_is_one_click_away_and_stays_chosen(server, page):
    page.goto(server.url + "/thu-tuc?q=ho")
    page.get_by_role("link", name="Switch to English").click()
    expect(page).to_have_url(server.url + "/thu-tuc?q=ho")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Procedures")
    page.get_by_role("link", name="Track a dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Track a dossier")
    check_accessibility(page)
    screenshot(page, "lookup-english")
    page.get_by_role("link", name="Chuyển sang tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_a_wrong_address_is_a_page_with_a_way_home(server, page):
    response = page.goto(server.url + "/khong-co-trang-nay")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    check_accessibility(page)
    screenshot(page, "not-found")
    page.get_by_role("link", name="Về trang chủ").click()
    expect(page).to_have_url(server.url + "/")


def test_keyboard_users_skip_to_the_content_and_see_where_they_are(server, page):
    page.goto(server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Tên thủ tục, lĩnh vực hoặc mã thủ tục")).to_be_focused()
