//! The notices that went out, in the staff workspace: the agency's list by
//! state for the one-stop clerk, a failed one sent again in one click, only
//! one's own for a case officer, and a dossier's notices on its page.

use motcua_notify::SendError;
use reqwest::StatusCode;

use crate::account_pages::{Visitor, location};
use crate::helpers::{business_household, spawn_app_with_long_sessions as spawn_app};
use crate::staff_pages::signed_in;

#[tokio::test]
async fn a_failed_notice_is_listed_and_sent_again_from_the_notices_page() {
    let app = spawn_app().await;
    let clerk_token = app.login("clerk").await;
    // The mail server refuses the address: the receipt's e-mail fails at once.
    app.mail
        .fail_with(Some(SendError::Permanent("550 5.1.1 no such user".into())));
    let answer = app.receive(&clerk_token, &business_household()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let code = answer.json["dossier"]["code"].as_str().unwrap().to_owned();
    app.run_jobs().await;
    app.mail.fail_with(None);

    let mut clerk = Visitor::new(&app);
    signed_in(&mut clerk, "clerk").await;
    let page = clerk.get("/can-bo/thong-bao?trang-thai=failed").await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("Tiếp nhận hồ sơ"), "the kind in words");
    assert!(page.text.contains(&code));
    assert!(page.text.contains("550 5.1.1 no such user"));
    assert!(page.text.contains("Gửi không được"));
    let marker = "action=\"/can-bo/thong-bao/";
    let start = page.text.find(marker).expect("a resend button") + marker.len();
    let id = page.text[start..start + 36].to_owned();
    let resend = format!("/can-bo/thong-bao/{id}/gui-lai");
    let csrf = clerk.csrf();

    // A case officer neither sees the agency's notices nor sends them again.
    let mut specialist = Visitor::new(&app);
    signed_in(&mut specialist, "specialist").await;
    let own = specialist.get("/can-bo/thong-bao").await;
    assert!(own.text.contains("Những thông báo gửi cho bạn"));
    assert!(!own.text.contains(&code));
    let specialist_csrf = specialist.csrf();
    let refused = specialist
        .post(&resend, &[("csrf", &specialist_csrf)])
        .await;
    assert_eq!(refused.status, 403);
    // Without the form token, or for no notice, nothing happens.
    assert_eq!(clerk.post(&resend, &[("csrf", "x")]).await.status, 403);
    assert_eq!(
        clerk
            .post("/can-bo/thong-bao/nothing/gui-lai", &[("csrf", &csrf)])
            .await
            .status,
        404
    );

    let sent = clerk
        .post(
            &resend,
            &[
                ("csrf", &csrf),
                ("back", "/can-bo/thong-bao?trang-thai=failed"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    assert_eq!(
        location(&sent),
        "/can-bo/thong-bao?trang-thai=failed&tb=gui-lai"
    );
    let after = clerk.get(location(&sent)).await;
    assert!(after.text.contains("Đã đưa thông báo vào hàng gửi lại."));
    app.run_jobs().await;
    assert_eq!(app.mail.kept().len(), 1, "it went once");
    // Sent again twice: the second click says it did not fail any more.
    let twice = clerk
        .post(
            &resend,
            &[("csrf", &csrf), ("back", "https://elsewhere.example/")],
        )
        .await;
    assert_eq!(twice.status, 409, "{}", twice.text);
    assert!(twice.text.contains("không cần gửi lại"));

    // The dossier's page lists its notices, now sent.
    let dossier = clerk.get(&format!("/can-bo/ho-so/{code}")).await;
    let table = &dossier.text[dossier
        .text
        .find("<table class=\"queue notices\">")
        .expect("the dossier's notices")..];
    assert!(
        table.contains("Thư điện tử an.nguyen@example.vn"),
        "{table}"
    );
    assert!(table.contains("Đã gửi"));
    let sent_tab = clerk.get("/can-bo/thong-bao?trang-thai=sent").await;
    assert!(sent_tab.text.contains(&code));
    let failed_tab = clerk.get("/can-bo/thong-bao?trang-thai=failed").await;
    assert!(!failed_tab.text.contains(&code));
}
