"""The staff workspace in a real browser: signing in, the work queue and its
filters, a dossier's page and its actions from the counter to the result,
and two people acting on one dossier at once; each page checked by axe-core
and photographed at phone and desktop widths."""

import re
import urllib.parse

from playwright.sync_api import expect

from conftest import check_accessibility, screenshot

ECONOMY = "Phòng Kinh tế, Hạ tầng và Đô thị"
OFFICE = "Văn phòng HĐND và UBND"


def sign_in(page, server, username, then="/can-bo/ho-so"):
    page.goto(server.url + then)
    expect(page).to_have_url(re.compile(r"/can-bo/dang-nhap"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(server.url + then)


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()


def open_action(page, name):
    """Opens an action's form in the side column."""
    page.locator("details.action > summary", has_text=name).click()
    return page.locator("details.action[open]")


def test_a_clerk_signs_in_finds_a_dossier_in_the_queue_and_assigns_it(server, page):
    code = server.receive_dossier()
    page.goto(server.url + "/can-bo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập cán bộ")
    check_accessibility(page)
    screenshot(page, "staff-sign-in")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Nhập tên đăng nhập")
    check_accessibility(page)
    screenshot(page, "staff-sign-in-errors")
    page.get_by_label("Tên đăng nhập").fill("clerk")
    page.get_by_label("Mật khẩu").fill("sai mật khẩu")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("clerk")
    page.get_by_label("Mật khẩu").fill("demo")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ")
    expect(page.get_by_role("banner")).to_contain_text("Nguyễn Thị Lan")
    expect(page.get_by_role("banner")).to_contain_text("Công chức Bộ phận Một cửa")
    expect(page.get_by_role("link", name="Cả cơ quan")).to_have_attribute("aria-current", "page")
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text("Đăng ký thành lập hộ kinh doanh")
    expect(row).to_contain_text("Đã tiếp nhận")
    check_accessibility(page)
    screenshot(page, "staff-queue")

    # A filter filled wrongly is said at its field.
    page.get_by_text("Lọc hồ sơ").click()
    page.get_by_label("Mã thủ tục").fill("không phải mã")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Mã thủ tục")).to_have_value("không phải mã")
    check_accessibility(page)
    screenshot(page, "staff-queue-filter-error")
    page.get_by_label("Mã thủ tục").fill("1.001612")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.get_by_role("row").filter(has_text=code)).to_be_visible()

    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
    expect(page.get_by_text("001203004567")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "staff-dossier")

    form = open_action(page, "Phân công xử lý")
    form.get_by_label("Phòng").select_option(label=ECONOMY)
    form.get_by_label("Người xử lý").select_option(label=f"Lê Văn Minh – {ECONOMY}")
    form.get_by_label("Ghi chú").fill("Chuyển phòng Kinh tế thẩm định")
    check_accessibility(page)
    screenshot(page, "staff-dossier-assign")
    form.get_by_role("button", name="Phân công xử lý").click()
    expect(page.get_by_role("status")).to_have_text("Đã xong: Phân công xử lý.")
    expect(page.locator(".timeline")).to_contain_text("Chuyển phòng Kinh tế thẩm định")
    expect(page.locator(".summary").first).to_contain_text("Lê Văn Minh")
    sign_out(page)
    check_accessibility(page)


def test_a_case_officer_hands_over_the_leader_decides_and_the_clerk_returns_the_result(server, page):
    code = server.receive_dossier()
    server.assign_to_specialist(code)

    sign_in(page, server, "specialist")
    expect(page.get_by_role("link", name="Của tôi")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name=code).click()
    form = open_action(page, "Chuyển bước tiếp theo")
    form.get_by_label("Phòng").select_option(label=OFFICE)
    form.get_by_label("Người xử lý").select_option(label=f"Hoàng Đức Thắng – {OFFICE}")
    form.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.get_by_role("status")).to_have_text("Đã xong: Chuyển bước tiếp theo.")
    sign_out(page)

    sign_in(page, server, "leader", then=f"/can-bo/ho-so/{code}")
    form = open_action(page, "Hoàn thành, có kết quả")
    form.get_by_label("Số văn bản kết quả").fill("01A8012345")
    form.get_by_role("button", name="Hoàn thành, có kết quả").click()
    # Nothing written: the summary is missing, and said so where it goes.
    expect(page.get_by_role("alert")).to_contain_text("Nhập tóm tắt kết quả")
    expect(page.locator("#finish-document_number")).to_have_value("01A8012345")
    check_accessibility(page)
    screenshot(page, "staff-dossier-finish-error")
    page.get_by_role("alert").get_by_role("link").first.click()
    expect(page.locator("#finish-summary")).to_be_focused()
    page.keyboard.type("Cấp Giấy chứng nhận đăng ký hộ kinh doanh")
    page.locator("#finish").get_by_role("button", name="Hoàn thành, có kết quả").click()
    expect(page.get_by_role("status")).to_have_text("Đã xong: Hoàn thành, có kết quả.")
    expect(page.locator(".status-panel")).to_contain_text("Đã có kết quả")
    sign_out(page)

    sign_in(page, server, "clerk", then=f"/can-bo/ho-so/{code}")
    form = open_action(page, "Trả kết quả")
    form.get_by_label("Tại Bộ phận Một cửa").check()
    form.get_by_role("button", name="Trả kết quả").click()
    expect(page.get_by_role("status")).to_have_text("Đã xong: Trả kết quả.")
    expect(page.locator(".status-panel")).to_contain_text("Đã trả kết quả")
    expect(page.get_by_text("Bạn không có thao tác nào")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "staff-dossier-returned")


