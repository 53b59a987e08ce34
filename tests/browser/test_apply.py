"""Applying online in a real browser: from the procedure's page, the
applicant pre-filled from the account, a file per document, check your
answers, submit (a double click makes one dossier), the confirmation; and
the same journey with JavaScript off."""

import pathlib
import re
import tempfile
import uuid

from playwright.sync_api import expect

from conftest import check_accessibility, screenshot
from test_account import PASSWORD, register, sign_in

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def signed_in(page, server):
    address = f"apply-{uuid.uuid4().hex[:8]}@example.vn"
    register(page, server, address)
    page.goto(server.mail_link(address, "/xac-thuc-email"))
    page.goto(server.url + "/dang-nhap")
    sign_in(page, address)
    expect(page).to_have_url(server.url + "/tai-khoan")
    return address


def a_file(name, content):
    folder = pathlib.Path(tempfile.mkdtemp(prefix="motcua-upload-"))
    path = folder / name
    path.write_bytes(content)
    return str(path)


def apply(page, server, photos=True):
    """Applies for a household business from its catalogue page: the code."""
    page.goto(server.url + "/thu-tuc/1.001612")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông tin người nộp hồ sơ")
    expect(page.get_by_label("Họ và tên")).to_have_value("Trần Thị Bình")
    if photos:
        check_accessibility(page)
        screenshot(page, "apply-applicant")

    # Mistakes first: said at the top and at each field, what was typed kept.
    page.get_by_label("Số định danh cá nhân").fill("12345")
    page.get_by_label("Địa chỉ", exact=True).fill("5 Hàng Bông, phường Hoàn Kiếm, Hà Nội")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Số định danh cá nhân gồm đúng 12 chữ số")).to_be_visible()
    expect(summary.get_by_role("link", name="Chọn cách nhận kết quả")).to_be_visible()
    expect(page.get_by_label("Địa chỉ", exact=True)).to_have_value("5 Hàng Bông, phường Hoàn Kiếm, Hà Nội")
    if photos:
        check_accessibility(page)
        screenshot(page, "apply-applicant-errors")

    page.get_by_label("Số định danh cá nhân").fill("001190012345")
    page.get_by_label("Ngày sinh (không bắt buộc)").fill("03/02/1990")
    page.get_by_label("Nhận bản điện tử trên cổng dịch vụ công").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page).to_have_url(re.compile(r"/ho-so-cua-toi/[0-9a-f-]+$"))
    expect(page.get_by_role("heading", level=2, name="2. Giấy tờ")).to_be_visible()

    # A file that is no document is refused at its field.
    first = page.locator("#tai-lieu-0")
    first.get_by_label(re.compile("^Chọn tệp")).set_input_files(a_file("ghi-chu.pdf", b"not a pdf at all"))
    first.get_by_role("button", name=re.compile("^Tải lên")).click()
    expect(page.locator("#file-0-error")).to_have_text("Tệp phải là PDF, JPG hoặc PNG")
    if photos:
        check_accessibility(page)
        screenshot(page, "apply-upload-error")
    page.locator("#tai-lieu-0").get_by_label(re.compile("^Chọn tệp")).set_input_files(
        [a_file("Đơn đề nghị trang 1.pdf", PDF), a_file("Đơn đề nghị trang 2.pdf", PDF)]
    )
    page.locator("#tai-lieu-0").get_by_role("button", name=re.compile("^Tải lên")).click()
    expect(page.get_by_role("status")).to_have_text("Đã tải tệp lên.")
    expect(page.get_by_role("link", name="Đơn đề nghị trang 2.pdf")).to_be_visible()
    if photos:
        check_accessibility(page)
        screenshot(page, "apply-documents")

    page.get_by_role("link", name="Kiểm tra và nộp", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra và nộp hồ sơ")
    expect(page.get_by_text("001190012345")).to_be_visible()
    if photos:
        check_accessibility(page)
        screenshot(page, "apply-check")
    # A double click submits once.
    page.get_by_role("button", name="Nộp hồ sơ").dblclick()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ")
    code = page.locator(".code").inner_text()
    if photos:
        check_accessibility(page)
        screenshot(page, "apply-submitted")
    return code


def test_a_citizen_applies_online_from_the_procedure_page(server, page):
    signed_in(page, server)
    code = apply(page, server)
    # The back button and a second submission: still one dossier.
    page.go_back()
    page.goto(server.url + "/ho-so-cua-toi")
    expect(page.get_by_role("status")).to_have_text("1 hồ sơ")
    expect(page.get_by_text(code)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "my-dossiers-submitted")
    page.get_by_role("link", name="Đăng ký thành lập hộ kinh doanh").click()
    expect(page.locator(".status-panel .status")).to_have_text("Đã nộp trực tuyến, chờ tiếp nhận")
    check_accessibility(page)
    screenshot(page, "application-submitted")


def test_applying_works_with_javascript_off(server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.width_name = "phone-nojs"
    signed_in(page, server)
    code = apply(page, server, photos=False)
    assert code.startswith("000.25.01.H26-"), code
    context.close()


def test_the_fee_is_paid_in_the_sandbox_bank_and_the_result_rated(server, page):
    signed_in(page, server)
    code = apply(page, server, photos=False)
    clerk = server.login("clerk")
    for action, body in [("accept", {}), ("request-payment", {})]:
        status, dossier = server.api("GET", f"/api/v1/dossiers/{code}", token=clerk)
        assert status == 200, dossier
        status, answer = server.api(
            "POST", f"/api/v1/dossiers/{code}/{action}", dict(body, version=dossier["version"]), token=clerk
        )
        assert status == 200, answer
    page.get_by_role("link", name="Xem hồ sơ").click()
    expect(page.locator(".status-panel .status")).to_have_text("Chờ nộp phí")
    check_accessibility(page)
    screenshot(page, "application-fee")
    page.get_by_role("button", name="Nộp phí trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ngân hàng thử nghiệm")
    check_accessibility(page)
    screenshot(page, "sandbox-bank")
    page.get_by_role("button", name="Thanh toán").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã thanh toán")
    check_accessibility(page)
    screenshot(page, "payment-result")

    # Staff finish with the result file.
    specialist = server.login("specialist")
    status, units = server.api("GET", "/api/v1/agencies/000.25.01.H26/units", token=clerk)
    assert status == 200, units
    units = units if isinstance(units, list) else units["items"]
    unit = next(u for u in units if u["name"].startswith("Phòng Kinh tế"))
    status, me = server.api("GET", "/api/v1/me", token=specialist)
    assert status == 200, me
    status, dossier = server.api("GET", f"/api/v1/dossiers/{code}", token=clerk)
    status, answer = server.api(
        "POST",
        f"/api/v1/dossiers/{code}/assign",
        {"version": dossier["version"], "unit_id": unit["id"], "assignee_id": me["id"]},
        token=clerk,
    )
    assert status == 200, answer
    server.put_file(f"/api/v1/dossiers/{code}/result-files", "giay-chung-nhan.pdf", PDF, specialist)
    # The leader signs: the procedure's plan decides at the leader's step.
    leader = server.login("leader")
    status, leader_me = server.api("GET", "/api/v1/me", token=leader)
    office = next(u for u in units if u["name"] == "Văn phòng HĐND và UBND")
    status, dossier = server.api("GET", f"/api/v1/dossiers/{code}", token=specialist)
    status, answer = server.api(
        "POST",
        f"/api/v1/dossiers/{code}/hand-over",
        {"version": dossier["version"], "unit_id": office["id"], "assignee_id": leader_me["id"]},
        token=specialist,
    )
    assert status == 200, answer
    status, answer = server.api(
        "POST",
        f"/api/v1/dossiers/{code}/finish",
        {"version": answer["version"], "summary": "Cấp giấy chứng nhận"},
        token=leader,
    )
    assert status == 200, answer

    page.get_by_role("link", name="Xem hồ sơ").click()
    expect(page.get_by_role("link", name="giay-chung-nhan.pdf")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="giay-chung-nhan.pdf").click()
    assert download.value.suggested_filename == "giay-chung-nhan.pdf"
    # The rating, with one criterion forgotten first.
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("alert")).to_contain_text("Chọn mức đánh giá cho tiêu chí 1: Tổng thời gian")
    for criterion in page.locator("fieldset:has(legend.question)").all():
        criterion.get_by_label("Rất hài lòng").check()
    check_accessibility(page)
    screenshot(page, "application-rating")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("status")).to_have_text("Cảm ơn bạn đã đánh giá.")
    expect(page.get_by_text("18/18 điểm")).to_be_visible()


