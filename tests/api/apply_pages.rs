//! Applying online in the pages, over HTTP: the applicant form pre-filled
//! from the account, a file upload per document with its errors at the
//! field, check your answers, one submission whatever is clicked twice, the
//! confirmation with the code, downloads that never run as a page.

use crate::account_pages::{Visitor, location, signed_in_citizen};
use crate::helpers::{PDF, spawn_app};

const BOUNDARY: &str = "----motcua-test-boundary";

/// A `multipart/form-data` body as a browser sends an upload form: the form
/// token first, then each file under `file`.
fn multipart(csrf: Option<&str>, files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(csrf) = csrf {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, content_type, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(v: &mut Visitor<'_>, path: &str, body: Vec<u8>) -> crate::helpers::Answer {
    v.send(
        v.app
            .client
            .post(v.app.url(path))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body),
    )
    .await
}

fn applicant(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", csrf.to_owned()),
        ("agency", "000.25.01.H26".into()),
        ("full_name", "Trần Thị Bình".into()),
        ("id_number", "001190012345".into()),
        ("birth_date", "03/02/1990".into()),
        ("phone", "0987654321".into()),
        ("email", "binh@example.vn".into()),
        ("address", "5 Hàng Bông, phường Hoàn Kiếm, Hà Nội".into()),
        ("delivery", "online".into()),
        ("post_address", String::new()),
    ]
}

