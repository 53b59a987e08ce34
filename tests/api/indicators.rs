//! The indicators a head of agency answers for (Decision 766): on-time
//! rate, processing time, apologies, channels, ratings, and which unit made
//! dossiers late, through the API and in the exported files.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, at, business_household, spawn_app, spawn_app_with_long_sessions};

const WARD: &str = "000.25.01.H26";
const ECONOMY: &str = "Phòng Kinh tế, Hạ tầng và Đô thị";
const OFFICE: &str = "Văn phòng HĐND và UBND";

/// The indicator of `key` in a group.
fn indicator<'a>(group: &'a Value, key: &str) -> &'a Value {
    group["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in {group}"))
}

fn figures(group: &Value, key: &str) -> (f64, u64, Value) {
    let m = indicator(group, key);
    (
        m["numerator"].as_f64().unwrap(),
        m["denominator"].as_u64().unwrap(),
        m["value"].clone(),
    )
}

/// Three business-household dossiers received Monday 2 March 09:00 (due
/// Thursday 5 March 09:00), all assigned to the economy unit: the first
/// finished the next morning and rated, the second late with its apology
/// sent, the third waiting for a supplement since Tuesday.
async fn a_month_of_work(app: &TestApp) -> [String; 3] {
    app.clock.set(at("2026-03-02T09:00:00+07:00"));
    let clerk = app.login("clerk").await;
    let specialist = app.login("specialist").await;
    let specialist_id = app.user_id(&specialist).await;
    let economy = app.unit_id(&clerk, WARD, ECONOMY).await;
    let mut codes = Vec::new();
    for _ in 0..3 {
        let answer = app.receive(&clerk, &business_household()).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        let code = answer.json["dossier"]["code"].as_str().unwrap().to_owned();
        app.act_ok(
            &clerk,
            &code,
            "assign",
            json!({"unit_id": economy, "assignee_id": specialist_id}),
        )
        .await;
        codes.push(code);
    }
    let [early, late, waiting] = [codes[0].clone(), codes[1].clone(), codes[2].clone()];
    app.clock.set(at("2026-03-03T10:00:00+07:00"));
    app.approve_and_finish(&specialist, &early, json!({"summary": "Cấp giấy"}))
        .await;
    app.act_ok(
        &clerk,
        &early,
        "return-result",
        json!({"method": "counter"}),
    )
    .await;
    let scores = json!({"total_time": 2, "time_per_agency": 2, "contacts_needed": 2, "agencies_contacted": 2, "one_stop_section": 2, "procedure_publication": 1, "staff_attitude": 2, "feedback_handling": 2, "online_service": 0});
    let rated = app
        .post(
            &format!("/api/v1/dossiers/{early}/rating"),
            Some(&clerk),
            &json!({ "scores": scores }),
        )
        .await;
    assert_eq!(rated.status, StatusCode::CREATED, "{}", rated.text);
    app.act_ok(
        &specialist,
        &waiting,
        "request-supplement",
        json!({"items": ["Bản sao hợp đồng thuê địa điểm kinh doanh"]}),
    )
    .await;
    // The day before the appointment: the apology, completed, signed, sent.
    app.clock.set(at("2026-03-04T09:00:30+07:00"));
    app.run_jobs().await;
    app.apologise(&specialist, &clerk, &late, "2026-03-10T09:00:00+07:00")
        .await;
    [early, late, waiting]
}

