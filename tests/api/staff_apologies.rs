//! Apologies in the staff workspace: a late dossier's apology written on its
//! page by the case officer, signed from the desk by the leader, sent by the
//! one-stop clerk (the appointment moves), printed; the desk's lists and the
//! queue's "late without apology" filter. The same journey runs in a real
//! browser in `tests/browser/test_staff.py`.

use reqwest::StatusCode;

use crate::account_pages::{Visitor, location};
use crate::apologies::assigned;
use crate::helpers::{TestApp, at, spawn_app_with_long_sessions as spawn_app};
use crate::staff_pages::{hidden, signed_in};

async fn apology_states(app: &TestApp, token: &str, code: &str) -> Vec<String> {
    let list = app
        .get(&format!("/api/v1/dossiers/{code}/apologies"), Some(token))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    list.json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["state"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_late_dossiers_apology_is_written_on_its_page_signed_from_the_desk_and_sent() {
    let app = spawn_app().await;
    let (s, code) = assigned(&app).await;
    // A working day before the appointment (Thursday 5 March 09:00) the
    // sweep drafts the apology.
    app.clock.set(at("2026-03-04T09:00:30+07:00"));
    app.run_jobs().await;
    let path = format!("/can-bo/ho-so/{code}");
    let write = format!("{path}/xin-loi");

    let mut specialist = Visitor::new(&app);
    signed_in(&mut specialist, "specialist").await;
    let desk = specialist.get("/can-bo/xin-loi").await;
    assert_eq!(desk.status, 200, "{}", desk.text);
    assert!(
        desk.text.contains("Cần viết"),
        "a case officer opens on what to write"
    );
    assert!(desk.text.contains(&code), "{}", desk.text);
    let page = specialist.get(&path).await;
    assert!(
        page.text
            .contains("Bản nháp: cần ghi lý do và ngày hẹn mới")
    );
    assert!(page.text.contains("Hệ thống lập khi hồ sơ sắp đến hạn"));
    let seen = hidden(&page.text, &write, "seen");
    let csrf = specialist.csrf();

    // Filled wrongly: each error at its field, what was typed kept, nothing
    // written.
    let wrong = specialist
        .post(
            &write,
            &[
                ("csrf", &csrf),
                ("seen", &seen),
                ("reason", " "),
                ("ngay", "10/03/2026"),
                ("gio", "9h"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.text);
    for error in [
        "Nhập lý do",
        "Nhập ngày hẹn mới dạng năm-tháng-ngày",
        "Nhập giờ hẹn dạng giờ:phút",
    ] {
        assert!(wrong.text.contains(error), "{error:?} missing");
    }
    assert!(wrong.text.contains("value=\"10/03/2026\""));
    let reason = "Cần xác minh địa điểm kinh doanh tại thực địa";
    for (day, time, error) in [
        (
            "2026-03-04",
            "09:00",
            "Chọn ngày hẹn mới sau ngày hẹn hiện tại",
        ),
        (
            "2026-03-07",
            "09:00",
            "Chọn ngày làm việc và giờ trong giờ hành chính",
        ),
        (
            "2026-03-10",
            "22:00",
            "Chọn ngày làm việc và giờ trong giờ hành chính",
        ),
    ] {
        let refused = specialist
            .post(
                &write,
                &[
                    ("csrf", &csrf),
                    ("seen", &seen),
                    ("reason", reason),
                    ("ngay", day),
                    ("gio", time),
                ],
            )
            .await;
        assert_eq!(refused.status, 422, "{day} {time}: {}", refused.text);
        assert!(
            refused.text.contains(error),
            "{day} {time}: {}",
            refused.text
        );
        assert!(refused.text.contains(reason), "the reason typed stays");
    }
    assert_eq!(apology_states(&app, &s.clerk, &code).await, ["draft"]);
    // Without this browser's form token nothing happens.
    let forged = specialist
        .post(
            &write,
            &[
                ("csrf", "x"),
                ("reason", reason),
                ("ngay", "2026-03-10"),
                ("gio", "09:00"),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);

    let written = specialist
        .post(
            &write,
            &[
                ("csrf", &csrf),
                ("seen", &seen),
                ("reason", reason),
                ("ngay", "2026-03-10"),
                ("gio", "09:00"),
            ],
        )
        .await;
    assert_eq!(written.status, 303, "{}", written.text);
    assert_eq!(
        location(&written),
        format!("{path}?tb=xin-loi-completed#xin-loi")
    );
    let after = specialist
        .get(&format!("{path}?tb=xin-loi-completed"))
        .await;
    assert!(
        after
            .text
            .contains("Đã lưu văn bản xin lỗi; chờ lãnh đạo ký.")
    );
    assert!(after.text.contains("Chờ lãnh đạo ký"));
    assert!(
        after.text.contains("10/03/2026"),
        "the new appointment shows"
    );
    assert!(
        !after.text.contains("Ký văn bản xin lỗi"),
        "a case officer does not sign"
    );
    assert_eq!(apology_states(&app, &s.clerk, &code).await, ["completed"]);

    // The leader signs from the desk, in one click, and stays there.
    let mut leader = Visitor::new(&app);
    signed_in(&mut leader, "leader").await;
    let desk = leader.get("/can-bo/xin-loi").await;
    assert!(
        desk.text.contains("Chờ ký"),
        "a leader opens on what to sign"
    );
    assert!(desk.text.contains(reason));
    let id = {
        let marker = format!("{path}/xin-loi/");
        let start = desk.text.find(&marker).expect("a sign button") + marker.len();
        desk.text[start..start + 36].to_owned()
    };
    let sign = format!("{path}/xin-loi/{id}/ky");
    assert!(desk.text.contains(&format!("action=\"{sign}\"")));
    let csrf = leader.csrf();
    let signed = leader.post(&sign, &[("csrf", &csrf), ("tu", "ban")]).await;
    assert_eq!(signed.status, 303, "{}", signed.text);
    assert_eq!(location(&signed), "/can-bo/xin-loi?cho=ky&tb=signed");
    let desk = leader.get(location(&signed)).await;
    assert!(desk.text.contains("Đã ký văn bản xin lỗi"));
    assert!(desk.text.contains("Không có văn bản xin lỗi nào chờ ký."));
    // Signing twice is refused with the page saying so, nothing written.
    let again = leader.post(&sign, &[("csrf", &csrf)]).await;
    assert_eq!(again.status, 409, "{}", again.text);
    assert!(again.text.contains("Không thực hiện được thao tác này"));

    // The clerk may not sign; the clerk sends, from the dossier's page.
    let mut clerk = Visitor::new(&app);
    signed_in(&mut clerk, "clerk").await;
    let csrf = clerk.csrf();
    let not_theirs = clerk.post(&sign, &[("csrf", &csrf)]).await;
    assert_eq!(not_theirs.status, 403, "{}", not_theirs.text);
    let desk = clerk.get("/can-bo/xin-loi").await;
    assert!(desk.text.contains("Chờ gửi") && desk.text.contains(&code));
    let page = clerk.get(&path).await;
    let send = format!("{path}/xin-loi/{id}/gui");
    assert!(page.text.contains(&format!("action=\"{send}\"")));
    let sent = clerk.post(&send, &[("csrf", &csrf)]).await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    let page = clerk.get(&format!("{path}?tb=xin-loi-sent")).await;
    assert!(
        page.text
            .contains("Đã gửi văn bản xin lỗi cho người nộp; ngày hẹn đã dời.")
    );
    assert!(page.text.contains("Đã gửi người nộp"));
    assert!(page.text.contains("Hoàng Đức Thắng"), "the signer shows");
    let dossier = app
        .get(&format!("/api/v1/dossiers/{code}"), Some(&s.clerk))
        .await;
    assert_eq!(dossier.json["due_at"], "2026-03-10T02:00:00Z");
    assert_eq!(apology_states(&app, &s.clerk, &code).await, ["sent"]);

    // Why the appointment is when it is: the move, and the weekend it now
    // spans.
    let clock = clerk.get(&format!("{path}/thoi-han")).await;
    assert_eq!(clock.status, 200, "{}", clock.text);
    assert!(clock.text.contains("3 ngày làm việc"));
    assert!(
        clock
            .text
            .contains("07/03/2026: <span lang=\"vi\">Thứ Bảy</span>"),
        "{}",
        clock.text
    );
    assert!(
        clock
            .text
            .contains("từ 05/03/2026 09:00 sang 10/03/2026 09:00")
    );
    assert!(page.text.contains(&format!("{path}/thoi-han")));

    // The notice prints, as a page and as a PDF.
    let printed = clerk.get(&format!("{path}/xin-loi/{id}/ban-in")).await;
    assert_eq!(printed.status, 200);
    assert!(printed.text.contains(reason));
    let pdf = clerk.get(&format!("{path}/xin-loi/{id}/ban-in.pdf")).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    let unknown = clerk
        .get(&format!(
            "{path}/xin-loi/01a2079e-9373-7620-99db-b44356a86094/ban-in"
        ))
        .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn a_dossier_late_without_an_apology_is_on_the_leaders_list_and_in_the_queue() {
    let app = spawn_app().await;
    let (s, code) = assigned(&app).await;
    // The appointment passes with no apology.
    app.clock.set(at("2026-03-05T09:30:00+07:00"));
    app.run_jobs().await;
    let late = app
        .get(
            "/api/v1/dossiers?late_without_apology=true",
            Some(&s.leader),
        )
        .await;
    assert_eq!(late.status, StatusCode::OK, "{}", late.text);
    assert_eq!(late.json["items"][0]["code"], code.as_str());
    let awaiting = app
        .get("/api/v1/apologies?state=draft", Some(&s.specialist))
        .await;
    assert_eq!(awaiting.status, StatusCode::OK, "{}", awaiting.text);
    assert_eq!(awaiting.json[0]["dossier"]["code"], code.as_str());
    assert_eq!(
        awaiting.json[0]["apology"]["drafted_because"],
        "late_without_apology"
    );
    app.get("/api/v1/apologies?state=sent", Some(&s.leader))
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/apologies?state=whatever", Some(&s.leader))
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/apologies", Some(&s.leader))
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/apologies?state=draft", None)
        .await
        .assert_problem(401, "unauthenticated");

    let mut leader = Visitor::new(&app);
    signed_in(&mut leader, "leader").await;
    let desk = leader.get("/can-bo/xin-loi?cho=viet").await;
    assert!(desk.text.contains(&code));
    assert!(
        desk.text.contains("han=tre-chua-xin-loi"),
        "the link to the late dossiers"
    );
    let queue = leader
        .get("/can-bo/ho-so?pham-vi=co-quan&han=tre-chua-xin-loi")
        .await;
    assert_eq!(queue.status, 200, "{}", queue.text);
    assert!(queue.text.contains(&code), "{}", queue.text);
    let others = leader
        .get("/can-bo/ho-so?pham-vi=co-quan&han=tam-dung")
        .await;
    assert!(!others.text.contains(&code));
}