/// The text in `html` between the first `start` and the next `end`.
fn between(html: &str, start: &str, end: &str) -> String {
    html.split(start)
        .nth(1)
        .and_then(|rest| rest.split(end).next())
        .unwrap_or_else(|| panic!("no {start:?} in {html}"))
        .to_owned()
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn a_citizen_applies_uploads_checks_and_submits_once() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    signed_in_citizen(&mut v, "binh@example.vn").await;

    let procedure = v.get("/thu-tuc/1.001612").await;
    assert!(procedure.text.contains("href=\"/nop-truc-tuyen/1.001612\""));
    let form = v.get("/nop-truc-tuyen/1.001612").await;
    assert_eq!(form.status, 200, "{}", form.text);
    // Pre-filled from the account.
    assert!(form.text.contains("value=\"Trần Thị Bình\""));
    assert!(form.text.contains("value=\"binh@example.vn\""));
    // A full online procedure: the result online or by post, not at the counter.
    assert!(form.text.contains("id=\"delivery-online\""));
    assert!(!form.text.contains("id=\"delivery-counter\""));

    let csrf = v.csrf();
    let mut wrong = applicant(&csrf);
    wrong[3].1 = "12345".into();
    wrong[4].1 = "31/02/1990".into();
    wrong[8].1 = "counter".into();
    let refused = v.post("/nop-truc-tuyen/1.001612", &pairs(&wrong)).await;
    assert_eq!(refused.status, 400);
    for (field, message) in [
        ("id_number", "Số định danh cá nhân gồm đúng 12 chữ số"),
        ("birth_date", "Nhập ngày sinh theo dạng ngày/tháng/năm"),
        ("delivery-online", "Chọn cách nhận kết quả"),
    ] {
        assert!(
            refused
                .text
                .contains(&format!("<a href=\"#{field}\">{message}")),
            "{field}: {}",
            refused.text
        );
    }
    assert!(
        refused
            .text
            .contains("value=\"5 Hàng Bông, phường Hoàn Kiếm, Hà Nội\"")
    );

    let made = v
        .post("/nop-truc-tuyen/1.001612", &pairs(&applicant(&csrf)))
        .await;
    assert_eq!(made.status, 303, "{}", made.text);
    let page = location(&made).to_owned();
    assert!(page.starts_with("/ho-so-cua-toi/"), "{page}");
    let id = page.trim_start_matches("/ho-so-cua-toi/").to_owned();
    let draft = v.get(&page).await;
    assert_eq!(draft.status, 200);
    assert!(draft.text.contains("enctype=\"multipart/form-data\""));
    assert!(draft.text.contains("03/02/1990"));

    // Checking before the required file is there says what is missing, and
    // offers no submit button.
    let check = v.get(&format!("{page}/kiem-tra")).await;
    assert!(
        check.text.contains("Chưa có tệp cho giấy tờ bắt buộc"),
        "{}",
        check.text
    );
    assert!(!check.text.contains("action=\"/ho-so-cua-toi/"));

    // Uploads: the token comes first; a file that is no document is said at
    // its field; nothing chosen too.
    let target = format!("{page}/giay-to/0");
    let forged = upload(
        &mut v,
        &target,
        multipart(None, &[("a.pdf", "application/pdf", PDF)]),
    )
    .await;
    assert_eq!(forged.status, 403);
    let text = upload(
        &mut v,
        &target,
        multipart(
            Some(&csrf),
            &[("ghi-chu.pdf", "application/pdf", b"just text")],
        ),
    )
    .await;
    assert_eq!(text.status, 415);
    assert!(
        text.text
            .contains("<a href=\"#file-0\">Tệp phải là PDF, JPG hoặc PNG</a>"),
        "{}",
        text.text
    );
    assert!(
        text.text
            .contains("id=\"file-0-error\">Tệp phải là PDF, JPG hoặc PNG"),
        "{}",
        text.text
    );
    let none = upload(&mut v, &target, multipart(Some(&csrf), &[])).await;
    assert_eq!(none.status, 400);
    assert!(none.text.contains("Chọn ít nhất một tệp"));
    let done = upload(
        &mut v,
        &target,
        multipart(Some(&csrf), &[("Đơn đề nghị.pdf", "application/pdf", PDF)]),
    )
    .await;
    assert_eq!(done.status, 303, "{}", done.text);
    assert_eq!(location(&done), format!("{page}?tb=da-tai-len#tai-lieu-0"));
    let uploaded = v.get(&page).await;
    assert!(uploaded.text.contains("Đơn đề nghị.pdf"));
    let file_href = between(&uploaded.text, &format!("href=\"{page}/tep/"), "\"");
    let download = v.get(&format!("{page}/tep/{file_href}")).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.headers["content-type"], "application/pdf");
    assert!(
        download.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(
        download.headers["content-security-policy"],
        "sandbox; default-src 'none'"
    );
    assert_eq!(download.headers["x-content-type-options"], "nosniff");

    // Check and submit: twice with the same page's key, as a double click.
    let check = v.get(&format!("{page}/kiem-tra")).await;
    assert_eq!(check.status, 200);
    assert!(check.text.contains("Trần Thị Bình") && check.text.contains("Đơn đề nghị.pdf"));
    let key = between(&check.text, "name=\"key\" value=\"", "\"");
    let first = v
        .post(&format!("{page}/nop"), &[("csrf", &csrf), ("key", &key)])
        .await;
    assert_eq!(first.status, 303, "{}", first.text);
    assert_eq!(location(&first), format!("{page}/da-nop"));
    let second = v
        .post(&format!("{page}/nop"), &[("csrf", &csrf), ("key", &key)])
        .await;
    assert_eq!(location(&second), format!("{page}/da-nop"));
    // Back to an older check page, a new key: still the one dossier.
    let third = v
        .post(
            &format!("{page}/nop"),
            &[("csrf", &csrf), ("key", "another-key")],
        )
        .await;
    assert_eq!(location(&third), format!("{page}/da-nop"));
    let confirmation = v.get(&format!("{page}/da-nop")).await;
    assert_eq!(confirmation.status, 200);
    assert!(confirmation.text.contains("Đã nộp hồ sơ"));
    let code = between(&confirmation.text, "<strong class=\"code\">", "<");
    assert!(code.starts_with("000.25.01.H26-"), "{code}");
    let mine = v.get("/ho-so-cua-toi").await;
    assert!(mine.text.contains("1 hồ sơ"), "{}", mine.text);
    assert!(mine.text.contains(&code));
    // The submitted application's page: where it stands, no more uploads.
    let submitted = v.get(&page).await;
    assert!(
        submitted
            .text
            .contains("<p class=\"status\">Đã nộp trực tuyến, chờ tiếp nhận</p>"),
        "{}",
        submitted.text
    );
    assert!(!submitted.text.contains("enctype=\"multipart/form-data\""));
    // Somebody else's application is nobody's business.
    let mut other = Visitor::new(&app);
    signed_in_citizen(&mut other, "khac@example.vn").await;
    assert_eq!(other.get(&page).await.status, 404);
    assert_eq!(
        other
            .get(&format!("/ho-so-cua-toi/{id}/tep/{file_href}"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn a_draft_is_edited_with_its_version_and_deleted() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    signed_in_citizen(&mut v, "an@example.vn").await;
    v.get("/nop-truc-tuyen/1.001612").await;
    let csrf = v.csrf();
    let made = v
        .post("/nop-truc-tuyen/1.001612", &pairs(&applicant(&csrf)))
        .await;
    let page = location(&made).to_owned();
    let edit = v.get(&format!("{page}/nguoi-nop")).await;
    assert_eq!(edit.status, 200);
    assert!(edit.text.contains("name=\"version\" value=\"1\""));
    let mut changed = applicant(&csrf);
    changed.push(("version", "1".into()));
    changed[7].1 = "10 Lý Thường Kiệt, Hà Nội".into();
    changed[8].1 = "post".into();
    changed[9].1 = "10 Lý Thường Kiệt, Hà Nội".into();
    let saved = v.post(&format!("{page}/nguoi-nop"), &pairs(&changed)).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    assert_eq!(location(&saved), format!("{page}?tb=da-luu"));
    let shown = v.get(&format!("{page}?tb=da-luu")).await;
    assert!(shown.text.contains("Đã lưu thông tin người nộp."));
    assert!(
        shown
            .text
            .contains("Nhận qua dịch vụ bưu chính: 10 Lý Thường Kiệt, Hà Nội")
    );
    // The same form again, from a tab that read version 1: said, and kept.
    let stale = v.post(&format!("{page}/nguoi-nop"), &pairs(&changed)).await;
    assert_eq!(stale.status, 412);
    assert!(stale.text.contains("vừa được thay đổi ở một cửa sổ khác"));
    assert!(stale.text.contains("name=\"version\" value=\"2\""));
    let deleted = v.post(&format!("{page}/xoa"), &[("csrf", &csrf)]).await;
    assert_eq!(location(&deleted), "/ho-so-cua-toi?tb=da-xoa");
    assert_eq!(v.get(&page).await.status, 404);
}

/// An application for a household business made, filled and submitted in
/// the pages: its page's address and the dossier's code.
async fn submitted_in_the_pages(v: &mut Visitor<'_>) -> (String, String) {
    v.get("/nop-truc-tuyen/1.001612").await;
    let csrf = v.csrf();
    let made = v
        .post("/nop-truc-tuyen/1.001612", &pairs(&applicant(&csrf)))
        .await;
    let page = location(&made).to_owned();
    let uploaded = upload(
        v,
        &format!("{page}/giay-to/0"),
        multipart(Some(&csrf), &[("don.pdf", "application/pdf", PDF)]),
    )
    .await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.text);
    let done = v
        .post(&format!("{page}/nop"), &[("csrf", &csrf), ("key", "k1")])
        .await;
    assert_eq!(done.status, 303, "{}", done.text);
    let confirmation = v.get(&format!("{page}/da-nop")).await;
    let code = between(&confirmation.text, "<strong class=\"code\">", "<");
    (page, code)
}

/// The hidden fields of the first form posting to `action` on a page.
fn hidden_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let form = html
        .split(&format!("action=\"{action}\""))
        .nth(1)
        .and_then(|rest| rest.split("</form>").next())
        .unwrap();
    form.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|rest| {
            let (name, rest) = rest.split_once('"').unwrap();
            let value = rest
                .split("value=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (
                name.to_owned(),
                value.replace("&#38;", "&").replace("&#43;", "+"),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_fee_is_paid_in_the_sandbox_then_the_result_downloaded_and_the_service_rated() {
    let app = crate::helpers::spawn_app_with_long_sessions().await;
    let mut v = Visitor::new(&app);
    signed_in_citizen(&mut v, "binh@example.vn").await;
    let (page, code) = submitted_in_the_pages(&mut v).await;
    let clerk = app.login("clerk").await;
    app.act_ok(&clerk, &code, "accept", serde_json::json!({}))
        .await;
    app.act_ok(&clerk, &code, "request-payment", serde_json::json!({}))
        .await;

    // Cancelled at the bank first: not paid, and the page offers paying again.
    let csrf = v.csrf();
    let to_bank = v
        .post(&format!("{page}/thanh-toan"), &[("csrf", &csrf)])
        .await;
    let bank_path = location(&to_bank)
        .strip_prefix("https://motcua.test")
        .unwrap()
        .to_owned();
    let bank = v.get(&bank_path).await;
    let mut fields = hidden_fields(&bank.text, "/thanh-toan/thu-nghiem");
    fields.push(("action".into(), "cancel".into()));
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let cancelled = v.post("/thanh-toan/thu-nghiem", &refs).await;
    let back = location(&cancelled)
        .strip_prefix("https://motcua.test")
        .unwrap()
        .to_owned();
    let result = v.get(&back).await;
    assert!(
        result.text.contains("Chưa thanh toán được"),
        "{}",
        result.text
    );

    let waiting = v.get(&page).await;
    assert!(
        waiting.text.contains("100.000 đồng, đề nghị nộp ngày"),
        "{}",
        waiting.text
    );
    let csrf = v.csrf();
    let to_bank = v
        .post(&format!("{page}/thanh-toan"), &[("csrf", &csrf)])
        .await;
    assert_eq!(to_bank.status, 303, "{}", to_bank.text);
    let bank_url = location(&to_bank).to_owned();
    let bank_path = bank_url
        .strip_prefix("https://motcua.test")
        .unwrap()
        .to_owned();
    assert!(
        bank_path.starts_with("/thanh-toan/thu-nghiem?"),
        "{bank_path}"
    );
    // A request the bank did not get from us is no request.
    let tampered = v
        .get(&bank_path.replace("vnp_Amount=10000000", "vnp_Amount=100"))
        .await;
    assert_eq!(tampered.status, 400);
    let bank = v.get(&bank_path).await;
    assert_eq!(bank.status, 200, "{}", bank.text);
    assert!(bank.text.contains("100.000 đồng"));
    assert!(bank.text.contains("không có tiền thật"));
    let mut fields = hidden_fields(&bank.text, "/thanh-toan/thu-nghiem");
    fields.push(("action".into(), "pay".into()));
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let paid = v.post("/thanh-toan/thu-nghiem", &refs).await;
    assert_eq!(paid.status, 303, "{}", paid.text);
    let back = location(&paid)
        .strip_prefix("https://motcua.test")
        .unwrap()
        .to_owned();
    assert!(back.starts_with("/thanh-toan/ket-qua?"), "{back}");
    let result = v.get(&back).await;
    assert_eq!(result.status, 200, "{}", result.text);
    assert!(result.text.contains("Đã thanh toán"));
    assert!(result.text.contains(&format!("cho hồ sơ {code}")));
    assert!(result.text.contains(&format!("href=\"{page}\"")));
    // A result nobody signed is said to be no result.
    let forged = v
        .get("/thanh-toan/ket-qua?vnp_TxnRef=X&vnp_ResponseCode=00")
        .await;
    assert_eq!(forged.status, 400);
    assert!(forged.text.contains("Kết quả thanh toán không hợp lệ"));
    let after = v.get(&page).await;
    assert!(after.text.contains("đã nộp, biên lai số"), "{}", after.text);
    assert!(!after.text.contains("/thanh-toan\" method=\"post\""));

    // Staff finish with the result; the page offers it and the rating.
    let specialist = app.login("specialist").await;
    let economy = app
        .unit_id(&clerk, crate::results::WARD, crate::results::ECONOMY)
        .await;
    let specialist_id = app.user_id(&specialist).await;
    app.act_ok(
        &clerk,
        &code,
        "assign",
        serde_json::json!({"unit_id": economy, "assignee_id": specialist_id}),
    )
    .await;
    let attached =
        crate::results::attach(&app, &specialist, &code, &[("giấy chứng nhận.pdf", PDF)]).await;
    assert_eq!(attached.status, 200, "{}", attached.text);
    app.approve_and_finish(
        &specialist,
        &code,
        serde_json::json!({"summary": "Cấp giấy chứng nhận"}),
    )
    .await;
    let finished = v.get(&page).await;
    // Nothing to withdraw once the result is out.
    assert!(!finished.text.contains("/rut-ho-so\""), "{}", finished.text);
    assert!(
        finished.text.contains("giấy chứng nhận.pdf"),
        "{}",
        finished.text
    );
    let results = between(&finished.text, "<h2>Kết quả</h2>", "</ul>");
    let href = between(&results, "href=\"", "\"");
    let download = v.get(&href).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.headers["content-type"], "application/pdf");
    assert!(download.text.starts_with("%PDF-1.7"));

    // The rating: every criterion, or it comes back.
    let mut scores: Vec<(String, String)> = motcua_domain::CRITERIA
        .iter()
        .map(|c| (format!("score-{c}"), "2".to_owned()))
        .collect();
    scores.push(("csrf".into(), csrf.clone()));
    let partial: Vec<(&str, &str)> = scores[1..]
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let missing = v.post(&format!("{page}/danh-gia"), &partial).await;
    assert_eq!(missing.status, 400);
    assert!(
        missing.text.contains(
            "<a href=\"#score-total_time-0\">Chọn mức đánh giá cho tiêu chí 1: Tổng thời gian giải quyết so với quy định</a>"
        ),
        "{}",
        missing.text
    );
    assert!(
        missing
            .text
            .contains("id=\"score-total_time-error\">Chọn mức đánh giá cho tiêu chí này")
    );
    assert!(missing.text.contains(
        "id=\"score-staff_attitude-2\" name=\"score-staff_attitude\" value=\"2\" checked"
    ));
    let full: Vec<(&str, &str)> = scores
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let rated = v.post(&format!("{page}/danh-gia"), &full).await;
    assert_eq!(location(&rated), format!("{page}?tb=da-danh-gia"));
    let thanked = v.get(&format!("{page}?tb=da-danh-gia")).await;
    assert!(thanked.text.contains("18/18 điểm"), "{}", thanked.text);
    assert!(!thanked.text.contains("/danh-gia\" method=\"post\""));
}

#[tokio::test]
async fn a_submitted_application_is_withdrawn_with_a_reason() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    signed_in_citizen(&mut v, "an@example.vn").await;
    let (page, _) = submitted_in_the_pages(&mut v).await;
    let csrf = v.csrf();
    let empty = v
        .post(
            &format!("{page}/rut-ho-so"),
            &[("csrf", &csrf), ("withdraw_reason", " ")],
        )
        .await;
    assert_eq!(empty.status, 400);
    assert!(
        empty
            .text
            .contains("<a href=\"#withdraw_reason\">Nhập lý do rút hồ sơ</a>"),
        "{}",
        empty.text
    );
    let asked = v
        .post(
            &format!("{page}/rut-ho-so"),
            &[("csrf", &csrf), ("withdraw_reason", "Tôi nộp nhầm thủ tục")],
        )
        .await;
    assert_eq!(location(&asked), format!("{page}?tb=da-yeu-cau-rut"));
    let shown = v.get(&format!("{page}?tb=da-yeu-cau-rut")).await;
    assert!(shown.text.contains("Đã gửi yêu cầu rút hồ sơ"));
    assert!(!shown.text.contains("/rut-ho-so\" method=\"post\""));
}

#[tokio::test]
async fn a_supplement_request_is_answered_in_the_pages() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    signed_in_citizen(&mut v, "cuong@example.vn").await;
    let (page, code) = submitted_in_the_pages(&mut v).await;
    let clerk = app.login("clerk").await;
    let version = app.dossier(&clerk, &code).await["version"]
        .as_i64()
        .unwrap();
    let asked = app
        .act(
            &clerk,
            &code,
            "request-supplement",
            version,
            serde_json::json!({"items": ["Biên bản họp thành viên hộ gia đình có chữ ký"]}),
        )
        .await;
    assert_eq!(asked.status, 200, "{}", asked.text);

    let shown = v.get(&page).await;
    assert!(shown.text.contains("Bổ sung giấy tờ"), "{}", shown.text);
    assert!(
        shown
            .text
            .contains("<li>Biên bản họp thành viên hộ gia đình có chữ ký</li>")
    );
    assert!(shown.text.contains("enctype=\"multipart/form-data\""));
    let csrf = v.csrf();
    let added = upload(
        &mut v,
        &format!("{page}/giay-to/1"),
        multipart(Some(&csrf), &[("bien-ban.pdf", "application/pdf", PDF)]),
    )
    .await;
    assert_eq!(added.status, 303, "{}", added.text);
    let check = v.get(&format!("{page}/kiem-tra")).await;
    assert!(check.text.contains("Nộp bổ sung"), "{}", check.text);
    let key = between(&check.text, "name=\"key\" value=\"", "\"");
    let again = v
        .post(&format!("{page}/nop"), &[("csrf", &csrf), ("key", &key)])
        .await;
    assert_eq!(location(&again), format!("{page}/da-nop"));
    assert_eq!(app.dossier(&clerk, &code).await["status"]["code"], 1);
    let after = v.get(&page).await;
    assert!(!after.text.contains("enctype=\"multipart/form-data\""));
    assert!(after.text.contains("bien-ban.pdf"));
}
