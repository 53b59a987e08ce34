//! The register of dossiers (Sổ theo dõi hồ sơ): what the one-stop section
//! entered in a period, by receipt number, as JSON for programs and as the
//! A4 book to print, numbered by the rule set of the period.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::forms::{read_pdf, tools, words};
use crate::helpers::{at, business_household, spawn_app, spawn_app_with_long_sessions};

const WARD: &str = "000.25.01.H26";

#[tokio::test]
async fn the_register_lists_a_period_by_receipt_number_from_reception_to_return() {
    let app = spawn_app_with_long_sessions().await;
    // Monday 2 March: two dossiers; the first is decided and sent by post.
    app.clock.set(at("2026-03-02T08:00:00+07:00"));
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let specialist_id = app.user_id(&specialist).await;
    let economy = app
        .unit_id(&clerk, WARD, "Phòng Kinh tế, Hạ tầng và Đô thị")
        .await;
    let code = |answer: &crate::helpers::Answer| {
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        answer.json["dossier"]["code"].as_str().unwrap().to_owned()
    };
    let first = code(&app.receive(&clerk, &business_household()).await);
    let mut organisation = business_household();
    organisation["applicant"] = json!({
        "full_name": "Trần Văn Bảo",
        "address": "5 Điện Biên Phủ, Ba Đình, Hà Nội",
        "organization": {"name": "Công ty TNHH Ánh Dương", "tax_code": "0101234567"}
    });
    let second = code(&app.receive(&clerk, &organisation).await);
    app.clock.set(at("2026-03-02T09:30:00+07:00"));
    app.act_ok(
        &clerk,
        &first,
        "assign",
        json!({"unit_id": economy, "assignee_id": specialist_id}),
    )
    .await;
    app.clock.set(at("2026-03-03T10:00:00+07:00"));
    let specialist = app.login("specialist").await;
    app.approve_and_finish(&specialist, &first, json!({"summary": "Cấp giấy"}))
        .await;
    let clerk = app.login("clerk").await;
    app.act_ok(
        &clerk,
        &first,
        "return-result",
        json!({"method": "post", "tracking_number": "EV123456789VN"}),
    )
    .await;
    // Tuesday 3 March: one more, outside a one-day period.
    let third = code(&app.receive(&clerk, &business_household()).await);

    let path = "/api/v1/reports/register?from=2026-03-02&to=2026-03-02";
    let register = app.get(path, Some(&clerk)).await;
    assert_eq!(register.status, StatusCode::OK, "{}", register.text);
    let r = &register.json;
    assert_eq!(r["agency"]["code"], WARD);
    assert_eq!(r["rule_set"], "vn-2025");
    assert_eq!(
        (r["from"].as_str(), r["to"].as_str()),
        (Some("2026-03-02"), Some("2026-03-02"))
    );
    let entries = r["entries"].as_array().unwrap();
    let codes: Vec<&str> = entries
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [first.as_str(), second.as_str()],
        "{}",
        register.text
    );
    assert!(!register.text.contains(&third));
    let (one, two) = (&entries[0], &entries[1]);
    assert_eq!(one["receipt_number"], "1/2026");
    assert_eq!(two["receipt_number"], "2/2026");
    assert_eq!(one["applicant"], "Nguyễn Văn An");
    assert_eq!(two["applicant"], "Công ty TNHH Ánh Dương");
    assert_eq!(one["phone"], "0912345678");
    assert_eq!(one["received_at"], "2026-03-02T01:00:00Z");
    assert_eq!(one["handed_on_at"], "2026-03-02T02:30:00Z");
    assert!(one["result_ready_at"].is_string(), "{one}");
    assert!(one["returned_at"].is_string(), "{one}");
    assert_eq!(one["status"]["code"], 10);
    assert_eq!(
        one["notes"],
        json!(["Trả qua bưu chính, mã vận đơn EV123456789VN"])
    );
    assert_eq!(two["handed_on_at"], Value::Null);
    assert_eq!(two["result_ready_at"], Value::Null);
    assert_eq!(two["decided_by"], "UBND phường Ba Đình");

    // The printed book: HTML, and a landscape A4 PDF a reader can search.
    let html = app.get(&format!("{path}&format=html"), Some(&clerk)).await;
    assert_eq!(html.status, StatusCode::OK);
    for words in [
        "SỔ THEO DÕI HỒ SƠ",
        "Mẫu 07",
        "Từ ngày 02/03/2026 đến ngày 02/03/2026",
        "260302-0001",
        "A4 landscape",
    ] {
        assert!(html.text.contains(words), "{words} not in the page");
    }
    let (status, headers, pdf) = app.get_bytes(&format!("{path}&format=pdf"), &clerk).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("so-theo-doi-000.25.01.H26-2026-03-02-2026-03-02-mau-07.pdf")
    );
    if tools() {
        let read = read_pdf(&pdf, "register-vn-2025");
        let text = words(&read.text);
        for expected in [
            "SỔ THEO DÕI HỒ SƠ",
            "Mẫu 07 – ban hành kèm theo Thông tư số 03/2025/TT-VPCP",
            "000.25.01.H26-",
            "260302-0001",
            "260302-0002",
            "Ánh Dương",
            "EV123456789VN",
        ] {
            assert!(text.contains(expected), "{expected} not in {text}");
        }
    }

    // A period under the 2018 rules prints Mẫu 06, empty here.
    let old = app
        .get(
            "/api/v1/reports/register?from=2025-03-01&to=2025-03-31&format=html",
            Some(&clerk),
        )
        .await;
    assert_eq!(old.status, StatusCode::OK);
    for words in [
        "Mẫu 06",
        "Thông tư số 01/2018/TT-VPCP",
        "không có hồ sơ nào",
    ] {
        assert!(old.text.contains(words), "{words} not in the page");
    }
}

