//! Finding a dossier among the agency's: by code, by a number the applicant
//! reads out, or by words of their name with or without diacritics; through
//! the API and on the staff pages, the words never in an address.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::account_pages::Visitor;
use crate::helpers::{TestApp, business_household, spawn_app_with_long_sessions as spawn_app};
use crate::staff_pages::signed_in;

async fn receive(app: &TestApp, token: &str, body: &Value) -> String {
    let answer = app.receive(token, body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.json["dossier"]["code"].as_str().unwrap().to_owned()
}

async fn found(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let answer = app
        .post(
            "/api/v1/dossiers/search",
            Some(token),
            &json!({ "query": query }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{query:?}: {}", answer.text);
    answer.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_dossier_is_found_by_code_number_or_name_among_the_agencys_own() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let an = receive(&app, &clerk, &business_household()).await;
    let mut other = business_household();
    other["applicant"] = json!({
        "full_name": "Trần Thị Bích Ngọc",
        "id_number": "079190001234",
        "phone": "0987654321",
        "address": "5 Lê Lợi, Hà Nội",
        "organization": {"name": "Công ty TNHH Đức Phát", "tax_code": "0101234567"}
    });
    let ngoc = receive(&app, &clerk, &other).await;

    assert_eq!(found(&app, &clerk, &an).await, vec![an.clone()]);
    for query in [
        "nguyen van an",
        "NGUYỄN an",
        "Văn",
        "001 203 004 567",
        "+84 912 345 678",
        "091.234.5678",
    ] {
        assert_eq!(
            found(&app, &clerk, query).await,
            vec![an.clone()],
            "{query:?}"
        );
    }
    for query in [
        "bich ngoc",
        "đức phát",
        "0101234567",
        "079190001234",
        "0987654321",
    ] {
        assert_eq!(
            found(&app, &clerk, query).await,
            vec![ngoc.clone()],
            "{query:?}"
        );
    }
    // Most recently received first; a word in no name finds nothing; `%`
    // and `_` are letters to find, not patterns.
    assert_eq!(found(&app, &clerk, "ha noi").await, Vec::<String>::new());
    assert_eq!(found(&app, &clerk, "n_u%").await, Vec::<String>::new());
    let both = app
        .post(
            "/api/v1/dossiers/search",
            Some(&clerk),
            &json!({"query": "n", "limit": 5}),
        )
        .await;
    both.assert_problem(422, "validation");
    for bad in [
        json!({"query": " "}),
        json!({"query": "an", "limit": 0}),
        json!({"query": "an", "limit": 101}),
        json!({"query": "x".repeat(101)}),
        json!({"query": "a\u{7}b"}),
    ] {
        app.post("/api/v1/dossiers/search", Some(&clerk), &bad)
            .await
            .assert_problem(422, "validation");
    }
    app.post(
        "/api/v1/dossiers/search",
        Some(&clerk),
        &json!({"query": "an", "q": 1}),
    )
    .await
    .assert_problem(422, "validation");
    app.post("/api/v1/dossiers/search", None, &json!({"query": "an"}))
        .await
        .assert_problem(401, "unauthenticated");
    // A database from before the search is folded when it is migrated.
    let db = app.db.clone();
    let unfolded = tokio::task::spawn_blocking(move || {
        let mut conn = db.get().unwrap();
        let unfolded = motcua_db::testing::unfold_applicants(&mut conn).unwrap();
        db.migrate().unwrap();
        unfolded
    })
    .await
    .unwrap();
    assert!(unfolded >= 2);
    assert_eq!(found(&app, &clerk, "bich ngoc").await, vec![ngoc.clone()]);
    // Another agency's staff find none of them.
    let elsewhere = app.other_agency_clerk().await;
    assert_eq!(
        found(&app, &elsewhere, "nguyen van an").await,
        Vec::<String>::new()
    );
    assert_eq!(found(&app, &elsewhere, &an).await, Vec::<String>::new());

    // On the pages: posted, answered with the rows, the words kept in the box.
    let mut v = Visitor::new(&app);
    signed_in(&mut v, "specialist").await;
    let queue = v.get("/can-bo/ho-so").await;
    assert!(
        queue
            .text
            .contains("action=\"/can-bo/tim-kiem\" method=\"post\"")
    );
    let csrf = v.csrf();
    let page = v
        .post("/can-bo/tim-kiem", &[("csrf", &csrf), ("q", "bích ngọc")])
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains(&ngoc) && !page.text.contains(&an));
    assert!(page.text.contains("Tìm thấy 1 hồ sơ"));
    assert!(page.text.contains("value=\"bích ngọc\""));
    let none = v
        .post("/can-bo/tim-kiem", &[("csrf", &csrf), ("q", "Lê Văn Tám")])
        .await;
    assert_eq!(none.status, 200);
    assert!(none.text.contains("Không tìm thấy hồ sơ nào"));
    let wrong = v
        .post("/can-bo/tim-kiem", &[("csrf", &csrf), ("q", "x")])
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.text.contains("ít nhất hai chữ của tên"));
    let forged = v
        .post("/can-bo/tim-kiem", &[("csrf", "x"), ("q", "an")])
        .await;
    assert_eq!(forged.status, 403);
    let form = v.get("/can-bo/tim-kiem").await;
    assert_eq!(form.status, 200);
}