def test_a_supplement_round_in_the_browser(server, page):
    signed_in(page, server)
    code = apply(page, server, photos=False)
    clerk = server.login("clerk")
    status, dossier = server.api("GET", f"/api/v1/dossiers/{code}", token=clerk)
    status, answer = server.api(
        "POST",
        f"/api/v1/dossiers/{code}/request-supplement",
        {"version": dossier["version"], "items": ["Biên bản họp thành viên hộ gia đình có chữ ký"]},
        token=clerk,
    )
    assert status == 200, answer
    page.get_by_role("link", name="Xem hồ sơ").click()
    expect(page.get_by_role("heading", name="Bổ sung giấy tờ")).to_be_visible()
    expect(page.get_by_text("Biên bản họp thành viên hộ gia đình có chữ ký")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "application-supplement")
    page.locator("#tai-lieu-1").get_by_label(re.compile("^Chọn tệp")).set_input_files(a_file("bien-ban.pdf", PDF))
    page.locator("#tai-lieu-1").get_by_role("button", name=re.compile("^Tải lên")).click()
    expect(page.get_by_role("status")).to_have_text("Đã tải tệp lên.")
    page.get_by_role("link", name="Kiểm tra và nộp", exact=True).click()
    page.get_by_role("button", name="Nộp bổ sung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ")
    expect(page.locator(".code")).to_have_text(code)