#[tokio::test]
async fn the_register_is_for_its_keepers_and_its_period_must_make_sense() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let leader = app.login("leader").await;
    let path = "/api/v1/reports/register?from=2026-03-01&to=2026-03-31";
    assert_eq!(app.get(path, Some(&leader)).await.status, StatusCode::OK);
    app.get(path, Some(&specialist))
        .await
        .assert_problem(403, "forbidden");
    app.get(path, None)
        .await
        .assert_problem(401, "unauthenticated");
    for (query, field) in [
        ("from=2026-03-31&to=2026-03-01", "to"),
        ("from=2026-01-01&to=2027-01-02", "to"),
        ("from=-0001-01-01&to=-0001-01-02", "from"),
        ("from=2026-03-01&to=2026-03-31&format=xml", "format"),
    ] {
        let answer = app
            .get(&format!("/api/v1/reports/register?{query}"), Some(&clerk))
            .await;
        answer.assert_problem(422, "validation");
        assert_eq!(answer.json["errors"][0]["field"], field, "{}", answer.text);
    }
    for query in [
        "from=2026-03-01",
        "from=yesterday&to=2026-03-01",
        "from=2026-03-01&to=2026-03-02&x=1",
    ] {
        app.get(&format!("/api/v1/reports/register?{query}"), Some(&clerk))
            .await
            .assert_problem(400, "invalid_query");
    }
}

#[tokio::test]
async fn the_register_exports_as_csv_a_page_at_a_time_and_as_a_workbook() {
    let app = spawn_app_with_long_sessions().await;
    // 1,200 dossiers on Monday 9 March: more than a page of the export.
    app.clock.set(at("2026-03-10T10:00:00+07:00"));
    let seeded = app.app.seed_dossiers(1_200, 5_000).await.unwrap();
    assert_eq!(seeded.days, ["260309"]);
    let clerk = app.login("clerk").await;
    let path = "/api/v1/reports/register?from=2026-03-01&to=2026-03-31";
    let (status, headers, csv) = app.get_bytes(&format!("{path}&format=csv"), &clerk).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"so-theo-doi-000.25.01.H26-2026-03-01-2026-03-31.csv\""
    );
    assert_eq!(&csv[..3], b"\xef\xbb\xbf");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 1 + 1_200);
    assert_eq!(
        lines[0],
        "Số tiếp nhận,Mã hồ sơ,Thủ tục hành chính,\"Tổ chức, cá nhân\",Địa chỉ,Số điện thoại,Cơ quan giải quyết,\"Ngày, giờ tiếp nhận\",\"Ngày, giờ hẹn trả\",\"Ngày, giờ hẹn lại\",Chuyển xử lý,Có kết quả,Trả kết quả,Trạng thái,Trước hạn / đúng hạn / quá hạn,Ghi chú"
    );
    // Every line once, in the order of reception, across the pages.
    let codes: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    let mut expected: Vec<String> = (1..=1_200)
        .map(|n| format!("000.25.01.H26-260309-{n:04}"))
        .collect();
    expected.sort();
    assert_eq!(codes, expected);
    assert!(lines[1].starts_with("1/2026,"), "{}", lines[1]);
    assert!(lines[1].contains(",09/03/2026 07:30,"), "{}", lines[1]);
    assert!(lines[1_200].starts_with("1200/2026,"), "{}", lines[1_200]);

    // The CSV export takes up to ten years, the workbook five, the printed
    // book one.
    let long = "/api/v1/reports/register?from=2017-01-01&to=2026-03-31";
    let (status, _, csv) = app.get_bytes(&format!("{long}&format=csv"), &clerk).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv.len(), text.len() + 3);
    app.get(long, Some(&clerk))
        .await
        .assert_problem(422, "validation");
    app.get(&format!("{long}&format=xlsx"), Some(&clerk))
        .await
        .assert_problem(422, "validation");
    app.get(
        "/api/v1/reports/register?from=2016-01-01&to=2026-03-31&format=csv",
        Some(&clerk),
    )
    .await
    .assert_problem(422, "validation");
    let specialist = app.login("specialist").await;
    app.get(&format!("{path}&format=csv"), Some(&specialist))
        .await
        .assert_problem(403, "forbidden");

    let (status, headers, xlsx) = app.get_bytes(&format!("{path}&format=xlsx"), &clerk).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(&xlsx[..2], b"PK");
    let names = crate::indicators::zip_entry_names(&xlsx);
    assert!(
        names.iter().any(|n| n == "xl/worksheets/sheet1.xml"),
        "{names:?}"
    );
}
