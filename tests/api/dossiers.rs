use chrono::TimeDelta;
use serde_json::json;

use crate::helpers::{business_household, spawn_app};

#[tokio::test]
async fn staff_read_their_agencys_dossiers_and_nobody_elses() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let code = app.receive(&clerk, &business_household()).await.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();

    for user in ["clerk", "specialist", "unit_head", "leader"] {
        let token = app.login(user).await;
        let dossier = app
            .get(&format!("/api/v1/dossiers/{code}"), Some(&token))
            .await;
        assert_eq!(dossier.status, 200, "{user}: {}", dossier.text);
        assert_eq!(dossier.json["applicant"]["id_number"], "001203004567");
    }

    // Another agency's clerk: the code answers as if it did not exist.
    let outsider = app.other_agency_clerk().await;
    let hidden = app
        .get(&format!("/api/v1/dossiers/{code}"), Some(&outsider))
        .await;
    let missing = app
        .get("/api/v1/dossiers/000.25.01.H26-260302-9999", Some(&clerk))
        .await;
    // The same answer, to the reason: nothing tells the two apart.
    hidden
        .assert_problem(404, "not_found")
        .assert_reason("no_such_dossier");
    missing
        .assert_problem(404, "not_found")
        .assert_reason("no_such_dossier");
    app.get(&format!("/api/v1/dossiers/{code}/receipt"), Some(&outsider))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        app.get("/api/v1/dossiers", Some(&outsider)).await.json["items"],
        json!([])
    );
    app.get(&format!("/api/v1/dossiers/{code}"), None)
        .await
        .assert_problem(401, "unauthenticated");
    app.get("/api/v1/dossiers/not-a-code", Some(&clerk))
        .await
        .assert_problem(404, "not_found")
        .assert_reason("no_such_dossier");
}

#[tokio::test]
async fn the_work_list_is_sorted_by_due_filtered_and_paged() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    // Four dossiers of 3 working days, received on four days: due in that order.
    let mut codes = Vec::new();
    for _ in 0..4 {
        let token = app.login("clerk").await;
        codes.push(
            app.receive(&token, &business_household()).await.json["dossier"]["code"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        app.advance(TimeDelta::days(1));
    }
    let clerk_now = app.login("clerk").await;
    let mut birth = business_household();
    birth["procedure_code"] = json!("1.001193");
    birth["documents"] =
        json!([{"index": 0, "copy_type": "original"}, {"index": 1, "copy_type": "original"}]);
    let birth_code = app.receive(&clerk_now, &birth).await.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let _ = clerk;

    let all = app.get("/api/v1/dossiers", Some(&clerk_now)).await;
    assert_eq!(all.status, 200, "{}", all.text);
    let listed: Vec<&str> = all.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // The birth registration (1 working day) is due before the last two.
    assert_eq!(listed.len(), 5);
    let dues: Vec<&str> = all.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["due_at"].as_str().unwrap())
        .collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");

    let first = app.get("/api/v1/dossiers?limit=2", Some(&clerk_now)).await;
    assert_eq!(first.json["items"].as_array().unwrap().len(), 2);
    let cursor = first.json["next_cursor"].as_str().unwrap();
    let second = app
        .get(
            &format!("/api/v1/dossiers?limit=2&cursor={cursor}"),
            Some(&clerk_now),
        )
        .await;
    let third = app
        .get(
            &format!(
                "/api/v1/dossiers?limit=2&cursor={}",
                second.json["next_cursor"].as_str().unwrap()
            ),
            Some(&clerk_now),
        )
        .await;
    assert!(third.json["next_cursor"].is_null());
    let paged: Vec<&str> = [&first, &second, &third]
        .iter()
        .flat_map(|page| {
            page.json["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap())
        })
        .collect();
    assert_eq!(paged, listed);

    let births = app
        .get("/api/v1/dossiers?procedure=1.001193", Some(&clerk_now))
        .await;
    assert_eq!(births.json["items"][0]["code"], birth_code.as_str());
    assert_eq!(births.json["items"].as_array().unwrap().len(), 1);
    let received_late = app
        .get(
            "/api/v1/dossiers?received_from=2026-03-04T00:00:00%2B07:00",
            Some(&clerk_now),
        )
        .await;
    assert_eq!(
        received_late.json["items"].as_array().unwrap().len(),
        3,
        "{}",
        received_late.text
    );
    let due_early = app
        .get(
            "/api/v1/dossiers?due_before=2026-03-06T00:00:00Z",
            Some(&clerk_now),
        )
        .await;
    assert_eq!(due_early.json["items"][0]["code"], codes[0].as_str());
    let refused = app
        .get("/api/v1/dossiers?status=refused", Some(&clerk_now))
        .await;
    assert_eq!(refused.json["items"], json!([]));
    let received = app
        .get("/api/v1/dossiers?status=received,refused", Some(&clerk_now))
        .await;
    assert_eq!(received.json["items"].as_array().unwrap().len(), 5);

    app.get("/api/v1/dossiers?status=lost", Some(&clerk_now))
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/dossiers?limit=0", Some(&clerk_now))
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/dossiers?cursor=garbage", Some(&clerk_now))
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/dossiers?received_from=yesterday", Some(&clerk_now))
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/dossiers?colour=red", Some(&clerk_now))
        .await
        .assert_problem(400, "invalid_query");
}