def test_two_clerks_on_one_dossier_the_second_is_told_what_changed_and_keeps_what_they_typed(server, browser, page):
    code = server.receive_dossier()
    sign_in(page, server, "clerk", then=f"/can-bo/ho-so/{code}")
    form = open_action(page, "Yêu cầu bổ sung")
    form.get_by_label("Nội dung cần bổ sung").fill("Bản sao hợp đồng thuê nhà\nGiấy uỷ quyền có chứng thực")

    # Meanwhile a colleague, in another browser, hands the dossier on.
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", bypass_csp=True)
    colleague = other.new_page()
    sign_in(colleague, server, "clerk", then=f"/can-bo/ho-so/{code}")
    assign = open_action(colleague, "Phân công xử lý")
    assign.get_by_label("Phòng").select_option(label=ECONOMY)
    assign.get_by_label("Ghi chú").fill("Phòng Kinh tế xem trước")
    assign.get_by_role("button", name="Phân công xử lý").click()
    expect(colleague.get_by_role("status")).to_have_text("Đã xong: Phân công xử lý.")
    other.close()

    form.get_by_role("button", name="Yêu cầu bổ sung").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Hồ sơ vừa được người khác thay đổi")
    expect(alert).to_contain_text("Phòng Kinh tế xem trước")
    expect(page.locator("#request-supplement-items")).to_have_value(
        "Bản sao hợp đồng thuê nhà\nGiấy uỷ quyền có chứng thực"
    )
    check_accessibility(page)
    screenshot(page, "staff-dossier-conflict")
    # Sent again on the dossier as it now is, it goes through.
    page.locator("#request-supplement").get_by_role("button", name="Yêu cầu bổ sung").click()
    expect(page.get_by_role("status")).to_have_text("Đã xong: Yêu cầu bổ sung.")
    expect(page.locator(".status-panel")).to_contain_text("Cần bổ sung giấy tờ")


def fill_applicant(page):
    page.get_by_label("Họ và tên").fill("Trần Thị Bình")
    page.get_by_label("Số định danh cá nhân").fill("001190012345")
    page.get_by_label("Ngày sinh").fill("02/09/1985")
    page.get_by_label("Số điện thoại").fill("0987654321")
    page.get_by_label("Địa chỉ", exact=True).fill("5 Tràng Thi, phường Hoàn Kiếm, Hà Nội")