#[tokio::test]
async fn a_leader_reads_the_on_time_rate_who_made_it_late_and_the_apologies() {
    let app = spawn_app_with_long_sessions().await;
    a_month_of_work(&app).await;
    app.clock.set(at("2026-03-20T10:00:00+07:00"));
    let leader = app.login("leader").await;
    let report = app
        .get("/api/v1/reports/indicators?period=2026-03", Some(&leader))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let r = &report.json;
    assert_eq!(r["agency"]["code"], WARD);
    assert_eq!(
        r["period"],
        json!({"from": "2026-03-01", "to": "2026-03-31"})
    );
    let total = &r["total"];
    let counts = &total["counts"];
    assert_eq!(counts["received"], 3, "{counts}");
    assert_eq!(
        (
            counts["early"].as_u64(),
            counts["running_late"].as_u64(),
            counts["running_on_time"].as_u64(),
            counts["paused"].as_u64()
        ),
        (Some(1), Some(1), Some(1), Some(1)),
        "{counts}"
    );
    // 2.1: the early one and the one waiting for the applicant since before
    // its appointment; the one whose appointment an apology moved is late.
    assert_eq!(figures(total, "on_time_rate"), (2.0, 3, json!(66.67)));
    let on_time = indicator(total, "on_time_rate");
    assert_eq!(on_time["code"], "2.1");
    assert!(
        on_time["formula"]
            .as_str()
            .unwrap()
            .contains("phiếu xin lỗi")
    );
    // 2.2: Monday 09:00 to Tuesday 10:00 is 9 office hours.
    assert_eq!(
        figures(total, "average_processing_hours"),
        (9.0, 1, json!(9.0))
    );
    assert_eq!(
        figures(total, "average_processing_days"),
        (1.13, 1, json!(1.13))
    );
    assert_eq!(
        figures(total, "apologised_late_share"),
        (1.0, 1, json!(100.0))
    );
    assert_eq!(
        figures(total, "late_without_apology_share"),
        (0.0, 1, json!(0.0))
    );
    assert_eq!(figures(total, "online_share"), (0.0, 3, json!(0.0)));
    // A fee of 100,000 đồng, paid at the counter, not online.
    assert_eq!(figures(total, "paid_online_share"), (0.0, 3, json!(0.0)));
    assert_eq!(
        figures(total, "electronic_result_share"),
        (0.0, 1, json!(0.0))
    );
    assert_eq!(figures(total, "rating_total"), (15.0, 1, json!(15.0)));
    assert_eq!(figures(total, "rating.online_service").2, json!(0.0));
    // 5.4: 100% less 1 late of 3 (the rating was satisfied).
    assert_eq!(figures(total, "satisfaction"), (2.0, 3, json!(66.67)));

    // Who made it late: the economy unit held the late dossier's step past
    // its due instant, and its apology was sent.
    let late_units = r["late_units"].as_array().unwrap();
    let economy = late_units
        .iter()
        .find(|u| u["unit"]["name"] == ECONOMY)
        .unwrap_or_else(|| panic!("economy not blamed: {late_units:?}"));
    assert_eq!(economy["dossiers_made_late"], 1, "{economy}");
    assert_eq!(economy["apologies_owed"], 1);
    assert_eq!(economy["apologies_issued"], 1);
    assert!(economy["late_steps"].as_u64().unwrap() >= 1);
    assert_eq!(economy["agency"], "UBND phường Ba Đình");

    // By unit: a dossier counts in every unit it passed through.
    let by_unit = app
        .get(
            "/api/v1/reports/indicators?period=2026-03&by=unit",
            Some(&leader),
        )
        .await;
    assert_eq!(by_unit.status, StatusCode::OK, "{}", by_unit.text);
    assert_eq!(by_unit.json["by"], "unit");
    let groups = by_unit.json["groups"].as_array().unwrap();
    let received = |name: &str| {
        groups
            .iter()
            .find(|g| g["label"] == name)
            .map(|g| g["counts"]["received"].clone())
    };
    assert_eq!(received(ECONOMY), Some(json!(3)), "{groups:?}");
    assert_eq!(received(OFFICE), Some(json!(1)), "{groups:?}");
    for (by, key, label) in [
        ("month", "2026-03", "Tháng 03/2026"),
        ("channel", "counter", "Trực tiếp"),
        ("procedure", "1.001612", ""),
    ] {
        let answer = app
            .get(
                &format!("/api/v1/reports/indicators?period=2026-Q1&by={by}"),
                Some(&leader),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let groups = answer.json["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 1, "{by}: {groups:?}");
        assert_eq!(groups[0]["key"], key);
        if !label.is_empty() {
            assert_eq!(groups[0]["label"], label);
        }
        assert_eq!(groups[0]["counts"]["received"], 3);
    }
    // Filters: the channel, the procedure, a period with nothing in it.
    for (query, received) in [
        ("period=2026-03&channel=online", 0),
        ("period=2026-03&channel=counter", 3),
        ("period=2026-03&procedure=1.001612", 3),
        ("period=2026-02", 0),
        ("from=2026-03-02&to=2026-03-02&include_children=true", 3),
    ] {
        let answer = app
            .get(
                &format!("/api/v1/reports/indicators?{query}"),
                Some(&leader),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(
            answer.json["total"]["counts"]["received"], received,
            "{query}"
        );
    }
}

#[tokio::test]
async fn the_indicators_export_as_csv_for_excel_and_as_a_workbook() {
    let app = spawn_app_with_long_sessions().await;
    a_month_of_work(&app).await;
    app.clock.set(at("2026-03-20T10:00:00+07:00"));
    let leader = app.login("leader").await;
    let path = "/api/v1/reports/indicators?period=2026-03&by=unit";
    let (status, headers, csv) = app.get_bytes(&format!("{path}&format=csv"), &leader).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"chi-so-000.25.01.H26-2026-03-01-2026-03-31.csv\""
    );
    // UTF-8 with a byte-order mark, so Excel reads the Vietnamese.
    assert_eq!(&csv[..3], b"\xef\xbb\xbf");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("Nhóm,Mã chỉ số,Chỉ số,Tử số,Mẫu số,Giá trị,Đơn vị,Cách tính")
    );
    assert!(
        text.contains("Tổng số,2.1,Tỷ lệ hồ sơ giải quyết đúng hạn,2,3,66.67,%,"),
        "{text}"
    );
    assert!(text.contains(ECONOMY));
    let (_, _, late) = app
        .get_bytes(&format!("{path}&format=csv&table=late_units"), &leader)
        .await;
    let late = String::from_utf8(late[3..].to_vec()).unwrap();
    assert!(
        late.starts_with("Đơn vị,Cơ quan,Bước xử lý quá hạn,Hồ sơ làm quá hạn,Phiếu xin lỗi phải có,Phiếu xin lỗi đã gửi,Còn thiếu\r\n"),
        "{late}"
    );
    assert!(
        late.contains(&format!("\"{ECONOMY}\",UBND phường Ba Đình,2,1,1,1,0\r\n")),
        "{late}"
    );
    let (_, _, counts) = app
        .get_bytes(&format!("{path}&format=csv&table=counts"), &leader)
        .await;
    let counts = String::from_utf8(counts[3..].to_vec()).unwrap();
    assert!(
        counts.contains("\r\nTổng số,3,3,0,0,1,1,0,0,1,1,1,1,1,1,3,0,1,0,0,1,0\r\n"),
        "{counts}"
    );

    let (status, headers, xlsx) = app.get_bytes(&format!("{path}&format=xlsx"), &leader).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .ends_with(".xlsx\"")
    );
    // A zip of the workbook's parts, with the three sheets by name.
    assert_eq!(&xlsx[..2], b"PK");
    let names = crate::indicators::zip_entry_names(&xlsx);
    for part in [
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet3.xml",
        "xl/workbook.xml",
    ] {
        assert!(names.iter().any(|n| n == part), "{part} not in {names:?}");
    }
}

