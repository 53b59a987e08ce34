use crate::helpers::spawn_app;

#[tokio::test]
async fn the_calendar_answers_as_the_command_line_does() {
    let app = spawn_app().await;
    let year = app.get("/api/v1/calendar/2026", None).await;
    assert_eq!(year.status, 200);
    assert_eq!(year.json["source"], "official");
    assert_eq!(year.json["days"][0]["date"], "2026-01-01");
    assert_eq!(
        app.get("/api/v1/calendar/2030", None).await.json["source"],
        "statutory"
    );

    let due = app
        .get(
            "/api/v1/calendar/due?from=2026-02-13T16:30:00%2B07:00&working_days=3",
            None,
        )
        .await;
    assert_eq!(due.status, 200, "{}", due.text);
    assert_eq!(due.json["due"], "2026-02-25T09:30:00Z");
    assert_eq!(due.json["skipped"].as_array().unwrap().len(), 9);
    // An unencoded "+" arrives as a space; it is read as the offset's sign.
    let unencoded = app
        .get(
            "/api/v1/calendar/due?from=2026-02-13T16:30:00+07:00&working_days=3",
            None,
        )
        .await;
    assert_eq!(unencoded.json["due"], due.json["due"]);
    let hours = app.get("/api/v1/calendar/due?from=2026-03-02T10:00:00Z&working_hours=2&office_hours=08:00-12:00,13:00-17:00", None).await;
    // 10:00Z is 17:00 in Hà Nội, closing time: the clock starts at 08:00 next day.
    assert_eq!(
        hours.json["due_local"], "2026-03-03T10:00:00+07:00",
        "{}",
        hours.text
    );

    let lunar = app.get("/api/v1/calendar/lunar/2026-02-17", None).await;
    assert_eq!(lunar.json["year_name"], "Bính Ngọ");
    assert_eq!(lunar.json["leap"], false);
}

#[tokio::test]
async fn bad_calendar_questions_are_problems() {
    let app = spawn_app().await;
    app.get("/api/v1/calendar/due?from=yesterday&working_days=3", None)
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/calendar/due?from=2026-02-13T16:30:00Z", None)
        .await
        .assert_problem(422, "validation");
    app.get(
        "/api/v1/calendar/due?from=2026-02-13T16:30:00Z&working_days=3&working_hours=2",
        None,
    )
    .await
    .assert_problem(422, "validation");
    app.get(
        "/api/v1/calendar/due?from=2026-02-13T16:30:00Z&working_days=-3",
        None,
    )
    .await
    .assert_problem(400, "invalid_query");
    app.get(
        "/api/v1/calendar/due?from=2026-02-13T16:30:00Z&working_days=99999",
        None,
    )
    .await
    .assert_problem(422, "validation");
    app.get(
        "/api/v1/calendar/due?from=2026-02-13T16:30:00Z&working_days=1&office_hours=9-5",
        None,
    )
    .await
    .assert_problem(422, "validation");
    // Outside the calendar (1900-2199).
    app.get(
        "/api/v1/calendar/due?from=2199-12-31T16:30:00Z&working_days=3",
        None,
    )
    .await
    .assert_problem(422, "validation");
    app.get(
        "/api/v1/calendar/due?from=1850-01-01T00:00:00Z&working_days=3",
        None,
    )
    .await
    .assert_problem(422, "validation");
    app.get("/api/v1/calendar/1850", None)
        .await
        .assert_problem(422, "validation");
    app.get("/api/v1/calendar/twenty", None)
        .await
        .assert_problem(400, "invalid_path");
    app.get("/api/v1/calendar/lunar/2026-02-30", None)
        .await
        .assert_problem(400, "invalid_path");
    app.get("/api/v1/calendar/lunar/2300-01-01", None)
        .await
        .assert_problem(422, "validation");
}
