//! The law's forms as a clerk prints them: each form as HTML and as PDF, on
//! the rule set of its dossier's date. The PDFs are read back with the tools
//! a reader would use: poppler renders them (`pdftoppm`), extracts their text
//! (`pdftotext`) and lists their fonts (`pdffonts`); zbar decodes the
//! receipt's QR code from the rendered page (`zbarimg`). Set
//! `MOTCUA_TEST_PDF_TOOLS` (as `.ci/run` does) to make those checks
//! mandatory; without it they run when the tools are installed.

use std::path::PathBuf;
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, at, business_household, spawn_app};

const WARD: &str = "000.25.01.H26";

/// What poppler and zbar read in a PDF.
pub(crate) struct Read {
    /// `pdftotext -layout`.
    pub(crate) text: String,
    /// Pages, from `pdfinfo`.
    pub(crate) pages: usize,
    /// The QR codes zbar found on page 1.
    pub(crate) qr: Vec<String>,
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

/// Whether the PDF tools are here; a panic when they are required and not.
pub(crate) fn tools() -> bool {
    let all = ["pdftotext", "pdffonts", "pdftoppm", "pdfinfo", "zbarimg"]
        .iter()
        .all(|t| tool(t));
    if !all {
        assert!(
            std::env::var_os("MOTCUA_TEST_PDF_TOOLS").is_none(),
            "MOTCUA_TEST_PDF_TOOLS is set but poppler-utils or zbar-tools are missing"
        );
        eprintln!("PDF checks skipped: install poppler-utils and zbar-tools");
    }
    all
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Where a test keeps the PDFs and their renders, to be looked at.
fn kept(name: &str) -> PathBuf {
    let backend = std::env::var("MOTCUA_TEST_BACKEND").unwrap_or_else(|_| "sqlite".into());
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/forms")
        .join(backend);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Checks a PDF as a reader would: it renders, every font is embedded and
/// subset, its text is there; returns what was read.
pub(crate) fn read_pdf(bytes: &[u8], name: &str) -> Read {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let pdf = kept(&format!("{name}.pdf"));
    std::fs::write(&pdf, bytes).unwrap();
    let pdf = pdf.to_str().unwrap();
    let fonts = run("pdffonts", &[pdf]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts: {fonts}");
    for row in rows {
        // name type encoding emb sub uni object ID
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "font not embedded, subset and mapped to Unicode: {row}"
        );
    }
    let info = run("pdfinfo", &[pdf]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .unwrap();
    let text = run("pdftotext", &["-layout", pdf, "-"]);
    let png = kept(name);
    run(
        "pdftoppm",
        &[
            "-r",
            "200",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf,
            png.to_str().unwrap(),
        ],
    );
    let png = format!("{}.png", png.to_str().unwrap());
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sbinary", &png])
        .output()
        .unwrap();
    // zbarimg exits 4 when it finds no code.
    let qr = if out.status.success() {
        vec![String::from_utf8(out.stdout).unwrap()]
    } else {
        Vec::new()
    };
    Read { text, pages, qr }
}

/// The text with its layout's runs of spaces made single, so a phrase
/// wrapped or spread by `-layout` still reads as one.
pub(crate) fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) async fn pdf(app: &TestApp, path: &str, token: &str) -> Vec<u8> {
    let (status, headers, bytes) = app.get_bytes(path, token).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["cache-control"], "no-store");
    bytes
}

#[tokio::test]
async fn the_receipt_prints_as_html_and_as_a_pdf_whose_qr_code_opens_the_lookup() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let answer = app.receive(&clerk, &business_household()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let code = answer.json["dossier"]["code"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/dossiers/{code}/receipt");

    let html = app.get(&format!("{path}?format=html"), Some(&clerk)).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.text.contains("<svg class=\"qr\""));
    assert!(html.text.contains("Thông tư số 03/2025/TT-VPCP"));
    // Without a format the page is the default; an unknown one is refused.
    assert_eq!(
        app.get(&path, Some(&clerk)).await.content_type(),
        "text/html; charset=utf-8"
    );
    app.get(&format!("{path}?format=docx"), Some(&clerk))
        .await
        .assert_problem(422, "validation");

    let (_, headers, _) = app.get_bytes(&format!("{path}?format=pdf"), &clerk).await;
    assert_eq!(
        headers["content-disposition"],
        format!("inline; filename=\"{code}-mau-01.pdf\"")
    );
    let bytes = pdf(&app, &format!("{path}?format=pdf"), &clerk).await;
    if !tools() {
        return;
    }
    let read = read_pdf(&bytes, "receipt-vn-2025");
    assert_eq!(read.pages, 1, "{}", read.text);
    let text = words(&read.text);
    for expected in [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mẫu 01 – ban hành kèm theo Thông tư số 03/2025/TT-VPCP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ngày 02 tháng 03 năm 2026",
        &format!("Mã hồ sơ: {code}"),
        "Nguyễn Văn An",
        "Giấy đề nghị đăng ký hộ kinh doanh",
        "Bản chính",
        "4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 02/03/2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 05/03/2026",
        "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Nguyễn Thị Lan",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{}",
            read.text
        );
    }
    assert_eq!(read.qr.len(), 1, "no QR code found on the receipt");
    let qr = &read.qr[0];
    assert!(
        qr.starts_with(&format!("https://motcua.test/tra-cuu/{code}\n")),
        "{qr}"
    );
    assert!(qr.contains(&format!("Mã hồ sơ: {code}")), "{qr}");
    assert!(qr.contains("Mã TTHC: 1.001612"), "{qr}");
    assert!(
        qr.contains("Hẹn trả: 09 giờ 00 phút, ngày 05/03/2026"),
        "{qr}"
    );
}

/// A procedure in force since January 2025, so a dossier can be received
/// under the 2018 rule set (before 1 July 2025) and under the 2025 one.
async fn procedure_since_2025(app: &TestApp) {
    let admin = app.login("admin").await;
    let procedure = json!({
        "code": "1.000419",
        "effective_from": "2025-01-01",
        "agencies": [WARD],
        "name": "Đăng ký khai tử lưu động",
        "field": "Hộ tịch",
        "processing_time": 5,
        "processing_unit": "working_days",
        "online_mode": "none",
        "result_type": "Trích lục khai tử",
        "documents": [{"name": "Tờ khai đăng ký khai tử", "copy_type": "original", "count": 1, "mandatory": true}],
        "fees": [{"name": "Lệ phí", "amount_vnd": 0}],
        "steps": [{"name": "Đăng ký lưu động", "role": "specialist", "budget_working_hours": 40}],
        "legal_basis": ["Luật Hộ tịch số 60/2014/QH13"],
        "source_url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.000419"
    });
    let created = app
        .post("/api/v1/procedures", Some(&admin), &procedure)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
}

fn death_registration() -> Value {
    let mut body = business_household();
    body["procedure_code"] = json!("1.000419");
    body
}

/// Receives a dossier at `when` (signed in then: a token issued later is
/// not yet valid); its code.
async fn received_at(app: &TestApp, when: &str) -> String {
    app.clock.set(at(when));
    let clerk = app.login("clerk").await;
    let answer = app.receive(&clerk, &death_registration()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.json["dossier"]["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn each_form_is_numbered_and_titled_by_the_rule_set_of_its_dossiers_date() {
    let app = spawn_app().await;
    procedure_since_2025(&app).await;
    let old = received_at(&app, "2025-06-02T09:00:00+07:00").await;
    let new = received_at(&app, "2026-03-02T09:00:00+07:00").await;
    let clerk = app.login("clerk").await;

    let cases = [
        (
            &old,
            "receipt",
            "Mẫu 01",
            "Thông tư số 01/2018/TT-VPCP",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        ),
        (
            &new,
            "receipt",
            "Mẫu 01",
            "Thông tư số 03/2025/TT-VPCP",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        ),
        (
            &old,
            "control-sheet",
            "Mẫu 05",
            "Thông tư số 01/2018/TT-VPCP",
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        ),
        (
            &new,
            "control-sheet",
            "Mẫu 06",
            "Thông tư số 03/2025/TT-VPCP",
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        ),
    ];
    let tools = tools();
    for (code, form, number, circular, title) in cases {
        let path = format!("/api/v1/dossiers/{code}/{form}");
        let html = app.get(&format!("{path}?format=html"), Some(&clerk)).await;
        assert_eq!(html.status, StatusCode::OK, "{}", html.text);
        assert!(html.text.contains(title), "{form} {code}");
        assert!(
            html.text
                .contains(&format!("{number} – ban hành kèm theo {circular}")),
            "{form} {code}: {}",
            html.text
        );
        let bytes = pdf(&app, &format!("{path}?format=pdf"), &clerk).await;
        if tools {
            let name = format!(
                "{form}-{}",
                if code == &old { "vn-2018" } else { "vn-2025" }
            );
            let read = read_pdf(&bytes, &name);
            let text = words(&read.text);
            assert!(text.contains(title), "{name}: {}", read.text);
            assert!(text.contains(number), "{name}: {}", read.text);
            assert!(text.contains(code.as_str()), "{name}: {}", read.text);
        }
    }
    // JSON stays the control sheet's default for programs.
    let sheet = app
        .get(
            &format!("/api/v1/dossiers/{old}/control-sheet"),
            Some(&clerk),
        )
        .await;
    assert_eq!(sheet.json["form"], "Mẫu 05");
}

#[tokio::test]
async fn the_supplement_request_and_the_refusal_print_at_the_counter_and_during_processing() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let tools = tools();

    // At the counter, incomplete: Mẫu 02 with no dossier code, by its id.
    let mut incomplete = business_household();
    incomplete["documents"] = json!([]);
    let answer = app.receive(&clerk, &incomplete).await;
    assert_eq!(
        answer.json["outcome"], "supplement_needed",
        "{}",
        answer.text
    );
    let id = answer.json["notice"]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/supplement-notices/{id}");
    let html = app.get(&path, Some(&clerk)).await;
    assert_eq!(html.status, StatusCode::OK, "{}", html.text);
    assert!(
        html.text
            .contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
    );
    assert!(html.text.contains("Giấy đề nghị đăng ký hộ kinh doanh"));
    let bytes = pdf(&app, &format!("{path}?format=pdf"), &clerk).await;
    if tools {
        let read = read_pdf(&bytes, "supplement-counter");
        let text = words(&read.text);
        assert!(text.contains("Mẫu 02"), "{}", read.text);
        assert!(
            text.contains("Giấy đề nghị đăng ký hộ kinh doanh"),
            "{}",
            read.text
        );
        assert!(text.contains("NGƯỜI HƯỚNG DẪN"), "{}", read.text);
        assert!(read.qr.is_empty(), "only the receipt has a QR code");
    }
    // Another agency's counter does not see it; a malformed id is unknown.
    let other = app.other_agency_clerk().await;
    app.get(&path, Some(&other))
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/supplement-notices/not-a-uuid", Some(&clerk))
        .await
        .assert_problem(404, "not_found");

    // During processing: the last request, numbered by the dossier's code.
    let answer = app.receive(&clerk, &business_household()).await;
    let code = answer.json["dossier"]["code"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/dossiers/{code}/supplement-request");
    app.get(&path, Some(&clerk))
        .await
        .assert_problem(412, "precondition_failed");
    app.get(&format!("/api/v1/dossiers/{code}/refusal"), Some(&clerk))
        .await
        .assert_problem(412, "precondition_failed");
    app.act_ok(
        &clerk,
        &code,
        "request-supplement",
        json!({"items": ["Bản sao hợp đồng thuê địa điểm kinh doanh"]}),
    )
    .await;
    let html = app.get(&path, Some(&clerk)).await;
    assert_eq!(html.status, StatusCode::OK, "{}", html.text);
    assert!(html.text.contains(&format!("Số: {code}/HDHS")));
    assert!(
        html.text
            .contains("Bản sao hợp đồng thuê địa điểm kinh doanh")
    );
    let bytes = pdf(&app, &format!("{path}?format=pdf"), &clerk).await;
    if tools {
        let read = read_pdf(&bytes, "supplement-processing");
        let text = words(&read.text);
        assert!(
            text.contains("Bản sao hợp đồng thuê địa điểm kinh doanh"),
            "{}",
            read.text
        );
        assert!(text.contains(&format!("{code}/HDHS")), "{}", read.text);
    }

    // Refused at the counter: Mẫu 03 with the reasons, and no receipt.
    let mut body = business_household();
    body["refusal_reasons"] = json!(["Ngành nghề kinh doanh thuộc danh mục cấm kinh doanh"]);
    let answer = app.receive(&clerk, &body).await;
    assert_eq!(answer.json["outcome"], "refused", "{}", answer.text);
    let code = answer.json["dossier"]["code"].as_str().unwrap().to_owned();
    app.get(&format!("/api/v1/dossiers/{code}/receipt"), Some(&clerk))
        .await
        .assert_problem(412, "precondition_failed");
    let path = format!("/api/v1/dossiers/{code}/refusal");
    let html = app.get(&path, Some(&clerk)).await;
    assert_eq!(html.status, StatusCode::OK, "{}", html.text);
    assert!(
        html.text
            .contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")
    );
    let bytes = pdf(&app, &format!("{path}?format=pdf"), &clerk).await;
    if tools {
        let read = read_pdf(&bytes, "refusal");
        let text = words(&read.text);
        assert!(text.contains("Mẫu 03"), "{}", read.text);
        assert!(
            text.contains("Ngành nghề kinh doanh thuộc danh mục cấm kinh doanh"),
            "{}",
            read.text
        );
        assert!(text.contains("Nguyễn Thị Lan"), "{}", read.text);
    }
    // Only staff print forms.
    app.get(&path, None)
        .await
        .assert_problem(401, "unauthenticated");
}

/// The attachment of a raw e-mail: its file name and decoded bytes.
fn attachment(raw: &str) -> Option<(String, Vec<u8>)> {
    use base64::Engine as _;
    let start = raw.find("Content-Disposition: attachment;")?;
    let part = &raw[start..];
    if !part.contains("Content-Type: application/pdf") {
        return None;
    }
    // lettre writes the name as an RFC 2231 parameter (`filename*0="…"`).
    let name = part
        .split("filename*0=\"")
        .nth(1)?
        .split('"')
        .next()?
        .to_owned();
    // Headers end at the first empty line; the base64 body at the boundary.
    let body = part.split("\r\n\r\n").nth(1)?;
    let body: String = body.lines().take_while(|l| !l.starts_with("--")).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .ok()?;
    Some((name, bytes))
}

#[tokio::test]
async fn the_applicants_emails_carry_the_form_as_a_pdf_and_the_sms_does_not() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let mut body = business_household();
    body["notify_by"] = json!(["email", "sms"]);
    let answer = app.receive(&clerk, &body).await;
    let code = answer.json["dossier"]["code"].as_str().unwrap().to_owned();
    app.act_ok(
        &clerk,
        &code,
        "request-supplement",
        json!({"items": ["Bản sao hợp đồng thuê địa điểm kinh doanh"]}),
    )
    .await;
    app.run_jobs().await;
    let mail = app.mail.kept();
    assert_eq!(mail.len(), 2);
    let tools = tools();
    for (raw, form, expected) in [
        (
            &mail[0].raw,
            "mau-01",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        ),
        (
            &mail[1].raw,
            "mau-02",
            "Bản sao hợp đồng thuê địa điểm kinh doanh",
        ),
    ] {
        assert!(raw.contains("Content-Type: multipart/mixed;"), "{raw}");
        let (name, pdf) = attachment(raw).unwrap_or_else(|| panic!("no PDF in {raw}"));
        assert_eq!(name, format!("{code}-{form}.pdf"));
        if tools {
            let read = read_pdf(&pdf, &format!("email-{form}"));
            let text = words(&read.text);
            assert!(text.contains(expected), "{}", read.text);
            assert!(text.contains(&code), "{}", read.text);
        }
    }
    let sms = app.sms.kept();
    assert_eq!(sms.len(), 2, "an SMS carries words only");

    // Refused at the counter: the e-mail carries Mẫu 03.
    let mut body = business_household();
    body["refusal_reasons"] = json!(["Ngành nghề kinh doanh thuộc danh mục cấm kinh doanh"]);
    let answer = app.receive(&clerk, &body).await;
    let code = answer.json["dossier"]["code"].as_str().unwrap().to_owned();
    app.run_jobs().await;
    let mail = app.mail.kept();
    let raw = &mail.last().unwrap().raw;
    let (name, pdf) = attachment(raw).unwrap_or_else(|| panic!("no PDF in {raw}"));
    assert_eq!(name, format!("{code}-mau-03.pdf"));
    if tools {
        let read = read_pdf(&pdf, "email-mau-03");
        assert!(words(&read.text).contains("Ngành nghề kinh doanh thuộc danh mục cấm kinh doanh"));
    }
}

#[tokio::test]
async fn stopping_and_a_confirmed_withdrawal_tell_the_applicant_with_the_stop_notice() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let leader = app.login("leader").await;
    let tools = tools();
    let received = |body: Value| {
        let app = &app;
        let clerk = clerk.clone();
        async move {
            let answer = app.receive(&clerk, &body).await;
            answer.json["dossier"]["code"].as_str().unwrap().to_owned()
        }
    };
    let mut body = business_household();
    body["notify_by"] = json!(["email", "sms"]);
    let stopped = received(body.clone()).await;
    app.get(
        &format!("/api/v1/dossiers/{stopped}/stop-notice"),
        Some(&clerk),
    )
    .await
    .assert_problem(412, "precondition_failed");
    app.act_ok(
        &leader,
        &stopped,
        "stop",
        json!({"reason": "Người nộp đã chết, không có người thừa kế tiếp tục thủ tục"}),
    )
    .await;
    let withdrawn = received(body).await;
    app.act_ok(
        &clerk,
        &withdrawn,
        "request-withdrawal",
        json!({"reason": "Không còn nhu cầu kinh doanh"}),
    )
    .await;
    app.act_ok(&clerk, &withdrawn, "confirm-withdrawal", json!({}))
        .await;
    app.run_jobs().await;
    // One by e-mail and one by SMS each.
    let told = ["receipt", "receipt", "stopped", "stopped"];
    assert_eq!(app.notice_kinds(&stopped).await, told);
    assert_eq!(app.notice_kinds(&withdrawn).await, told);
    let sms: Vec<String> = app.sms.kept().into_iter().map(|s| s.text).collect();
    assert!(
        sms.iter()
            .any(|t| t.starts_with(&format!("Dung giai quyet ho so {stopped}. Nguoi nop"))),
        "{sms:?}"
    );

    for (code, expected) in [
        (
            &stopped,
            "Lý do: Người nộp đã chết, không có người thừa kế tiếp tục thủ tục.",
        ),
        (
            &withdrawn,
            "Ông/Bà đã đề nghị rút hồ sơ (lý do: Không còn nhu cầu kinh doanh)",
        ),
    ] {
        let mail = app.mail.kept();
        let raw = &mail
            .iter()
            .find(|m| m.raw.contains(&format!("{code}-mau-05.pdf")))
            .unwrap_or_else(|| panic!("no stop notice e-mailed for {code}"))
            .raw;
        let (_, attached) = attachment(raw).unwrap();
        let printed = pdf(
            &app,
            &format!("/api/v1/dossiers/{code}/stop-notice?format=pdf"),
            &clerk,
        )
        .await;
        if tools {
            for (bytes, name) in [(&attached, "email"), (&printed, "printed")] {
                let read = read_pdf(bytes, &format!("stop-notice-{name}"));
                let text = words(&read.text);
                assert!(
                    text.contains("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
                    "{}",
                    read.text
                );
                assert!(text.contains("Mẫu 05"), "{}", read.text);
                assert!(text.contains(expected), "{expected:?} in {}", read.text);
            }
        }
    }
}