/// The names in a zip's central directory.
pub fn zip_entry_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 0;
    while let Some(found) = bytes[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let start = at + found;
        let field = |offset: usize| {
            usize::from(u16::from_le_bytes([
                bytes[start + offset],
                bytes[start + offset + 1],
            ]))
        };
        let length = field(28);
        names.push(String::from_utf8_lossy(&bytes[start + 46..start + 46 + length]).into_owned());
        at = start + 46 + length;
    }
    names
}

#[tokio::test]
async fn each_reader_sees_only_their_own_figures() {
    let app = spawn_app().await;
    let path = "/api/v1/reports/indicators?period=2026-03";
    let leader = app.login("leader").await;
    let admin = app.login("admin").await;
    let unit_head = app.login("unit_head").await;
    let sysadmin = app.login("sysadmin").await;
    for token in [&leader, &admin, &unit_head, &sysadmin] {
        let answer = app.get(path, Some(token)).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    }
    // A unit head reads their unit's figures, whatever they ask for.
    let own = app.get(path, Some(&unit_head)).await;
    assert_eq!(own.json["unit"]["name"], ECONOMY);
    let office = app.unit_id(&leader, WARD, OFFICE).await;
    app.get(&format!("{path}&unit={office}"), Some(&unit_head))
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(
        app.get(&format!("{path}&unit={office}"), Some(&leader))
            .await
            .json["unit"]["name"],
        OFFICE
    );
    for role in ["clerk", "specialist"] {
        let token = app.login(role).await;
        app.get(path, Some(&token))
            .await
            .assert_problem(403, "forbidden");
    }
    app.get(path, None)
        .await
        .assert_problem(401, "unauthenticated");
    // The agency above the ward is not the ward's to read; the installation's
    // administrator reads any.
    let agencies = app.get("/api/v1/agencies", Some(&sysadmin)).await;
    let above = agencies.json["agencies"]
        .as_array()
        .or_else(|| agencies.json.as_array())
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap().to_owned())
        .find(|c| c != WARD)
        .unwrap();
    let other = format!("{path}&agency={above}");
    app.get(&other, Some(&leader))
        .await
        .assert_problem(403, "forbidden");
    let read = app.get(&other, Some(&sysadmin)).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    assert_eq!(read.json["agency"]["code"], above);
}

