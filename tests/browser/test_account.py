"""A citizen's account in a real browser: register, confirm the address by
the link in the e-mail the server wrote, sign in and out, a forgotten
password, and every form filled wrongly; each page checked by axe-core and
photographed at phone and desktop widths."""

import re
import uuid

from playwright.sync_api import expect

from conftest import check_accessibility, screenshot

PASSWORD = "một câu đủ dài để nhớ"


def new_address():
    return f"binh-{uuid.uuid4().hex[:8]}@example.vn"


def register(page, server, address):
    page.goto(server.url + "/dang-ky")
    page.get_by_label("Cá nhân").check()
    page.get_by_label("Họ và tên").fill("Trần Thị Bình")
    page.get_by_label("Địa chỉ email").fill(address)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page).to_have_url(server.url + "/dang-ky/kiem-tra-email")


def sign_in(page, address, password=PASSWORD):
    page.get_by_label("Địa chỉ email").fill(address)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_citizen_registers_confirms_by_the_emailed_link_signs_in_and_out(server, page):
    address = new_address()
    page.goto(server.url + "/")
    page.get_by_role("navigation").get_by_role("link", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    check_accessibility(page)
    screenshot(page, "sign-in")
    page.get_by_role("link", name="Đăng ký tài khoản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản")
    check_accessibility(page)
    screenshot(page, "register")

    register(page, server, address)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra hộp thư của bạn")
    check_accessibility(page)
    screenshot(page, "register-check-email")

    page.goto(server.mail_link(address, "/xac-thuc-email"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã xác nhận địa chỉ email")
    check_accessibility(page)
    screenshot(page, "email-verified")

    page.get_by_role("link", name="Đăng nhập").last.click()
    sign_in(page, address)
    expect(page).to_have_url(server.url + "/tai-khoan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Trần Thị Bình")
    expect(page.get_by_role("navigation").get_by_role("link", name="Tài khoản")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "account")

    page.get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")
    expect(page.get_by_text("Bạn chưa có hồ sơ nào")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "my-dossiers-empty")
    # A draft started elsewhere (through the API) shows here.
    status, body = server.api("POST", "/api/v1/citizens/login", {"email": address, "password": PASSWORD})
    assert status == 200, body
    status, body = server.api(
        "POST",
        "/api/v1/me/dossiers",
        {
            "procedure_code": "1.001612",
            "agency_code": "000.25.01.H26",
            "applicant": {
                "full_name": "Trần Thị Bình",
                "id_number": "001190012345",
                "birth_date": "1990-02-03",
                "address": "5 Hàng Bông, phường Hoàn Kiếm, Hà Nội",
            },
            "result_delivery": {"method": "online"},
        },
        token=body["access_token"],
    )
    assert status == 201, body
    page.reload()
    expect(page.get_by_role("status")).to_have_text("1 hồ sơ")
    expect(page.get_by_text("Bản nháp, chưa nộp")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "my-dossiers")
    page.get_by_role("link", name="Tài khoản").first.click()

    # The back button after signing out shows no page of the account: the
    # page was never cached and the session is over.
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("status")).to_have_text("Bạn đã đăng xuất.")
    page.goto(server.url + "/tai-khoan")
    expect(page).to_have_url(re.compile(r"/dang-nhap\?tiep=%2Ftai-khoan$"))


def test_the_registration_form_says_what_is_wrong_at_the_top_and_at_each_field(server, page):
    page.goto(server.url + "/dang-ky")
    page.get_by_label("Tổ chức, doanh nghiệp").check()
    page.get_by_label("Họ và tên").fill("Lê Văn Cường")
    page.get_by_label("Mã số thuế").fill("12345")
    page.get_by_label("Địa chỉ email").fill("cuong@")
    page.get_by_label("Mật khẩu", exact=True).fill("ngắn")
    page.get_by_role("button", name="Đăng ký").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Có lỗi cần sửa")
    expect(page).to_have_title(re.compile("^Lỗi: Đăng ký tài khoản"))
    for text in ["Nhập tên tổ chức", "Mã số thuế gồm 10 chữ số", "Nhập địa chỉ email đúng dạng", "Mật khẩu cần ít nhất 10 ký tự"]:
        expect(summary.get_by_role("link", name=re.compile(text))).to_be_visible()
    # What was typed is still there, and the organisation still chosen.
    expect(page.get_by_label("Họ và tên")).to_have_value("Lê Văn Cường")
    expect(page.get_by_label("Tổ chức, doanh nghiệp")).to_be_checked()
    expect(page.get_by_label("Mật khẩu", exact=True)).to_have_value("")
    # Each message is read with its field.
    tax_code = page.get_by_label("Mã số thuế")
    expect(tax_code).to_have_attribute("aria-invalid", "true")
    expect(tax_code).to_have_accessible_description(re.compile("Mã số thuế gồm 10 chữ số"))
    check_accessibility(page)
    screenshot(page, "register-errors")
    # The summary's links lead to the fields.
    summary.get_by_role("link", name=re.compile("Nhập địa chỉ email")).click()
    expect(page.get_by_label("Địa chỉ email")).to_be_focused()


def test_a_forgotten_password_is_set_again_by_the_emailed_link(server, page):
    address = new_address()
    register(page, server, address)
    page.goto(server.mail_link(address, "/xac-thuc-email"))

    page.goto(server.url + "/dang-nhap")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    check_accessibility(page)
    screenshot(page, "forgotten-password")
    page.get_by_label("Địa chỉ email").fill(address)
    page.get_by_role("button", name="Gửi liên kết").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra hộp thư của bạn")

    page.goto(server.mail_link(address, "/dat-lai-mat-khau"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đặt mật khẩu mới")
    page.get_by_label("Mật khẩu mới").fill("mật khẩu mới rất dài")
    page.get_by_label("Nhập lại mật khẩu").fill("một mật khẩu khác")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.get_by_role("alert")).to_contain_text("Hai mật khẩu bạn nhập không giống nhau")
    check_accessibility(page)
    screenshot(page, "reset-password-errors")
    page.get_by_label("Mật khẩu mới").fill("mật khẩu mới rất dài")
    page.get_by_label("Nhập lại mật khẩu").fill("mật khẩu mới rất dài")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.get_by_role("status")).to_have_text("Đã đổi mật khẩu. Hãy đăng nhập bằng mật khẩu mới.")

    sign_in(page, address, PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Địa chỉ email hoặc mật khẩu không đúng")
    expect(page.get_by_label("Địa chỉ email")).to_have_value(address)
    check_accessibility(page)
    screenshot(page, "sign-in-errors")
    sign_in(page, address, "mật khẩu mới rất dài")
    expect(page).to_have_url(server.url + "/tai-khoan")


def test_signing_in_works_with_javascript_off(server, browser):
    address = new_address()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    register(page, server, address)
    page.goto(server.mail_link(address, "/xac-thuc-email"))
    page.goto(server.url + "/tai-khoan")
    expect(page).to_have_url(re.compile(r"/dang-nhap\?tiep="))
    sign_in(page, address)
    expect(page).to_have_url(server.url + "/tai-khoan")
    context.close()


def test_the_password_change_the_stale_form_and_english_pages_read_well(server, page):
    address = new_address()
    register(page, server, address)
    page.goto(server.mail_link(address, "/xac-thuc-email"))
    page.goto(server.url + "/dang-nhap")
    sign_in(page, address)
    page.get_by_role("link", name="Đổi mật khẩu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đổi mật khẩu")
    page.get_by_label("Mật khẩu hiện tại").fill("không đúng mật khẩu")
    page.get_by_label("Mật khẩu mới").fill("mật khẩu mới rất dài")
    page.get_by_label("Nhập lại mật khẩu").fill("mật khẩu mới rất dài")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.get_by_role("alert")).to_contain_text("Mật khẩu hiện tại không đúng")
    check_accessibility(page)
    screenshot(page, "change-password-errors")

    # A form whose token the browser no longer has: said plainly, nothing done.
    page.context.clear_cookies(name="csrf")
    page.get_by_label("Mật khẩu hiện tại").fill(PASSWORD)
    page.get_by_label("Mật khẩu mới").fill("mật khẩu mới rất dài")
    page.get_by_label("Nhập lại mật khẩu").fill("mật khẩu mới rất dài")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Biểu mẫu đã hết hạn")
    check_accessibility(page)
    screenshot(page, "stale-form")

    # In English, the same forms say the same in English.
    page.goto(server.url + "/ngon-ngu/en?tiep=/tai-khoan/mat-khau")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change password")
    page.get_by_role("button", name="Save new password").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your current password")
    check_accessibility(page)
    screenshot(page, "change-password-english")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("mật khẩu mới rất dài")
    page.get_by_label("Confirm password").fill("mật khẩu mới rất dài")
    page.get_by_role("button", name="Save new password").click()
    expect(page.get_by_role("status")).to_have_text("Your password has been changed. Sign in with your new password.")