def test_a_clerk_receives_at_the_counter_with_the_keyboard_and_prints_each_outcome(server, page):
    sign_in(page, server, "clerk")
    page.get_by_role("navigation").get_by_role("link", name="Tiếp nhận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ")
    expect(page.get_by_label("Tên hoặc mã thủ tục")).to_be_focused()
    page.keyboard.type("ho kinh doanh")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Đăng ký thành lập hộ kinh doanh")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "staff-counter-search")
    page.get_by_role("link", name="Đăng ký thành lập hộ kinh doanh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ")
    check_accessibility(page)
    screenshot(page, "staff-counter-form")

    # Filled wrongly: every mistake at its field, nothing lost.
    page.get_by_role("checkbox", name="Giấy đề nghị đăng ký hộ kinh doanh").check()
    page.get_by_label("Số định danh cá nhân").fill("12345")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nhập họ và tên")
    expect(alert).to_contain_text("Số định danh cá nhân gồm đúng 12 chữ số")
    expect(page.get_by_label("Số định danh cá nhân")).to_have_value("12345")
    expect(page.get_by_role("checkbox", name="Giấy đề nghị đăng ký hộ kinh doanh")).to_be_checked()
    check_accessibility(page)
    screenshot(page, "staff-counter-form-errors")

    fill_applicant(page)
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tiếp nhận hồ sơ")
    code = page.locator(".code").inner_text()
    assert code.startswith("000.25.01.H26-")
    check_accessibility(page)
    screenshot(page, "staff-counter-received")
    pdf = page.request.get(server.url + page.get_by_role("link", name="In giấy tiếp nhận (PDF)").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    page.get_by_role("link", name="Xem giấy tiếp nhận").click()
    expect(page.get_by_text(code).first).to_be_visible()
    page.go_back()

    # Missing the required form: the guidance, and no code used.
    page.get_by_role("link", name="Tiếp nhận hồ sơ khác").click()
    page.get_by_label("Tên hoặc mã thủ tục").fill("1.001612")
    page.keyboard.press("Enter")
    fill_applicant(page)
    page.get_by_label("Yêu cầu bổ sung thêm").fill("Xuất trình bản chính căn cước")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ chưa đủ: hướng dẫn bổ sung")
    check_accessibility(page)
    screenshot(page, "staff-counter-guidance")
    guidance = page.request.get(server.url + page.get_by_role("link", name="In phiếu hướng dẫn (PDF)").get_attribute("href"))
    assert guidance.status == 200 and guidance.body().startswith(b"%PDF")

    # Refused, with its reason.
    page.goto(server.url + "/can-bo/tiep-nhan/1.001612")
    page.get_by_role("checkbox", name="Giấy đề nghị đăng ký hộ kinh doanh").check()
    fill_applicant(page)
    page.get_by_text("Từ chối tiếp nhận", exact=True).first.click()
    page.get_by_label("Lý do từ chối").fill("Địa điểm kinh doanh không thuộc phường")
    page.get_by_role("button", name="Từ chối tiếp nhận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã từ chối tiếp nhận hồ sơ")
    check_accessibility(page)
    screenshot(page, "staff-counter-refused")
    page.get_by_role("link", name="Xem phiếu từ chối").click()
    expect(page.get_by_text("Địa điểm kinh doanh không thuộc phường")).to_be_visible()


def test_a_citizens_online_dossier_is_reviewed_and_accepted_here_then_seen_from_the_portal(server, browser, page):
    from test_apply import apply, signed_in as citizen_signed_in

    citizen_signed_in(page, server)
    code = apply(page, server, photos=False)

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", bypass_csp=True)
    clerk = staff.new_page()
    clerk.width_name = "desktop"
    sign_in(clerk, server, "clerk", then="/can-bo/ho-so?trang-thai=submitted")
    clerk.get_by_role("link", name=code).click()
    expect(clerk.get_by_role("heading", level=2, name="Tệp người nộp tải lên")).to_be_visible()
    expect(clerk.get_by_role("link", name="Đơn đề nghị trang 1.pdf")).to_be_visible()
    check_accessibility(clerk)
    screenshot(clerk, "staff-online-review")
    opened = clerk.request.get(server.url + clerk.get_by_role("link", name="Đơn đề nghị trang 1.pdf").get_attribute("href"))
    assert opened.status == 200 and opened.headers["content-type"] == "application/pdf"
    assert opened.headers["content-disposition"].startswith("inline")
    form = open_action(clerk, "Tiếp nhận hồ sơ")
    form.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(clerk.get_by_role("status")).to_have_text("Đã xong: Tiếp nhận hồ sơ.")
    expect(clerk.locator(".status-panel")).to_contain_text("Đã tiếp nhận")
    staff.close()

    page.goto(server.url + "/ho-so-cua-toi")
    mine = page.locator(".results > li").filter(has_text=code)
    expect(mine.locator(".tag")).to_have_text("Đã tiếp nhận")
    mine.get_by_role("link").first.click()
    expect(page.locator(".status-panel .status")).to_have_text("Đã tiếp nhận")


def test_a_leader_reads_the_dashboard_and_downloads_the_report(server, page):
    server.receive_dossier()
    sign_in(page, server, "leader")
    page.get_by_role("navigation").get_by_role("link", name="Báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chỉ số phục vụ")
    expect(page.locator(".figures")).to_contain_text("Hồ sơ tiếp nhận")
    expect(page.get_by_role("img", name="Tỷ lệ đúng hạn theo tháng (%)")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "staff-dashboard")
    page.get_by_role("link", name="Năm nay").click()
    expect(page.get_by_role("link", name="Năm nay")).to_have_attribute("aria-current", "page")
    workbook = page.request.get(server.url + page.get_by_role("link", name="Tải báo cáo (Excel)").get_attribute("href"))
    assert workbook.status == 200 and workbook.body().startswith(b"PK")
    page.get_by_label("Kỳ báo cáo").fill("quý bốn")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("alert")).to_contain_text("Nhập kỳ báo cáo")
    check_accessibility(page)
    screenshot(page, "staff-dashboard-error")