#[tokio::test]
async fn a_report_asked_wrongly_is_refused_and_says_why() {
    let app = spawn_app().await;
    let leader = app.login("leader").await;
    for (query, field, code) in [
        ("from=2026-03-31&to=2026-03-01", "to", "before_from"),
        ("from=2021-01-01&to=2026-01-01", "to", "out_of_range"),
        ("period=2026-Q5", "period", "malformed"),
        (
            "period=2026&from=2026-01-01&to=2026-01-31",
            "period",
            "conflict",
        ),
        ("from=2026-01-01", "to", "required"),
        ("period=2026&by=agency", "by", "unknown_breakdown"),
        (
            "period=2026&agency=000.99.99.H99",
            "agency",
            "unknown_agency",
        ),
        ("period=2026&agency=not-a-code", "agency", "unknown_agency"),
        (
            "period=2026&procedure=9.999999",
            "procedure",
            "unknown_procedure",
        ),
        (
            "period=2026&unit=0190a0a0-0000-7000-8000-000000000000",
            "unit",
            "unknown_unit",
        ),
        ("period=2026&unit=economy", "unit", "unknown_unit"),
        ("period=2026&channel=fax", "channel", "unknown_channel"),
        ("period=2026&format=pdf", "format", "unknown_format"),
        ("period=2026&format=csv&table=all", "table", "unknown_table"),
    ] {
        let answer = app
            .get(
                &format!("/api/v1/reports/indicators?{query}"),
                Some(&leader),
            )
            .await;
        answer.assert_problem(422, "validation");
        assert_eq!(
            answer.json["errors"][0]["field"], field,
            "{query}: {}",
            answer.text
        );
        assert_eq!(
            answer.json["errors"][0]["code"], code,
            "{query}: {}",
            answer.text
        );
    }
    for query in [
        "period=2026&x=1",
        "from=yesterday&to=2026-01-01",
        "period=2026&include_children=maybe",
    ] {
        app.get(
            &format!("/api/v1/reports/indicators?{query}"),
            Some(&leader),
        )
        .await
        .assert_problem(400, "invalid_query");
    }
}

#[tokio::test]
async fn anyone_reads_the_public_statistics_computed_at_most_once_a_minute() {
    let app = spawn_app_with_long_sessions().await;
    a_month_of_work(&app).await;
    app.clock.set(at("2026-03-20T10:00:00+07:00"));
    let path = "/api/v1/statistics?year=2026";
    let answer = app.get(path, None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.headers["cache-control"], "public, max-age=60");
    assert!(!answer.text.contains("Nguyễn Văn An"));
    let ward = |json: &Value| -> Value {
        json["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["agency"]["code"] == WARD)
            .cloned()
            .unwrap_or_else(|| panic!("no ward in {json}"))
    };
    let figures = ward(&answer.json);
    assert_eq!(
        figures["months"],
        json!([{
            "month": "2026-03",
            "received": 3,
            "finished": 1,
            "on_time_rate": {"numerator": 2.0, "denominator": 3, "value": 66.67},
            "received_online": 0,
            "paid_online": 0,
            "apologies_sent": 1
        }])
    );
    assert_eq!(figures["year"]["month"], "2026");
    assert_eq!(figures["year"]["received"], 3);
    // Every agency is listed, those with nothing received too.
    assert!(answer.json["agencies"].as_array().unwrap().len() > 1);

    // A dossier received now shows a minute later, not before.
    let clerk = app.login("clerk").await;
    let received = app.receive(&clerk, &business_household()).await;
    assert_eq!(received.status, StatusCode::CREATED, "{}", received.text);
    app.clock.set(at("2026-03-20T10:00:59+07:00"));
    let again = app.get(path, None).await;
    assert_eq!(ward(&again.json)["year"]["received"], 3);
    assert_eq!(again.json["computed_at"], answer.json["computed_at"]);
    app.clock.set(at("2026-03-20T10:01:00+07:00"));
    let later = app.get(path, None).await;
    assert_eq!(ward(&later.json)["year"]["received"], 4);

    // One agency and the agencies under it; the current year by default.
    let one = app
        .get(&format!("/api/v1/statistics?agency={WARD}"), None)
        .await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text);
    assert_eq!(one.json["year"], 2026);
    assert_eq!(one.json["agencies"].as_array().unwrap().len(), 1);

    for (query, field) in [
        ("year=1999", "year"),
        ("year=2027", "year"),
        ("agency=000.99.99.H99", "agency"),
        ("agency=x", "agency"),
    ] {
        let answer = app.get(&format!("/api/v1/statistics?{query}"), None).await;
        answer.assert_problem(422, "validation");
        assert_eq!(answer.json["errors"][0]["field"], field, "{query}");
    }
    for query in ["year=next", "month=3"] {
        app.get(&format!("/api/v1/statistics?{query}"), None)
            .await
            .assert_problem(400, "invalid_query");
    }
}