def test_a_late_dossiers_apology_is_written_signed_and_sent_on_a_training_installation(training_server, page):
    server, codes = training_server
    code = codes[page.width_name]
    status, dossier = server.api("GET", f"/api/v1/dossiers/{code}", token=server.login("clerk"))
    assert status == 200, dossier
    # Five working days after the appointment it replaces: a working instant
    # after the training clock's now.
    status, due = server.api("GET", "/api/v1/calendar/due?" + urllib.parse.urlencode({"from": dossier["due_at"], "working_days": 5}))
    assert status == 200, due
    new_day, new_time = due["due_local"][:10], due["due_local"][11:16]

    sign_in(page, server, "specialist", then="/can-bo/xin-loi")
    expect(page.locator(".training-clock")).to_contain_text("Hệ thống đào tạo: đồng hồ chạy trước thực tế 8 ngày")
    expect(page.get_by_role("link", name=re.compile("Cần viết"))).to_have_attribute("aria-current", "page")
    check_accessibility(page)
    screenshot(page, "staff-apologies-desk")
    page.get_by_role("link", name=code).click()
    expect(page.locator("#xin-loi")).to_contain_text("Bản nháp: cần ghi lý do và ngày hẹn mới")
    form = open_action(page, "Viết văn bản xin lỗi, hẹn lại")
    form.get_by_label("Lý do chưa trả được kết quả").fill("Cần xác minh địa điểm kinh doanh tại thực địa")
    form.get_by_role("button", name="Viết văn bản xin lỗi, hẹn lại").click()
    # No date: nothing written, the error where the date goes, the reason kept.
    expect(page.get_by_role("alert")).to_contain_text("Nhập ngày hẹn trả mới")
    expect(page.locator("#xin-loi-reason")).to_have_value("Cần xác minh địa điểm kinh doanh tại thực địa")
    check_accessibility(page)
    screenshot(page, "staff-apology-error")
    page.locator("#xin-loi-ngay").fill(new_day)
    page.locator("#xin-loi-gio").fill(new_time)
    page.locator("#xin-loi-viet").get_by_role("button", name="Viết văn bản xin lỗi, hẹn lại").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu văn bản xin lỗi; chờ lãnh đạo ký.")
    expect(page.locator("#xin-loi")).to_contain_text("Chờ lãnh đạo ký")
    sign_out(page)

    sign_in(page, server, "leader", then="/can-bo/xin-loi")
    expect(page.get_by_role("link", name=re.compile("Chờ ký"))).to_have_attribute("aria-current", "page")
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text("Cần xác minh địa điểm kinh doanh tại thực địa")
    check_accessibility(page)
    screenshot(page, "staff-apologies-to-sign")
    row.get_by_role("button", name="Ký văn bản xin lỗi").click()
    expect(page.get_by_role("status")).to_have_text("Đã ký văn bản xin lỗi; chờ Bộ phận Một cửa gửi.")
    expect(page.get_by_role("row").filter(has_text=code)).to_have_count(0)
    sign_out(page)

    sign_in(page, server, "clerk", then="/can-bo/xin-loi")
    expect(page.get_by_role("link", name=re.compile("Chờ gửi"))).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name=code).click()
    pdf = page.request.get(server.url + page.locator("#xin-loi").get_by_role("link", name="PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    page.get_by_role("button", name="Gửi người nộp, dời ngày hẹn").click()
    expect(page.get_by_role("status")).to_have_text("Đã gửi văn bản xin lỗi cho người nộp; ngày hẹn đã dời.")
    day = f"{new_day[8:10]}/{new_day[5:7]}/{new_day[0:4]}"
    expect(page.locator(".status-panel")).to_contain_text(day)
    expect(page.locator("#xin-loi")).to_contain_text("Đã gửi người nộp")
    check_accessibility(page)
    screenshot(page, "staff-apology-sent")
    page.get_by_role("link", name="Vì sao hẹn ngày này?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Thời hạn của hồ sơ {code}")
    expect(page.get_by_text("Dời ngày hẹn bằng văn bản xin lỗi")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "staff-clock")
    page.get_by_role("navigation").get_by_role("link", name="Thông báo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo đã gửi")
    expect(page.get_by_role("row").filter(has_text=code).filter(has_text="Xin lỗi, hẹn lại ngày trả").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "staff-notices")
    # The public pages of a training installation say so too.
    page.goto(server.url + "/")
    expect(page.locator(".training-clock")).to_contain_text("Hệ thống đào tạo")
    check_accessibility(page)


def test_a_clerk_finds_a_dossier_by_the_applicants_name_without_diacritics(server, page):
    code = server.receive_dossier()
    sign_in(page, server, "clerk")
    page.get_by_label("Tìm hồ sơ").fill("nguyen van an")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tìm hồ sơ")
    expect(page.get_by_role("row").filter(has_text=code)).to_contain_text("Nguyễn Văn An")
    # Searched for by a post: the name is nowhere in the address.
    assert "nguyen" not in page.url
    check_accessibility(page)
    screenshot(page, "staff-search")
    page.get_by_label("Tìm hồ sơ").fill("x")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("ít nhất hai chữ của tên")
    check_accessibility(page)
    page.get_by_label("Tìm hồ sơ").fill(code)
    page.get_by_label("Tìm hồ sơ").press("Enter")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
