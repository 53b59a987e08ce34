//! The staff workspace's pages over HTTP with a browser's cookies: signing
//! in and out, the work queue and its filters, a dossier's page and its
//! actions, a form sent on a dossier someone else changed first, and the
//! list of an agency's staff the pickers use. The same journeys run in a
//! real browser in `tests/browser/test_staff.py`.

use chrono::TimeDelta;
use reqwest::StatusCode;
use serde_json::json;

use crate::account_pages::{Visitor, location};
use crate::helpers::{TestApp, business_household, spawn_app_with_long_sessions as spawn_app};

const ECONOMY: &str = "Phòng Kinh tế, Hạ tầng và Đô thị";

/// Receives the business-household dossier as the demo clerk; its code.
async fn received(app: &TestApp) -> String {
    let clerk = app.login("clerk").await;
    let answer = app.receive(&clerk, &business_household()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.json["dossier"]["code"].as_str().unwrap().to_owned()
}

/// Signs the demo user `username` in through the staff sign-in form.
pub(crate) async fn signed_in(v: &mut Visitor<'_>, username: &str) {
    signed_in_with(v, username, "demo").await;
}

/// Signs `username` in through the staff sign-in form.
async fn signed_in_with(v: &mut Visitor<'_>, username: &str, password: &str) {
    let form = v.get("/can-bo/dang-nhap").await;
    assert_eq!(form.status, 200, "{}", form.text);
    let csrf = v.csrf();
    let answer = v
        .post(
            "/can-bo/dang-nhap",
            &[
                ("csrf", &csrf),
                ("username", username),
                ("password", password),
                ("tiep", "/can-bo/ho-so"),
            ],
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.text);
    assert_eq!(location(&answer), "/can-bo/ho-so");
}

/// The value of the hidden field `name` of the form that posts to `action`.
pub(crate) fn hidden(page: &str, action: &str, name: &str) -> String {
    let form = &page[page
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form to {action}"))..];
    let marker = format!("name=\"{name}\" value=\"");
    let start = form.find(&marker).unwrap() + marker.len();
    form[start..start + form[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn staff_sign_in_with_the_apis_rules_opens_the_queue_and_sign_out_ends_it() {
    let app = spawn_app().await;
    let code = received(&app).await;
    let mut v = Visitor::new(&app);

    let asked = v.get("/can-bo/ho-so?han=qua-han").await;
    assert_eq!(asked.status, 303);
    assert_eq!(
        location(&asked),
        "/can-bo/dang-nhap?tiep=%2Fcan-bo%2Fho-so%3Fhan%3Dqua-han"
    );

    let form = v.get("/can-bo/dang-nhap").await;
    assert!(form.text.contains("Đăng nhập cán bộ"), "{}", form.text);
    let csrf = v.csrf();
    let wrong = v
        .post(
            "/can-bo/dang-nhap",
            &[("csrf", &csrf), ("username", "clerk"), ("password", "sai")],
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert!(
        wrong
            .text
            .contains("Tên đăng nhập hoặc mật khẩu không đúng")
    );
    assert!(
        wrong.text.contains("value=\"clerk\""),
        "the name typed stays"
    );
    assert!(!v.cookies.contains_key("phien-can-bo"));
    let blank = v
        .post("/can-bo/dang-nhap", &[("csrf", &csrf), ("username", " ")])
        .await;
    assert_eq!(blank.status, 400);
    assert!(blank.text.contains("Nhập tên đăng nhập") && blank.text.contains("Nhập mật khẩu"));
    // Without this browser's form token nothing happens.
    let forged = v
        .post(
            "/can-bo/dang-nhap",
            &[("csrf", "x"), ("username", "clerk"), ("password", "demo")],
        )
        .await;
    assert_eq!(forged.status, 403);

    let answer = v
        .post(
            "/can-bo/dang-nhap",
            &[
                ("csrf", &csrf),
                ("username", "clerk"),
                ("password", "demo"),
                ("tiep", "/can-bo/ho-so?han=qua-han"),
            ],
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.text);
    assert_eq!(location(&answer), "/can-bo/ho-so?han=qua-han");
    let cookie = answer
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("phien-can-bo="))
        .expect("a staff session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Path=/can-bo"),
        "{cookie}"
    );
    // A sign-in never sends anyone off the workspace.
    let csrf = v.csrf();
    let elsewhere = v
        .post(
            "/can-bo/dang-nhap",
            &[
                ("csrf", &csrf),
                ("username", "clerk"),
                ("password", "demo"),
                ("tiep", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&elsewhere), "/can-bo/ho-so");

    let queue = v.get("/can-bo/ho-so").await;
    assert_eq!(queue.status, 200, "{}", queue.text);
    assert!(
        queue.text.contains("Nguyễn Thị Lan"),
        "the header names who is signed in"
    );
    assert!(queue.text.contains("Công chức Bộ phận Một cửa"));
    assert!(queue.text.contains(&code));
    assert_eq!(queue.headers["cache-control"], "private, no-store");
    // The citizen pages do not take a staff session for a citizen's.
    let account = v.get("/tai-khoan").await;
    assert_eq!(account.status, 303);

    let csrf = v.csrf();
    let out = v.post("/can-bo/dang-xuat", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    assert_eq!(location(&out), "/can-bo/dang-nhap?tb=da-dang-xuat");
    assert!(!v.cookies.contains_key("phien-can-bo"));
    assert_eq!(v.get("/can-bo/ho-so").await.status, 303);
}

#[tokio::test]
async fn a_session_token_kept_after_sign_out_opens_nothing() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    signed_in(&mut v, "leader").await;
    let token = v.cookies["phien-can-bo"].clone();
    let csrf = v.csrf();
    v.post("/can-bo/dang-xuat", &[("csrf", &csrf)]).await;
    v.cookies.insert("phien-can-bo".into(), token);
    let again = v.get("/can-bo/ho-so").await;
    assert_eq!(again.status, 303);
    assert!(location(&again).starts_with("/can-bo/dang-nhap"));
}

#[tokio::test]
async fn the_queue_shows_whose_dossiers_colours_them_by_due_state_and_filters_them() {
    let app = spawn_app().await;
    let early = received(&app).await;
    app.advance(TimeDelta::days(1));
    let later = received(&app).await;
    let mut v = Visitor::new(&app);
    signed_in(&mut v, "clerk").await;

    let queue = v.get("/can-bo/ho-so").await;
    assert!(queue.text.contains(&early) && queue.text.contains(&later));
    let first = queue.text.find(&early).unwrap();
    assert!(
        first < queue.text.find(&later).unwrap(),
        "soonest due first"
    );
    assert!(queue.text.contains("2 hồ sơ"));
    assert!(
        queue.text.contains("<strong>2</strong> Đang giải quyết"),
        "{}",
        queue.text
    );
    // A change is counted at once, not when the kept counts expire.
    let third = received(&app).await;
    let again = v.get("/can-bo/ho-so").await;
    assert!(again.text.contains("<strong>3</strong> Đang giải quyết"));
    assert!(again.text.contains(&third));

    // Three working days later the first is overdue (a new day, a new
    // sign-in: a session lasts a working day at most).
    app.advance(TimeDelta::days(3));
    app.run_jobs().await;
    signed_in(&mut v, "clerk").await;
    let overdue = v.get("/can-bo/ho-so?han=qua-han").await;
    assert_eq!(overdue.status, 200);
    assert!(overdue.text.contains(&early) && !overdue.text.contains(&later));
    assert!(overdue.text.contains("class=\"due-overdue\""));
    assert!(
        overdue.text.contains("<strong>1</strong> Quá hạn"),
        "{}",
        overdue.text
    );

    let by_status = v.get("/can-bo/ho-so?trang-thai=finished").await;
    assert!(by_status.text.contains("Không có hồ sơ nào khớp"));
    let by_procedure = v.get("/can-bo/ho-so?thu-tuc=1.001612").await;
    assert!(by_procedure.text.contains(&early));

    // A wrong filter is said at its field, not answered with an error page.
    let wrong = v.get("/can-bo/ho-so?tu-ngay=hom-qua&thu-tuc=%3Cb%3E").await;
    assert_eq!(wrong.status, 400);
    assert!(wrong.text.contains("Nhập ngày theo dạng năm-tháng-ngày"));
    assert!(wrong.text.contains("href=\"#tu-ngay\""));
    assert!(wrong.text.contains("href=\"#thu-tuc\""));
    assert!(!wrong.text.contains("<b>"), "what was typed is escaped");
    let cursor = v.get("/can-bo/ho-so?sau=rubbish").await;
    assert_eq!(cursor.status, 400);

    // A case officer opens on their own dossiers: none yet.
    let mut specialist = Visitor::new(&app);
    signed_in(&mut specialist, "specialist").await;
    let mine = specialist.get("/can-bo/ho-so").await;
    assert!(mine.text.contains("aria-current=\"page\">Của tôi"));
    assert!(!mine.text.contains(&early));
}

#[tokio::test]
async fn a_dossier_goes_from_the_counter_to_its_result_through_its_page() {
    let app = spawn_app().await;
    let code = received(&app).await;
    let path = format!("/can-bo/ho-so/{code}");
    let staff = app
        .get(
            "/api/v1/agencies/000.25.01.H26/users",
            Some(&app.login("clerk").await),
        )
        .await;
    let specialist_id = staff
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "specialist")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let clerk_token = app.login("clerk").await;
    let economy = app.unit_id(&clerk_token, "000.25.01.H26", ECONOMY).await;

    let mut clerk = Visitor::new(&app);
    signed_in(&mut clerk, "clerk").await;
    let page = clerk.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text.contains("001203004567"),
        "staff see the applicant"
    );
    assert!(page.text.contains("Phân công xử lý"));
    assert!(
        page.text.contains("Lê Văn Minh"),
        "colleagues are picked by name"
    );
    assert!(
        !page.text.contains("Hoàn thành, có kết quả"),
        "a clerk does not finish"
    );
    let version = hidden(&page.text, &format!("{path}/assign"), "version");
    let seen = hidden(&page.text, &format!("{path}/assign"), "seen");
    let csrf = clerk.csrf();
    let assigned = clerk
        .post(
            &format!("{path}/assign"),
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("seen", &seen),
                ("unit_id", &economy),
                ("assignee_id", &specialist_id),
                ("note", "Chuyển phòng Kinh tế"),
            ],
        )
        .await;
    assert_eq!(assigned.status, 303, "{}", assigned.text);
    assert_eq!(location(&assigned), format!("{path}?tb=assign"));
    let after = clerk.get(location(&assigned)).await;
    assert!(after.text.contains("Đã xong: Phân công xử lý."));
    // The forms it has so far, printable from its page.
    assert!(
        after
            .text
            .contains(&format!("{path}/in/giay-tiep-nhan.pdf"))
    );
    assert!(!after.text.contains(&format!("{path}/in/tu-choi")));
    let sheet = clerk.get(&format!("{path}/in/phieu-kiem-soat.pdf")).await;
    assert_eq!(sheet.status, 200);
    assert!(sheet.text.starts_with("%PDF"));
    assert!(after.text.contains("Chuyển phòng Kinh tế"));

    let mut specialist = Visitor::new(&app);
    signed_in(&mut specialist, "specialist").await;
    assert!(
        specialist.get("/can-bo/ho-so").await.text.contains(&code),
        "now theirs"
    );
    // The case officer hands it to the leader, who decides.
    let page = specialist.get(&path).await;
    let hand_over = format!("{path}/hand-over");
    let leader_token = app.login("leader").await;
    let leader_id = app.user_id(&leader_token).await;
    let office = app
        .unit_id(&clerk_token, "000.25.01.H26", "Văn phòng HĐND và UBND")
        .await;
    let csrf = specialist.csrf();
    let handed = specialist
        .post(
            &hand_over,
            &[
                ("csrf", &csrf),
                ("version", &hidden(&page.text, &hand_over, "version")),
                ("unit_id", &office),
                ("assignee_id", &leader_id),
            ],
        )
        .await;
    assert_eq!(handed.status, 303, "{}", handed.text);

    let mut leader = Visitor::new(&app);
    signed_in(&mut leader, "leader").await;
    let page = leader.get(&path).await;
    let finish = format!("{path}/finish");
    let version = hidden(&page.text, &finish, "version");
    let csrf = leader.csrf();
    // Filled wrongly: said at the field, what was typed kept.
    let wrong = leader
        .post(
            &finish,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("summary", "   "),
                ("document_number", "01A8012345"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.text);
    assert!(wrong.text.contains("href=\"#finish-summary\""));
    assert!(wrong.text.contains("Nhập tóm tắt kết quả"));
    assert!(wrong.text.contains("value=\"01A8012345\""));
    assert!(
        wrong
            .text
            .contains("<details class=\"action\" id=\"finish\" open>")
    );
    assert_eq!(app.dossier(&clerk_token, &code).await["status"]["code"], 4);

    let done = leader
        .post(
            &finish,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("summary", "Cấp Giấy chứng nhận đăng ký hộ kinh doanh"),
                ("document_number", "01A8012345"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.text);

    let page = clerk.get(&path).await;
    let give = format!("{path}/return-result");
    let version = hidden(&page.text, &give, "version");
    let csrf = clerk.csrf();
    let by_post_without_number = clerk
        .post(
            &give,
            &[("csrf", &csrf), ("version", &version), ("method", "post")],
        )
        .await;
    assert_eq!(by_post_without_number.status, 422);
    assert!(
        by_post_without_number
            .text
            .contains("href=\"#return-result-tracking_number\"")
    );
    assert!(
        by_post_without_number
            .text
            .contains("value=\"post\" checked")
    );
    let returned = clerk
        .post(
            &give,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("method", "counter"),
            ],
        )
        .await;
    assert_eq!(returned.status, 303, "{}", returned.text);
    let d = app.dossier(&clerk_token, &code).await;
    assert_eq!(d["status"]["code"], 10);
    assert_eq!(d["result"]["document_number"], "01A8012345");
}

#[tokio::test]
async fn a_form_sent_on_a_dossier_changed_meanwhile_is_refused_with_what_changed_and_what_was_typed()
 {
    let app = spawn_app().await;
    let code = received(&app).await;
    let path = format!("/can-bo/ho-so/{code}");
    let mut first = Visitor::new(&app);
    signed_in(&mut first, "clerk").await;
    let page = first.get(&path).await;
    let action = format!("{path}/request-supplement");
    let version = hidden(&page.text, &action, "version");
    let seen = hidden(&page.text, &action, "seen");

    // A colleague hands it to a unit first.
    let mut second = Visitor::new(&app);
    signed_in(&mut second, "clerk").await;
    let other = second.get(&path).await;
    let assign = format!("{path}/assign");
    let clerk_token = app.login("clerk").await;
    let economy = app.unit_id(&clerk_token, "000.25.01.H26", ECONOMY).await;
    let csrf = second.csrf();
    let assigned = second
        .post(
            &assign,
            &[
                ("csrf", &csrf),
                ("version", &hidden(&other.text, &assign, "version")),
                ("seen", &hidden(&other.text, &assign, "seen")),
                ("unit_id", &economy),
                ("note", "Chuyển phòng Kinh tế xem trước"),
            ],
        )
        .await;
    assert_eq!(assigned.status, 303, "{}", assigned.text);

    let csrf = first.csrf();
    let stale = first
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("seen", &seen),
                ("items", "Bản sao hợp đồng thuê nhà\nGiấy uỷ quyền"),
            ],
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    assert!(stale.text.contains("Hồ sơ vừa được người khác thay đổi"));
    assert!(
        stale.text.contains("Chuyển phòng Kinh tế xem trước"),
        "what changed is listed"
    );
    assert!(
        stale
            .text
            .contains("Bản sao hợp đồng thuê nhà\nGiấy uỷ quyền"),
        "what was typed is kept"
    );
    // Nothing was written, and the form now carries the current version.
    let d = app.dossier(&clerk_token, &code).await;
    assert_eq!(d["status"]["name"], "processing");
    assert!(
        d["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] != "supplement_requested")
    );
    let now = d["version"].as_i64().unwrap().to_string();
    assert!(
        stale
            .text
            .contains(&format!("name=\"version\" value=\"{now}\""))
    );
}

#[tokio::test]
async fn actions_a_role_may_not_take_or_that_do_not_exist_change_nothing() {
    let app = spawn_app().await;
    let code = received(&app).await;
    let path = format!("/can-bo/ho-so/{code}");
    let mut specialist = Visitor::new(&app);
    signed_in(&mut specialist, "specialist").await;
    let page = specialist.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(!page.text.contains("Tiếp nhận hồ sơ</summary>"));
    let csrf = specialist.csrf();
    let accept = specialist
        .post(
            &format!("{path}/accept"),
            &[("csrf", &csrf), ("version", "1")],
        )
        .await;
    assert_eq!(accept.status, 403, "{}", accept.text);
    let payment = specialist
        .post(
            &format!("{path}/confirm-payment"),
            &[("csrf", &csrf), ("version", "1")],
        )
        .await;
    assert_eq!(payment.status, 404);
    let unknown = specialist
        .post(
            &format!("{path}/approve-all"),
            &[("csrf", &csrf), ("version", "1")],
        )
        .await;
    assert_eq!(unknown.status, 404);
    let no_version = specialist
        .post(
            &format!("{path}/send-back"),
            &[("csrf", &csrf), ("reason", "x")],
        )
        .await;
    assert_eq!(no_version.status, 400);
    assert_eq!(specialist.get("/can-bo/ho-so/khong-co").await.status, 404);
    assert_eq!(
        specialist
            .get("/can-bo/ho-so/000.25.01.H26-260101-0099")
            .await
            .status,
        404
    );

    // Another agency's clerk does not see the dossier at all.
    app.other_agency_clerk().await;
    let mut stranger = Visitor::new(&app);
    signed_in_with(&mut stranger, "clerk2", "another-secret").await;
    assert_eq!(stranger.get(&path).await.status, 404);
}

#[tokio::test]
async fn an_agencys_staff_are_listed_by_name_to_its_own_staff_and_administrators_only() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let list = app
        .get("/api/v1/agencies/000.25.01.H26/users", Some(&clerk))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let users = list.json.as_array().unwrap();
    assert!(users.iter().any(|u| u["username"] == "specialist"
        && u["full_name"] == "Lê Văn Minh"
        && u["unit"]["name"] == ECONOMY
        && u["active"] == true));
    assert!(users.iter().all(|u| u.get("password_hash").is_none()));
    let names: Vec<&str> = users
        .iter()
        .map(|u| u["full_name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "by name");

    let sysadmin = app.login("sysadmin").await;
    let any = app
        .get("/api/v1/agencies/000.25.01.H26/users", Some(&sysadmin))
        .await;
    assert_eq!(any.status, StatusCode::OK);
    let stranger = app.other_agency_clerk().await;
    let refused = app
        .get("/api/v1/agencies/000.25.01.H26/users", Some(&stranger))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    let anonymous = app.get("/api/v1/agencies/000.25.01.H26/users", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let unknown = app
        .get("/api/v1/agencies/000.25.99.H26/users", Some(&clerk))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

/// The counter form's fields for the household-business procedure, the
/// first document ticked when `complete`.
fn counter_fields(csrf: &str, complete: bool) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("csrf", csrf.to_owned()),
        ("copy-0", "original".to_owned()),
        ("count-0", "1".to_owned()),
        ("copy-1", "copy".to_owned()),
        ("count-1", "1".to_owned()),
        ("copy-2", "copy".to_owned()),
        ("count-2", "1".to_owned()),
        ("full_name", "Nguyễn Văn An".to_owned()),
        ("id_number", "001203004567".to_owned()),
        ("birth_date", "17/05/1990".to_owned()),
        ("phone", "0912345678".to_owned()),
        ("email", "".to_owned()),
        (
            "address",
            "12 Phan Đình Phùng, phường Ba Đình, Hà Nội".to_owned(),
        ),
        ("organization_name", "".to_owned()),
        ("tax_code", "".to_owned()),
        ("delivery", "counter".to_owned()),
        ("post_address", "".to_owned()),
        ("more", "".to_owned()),
        ("reasons", "".to_owned()),
        ("outcome", "receive".to_owned()),
    ];
    if complete {
        fields.push(("doc-0", "1".to_owned()));
    }
    fields
}

fn with(
    mut fields: Vec<(&'static str, String)>,
    name: &'static str,
    value: &str,
) -> Vec<(&'static str, String)> {
    fields.retain(|(k, _)| *k != name);
    fields.push((name, value.to_owned()));
    fields
}

/// Posts the counter form with this browser's form token.
async fn post_counter(
    v: &mut Visitor<'_>,
    fields: &[(&'static str, String)],
) -> crate::helpers::Answer {
    let fields = with(fields.to_vec(), "csrf", &v.csrf());
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, val)| (*k, val.as_str())).collect();
    v.post("/can-bo/tiep-nhan/1.001612", &pairs).await
}

#[tokio::test]
async fn a_clerk_finds_the_procedure_receives_at_the_counter_and_prints_the_receipt() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    signed_in(&mut v, "clerk").await;
    let queue = v.get("/can-bo/ho-so").await;
    assert!(
        queue.text.contains("href=\"/can-bo/tiep-nhan\""),
        "clerks see the counter"
    );

    let found = v.get("/can-bo/tiep-nhan?q=ho+kinh+doanh").await;
    assert_eq!(found.status, 200);
    assert!(
        found.text.contains("href=\"/can-bo/tiep-nhan/1.001612\""),
        "{}",
        found.text
    );
    let none = v.get("/can-bo/tiep-nhan?q=khong+co+thu+tuc+nay").await;
    assert!(none.text.contains("Không có thủ tục nào"));
    let by_code = v.get("/can-bo/tiep-nhan?q=1.001612").await;
    assert_eq!(by_code.status, 303);
    assert_eq!(location(&by_code), "/can-bo/tiep-nhan/1.001612");

    let form = v.get("/can-bo/tiep-nhan/1.001612").await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains("Giấy đề nghị đăng ký hộ kinh doanh"));
    assert_eq!(v.get("/can-bo/tiep-nhan/9.999999").await.status, 404);

    let received = post_counter(&mut v, &counter_fields("", true)).await;
    assert_eq!(received.status, 303, "{}", received.text);
    let outcome = location(&received).to_owned();
    assert!(outcome.ends_with("/ket-qua-tiep-nhan"), "{outcome}");
    let page = v.get(&outcome).await;
    assert!(page.text.contains("Đã tiếp nhận hồ sơ"));
    let code = outcome
        .trim_start_matches("/can-bo/ho-so/")
        .trim_end_matches("/ket-qua-tiep-nhan")
        .to_owned();
    assert!(page.text.contains(&code));
    let pdf = v
        .get(&format!("/can-bo/ho-so/{code}/in/giay-tiep-nhan.pdf"))
        .await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    assert!(pdf.text.starts_with("%PDF"));
    let html = v
        .get(&format!("/can-bo/ho-so/{code}/in/giay-tiep-nhan"))
        .await;
    assert_eq!(html.status, 200);
    assert!(html.text.contains(&code));
    assert_eq!(html.headers["content-security-policy"], motcua_forms_csp());
    // A received dossier has no refusal to print.
    assert_eq!(
        v.get(&format!("/can-bo/ho-so/{code}/in/tu-choi"))
            .await
            .status,
        409
    );
    assert_eq!(
        v.get(&format!("/can-bo/ho-so/{code}/in/khac")).await.status,
        404
    );
    let d = app.dossier(&app.login("clerk").await, &code).await;
    assert_eq!(d["applicant"]["birth_date"], "1990-05-17");
    assert_eq!(d["documents"].as_array().unwrap().len(), 1);
}

fn motcua_forms_csp() -> &'static str {
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
}

#[tokio::test]
async fn a_dossier_missing_a_document_gets_the_guidance_and_a_refusal_needs_its_reasons() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    signed_in(&mut v, "clerk").await;
    v.get("/can-bo/tiep-nhan/1.001612").await;
    let before = app.counts().await["dossiers"];

    let incomplete = post_counter(&mut v, &counter_fields("", false)).await;
    assert_eq!(incomplete.status, 303, "{}", incomplete.text);
    let guidance = location(&incomplete).to_owned();
    assert!(guidance.starts_with("/can-bo/phieu-bo-sung/"), "{guidance}");
    let page = v.get(&guidance).await;
    assert!(page.text.contains("Hồ sơ chưa đủ: hướng dẫn bổ sung"));
    let printed = v.get(&format!("{guidance}/ban-in.pdf")).await;
    assert_eq!(printed.status, 200);
    assert!(printed.text.starts_with("%PDF"));
    assert!(
        v.get(&format!("{guidance}/ban-in"))
            .await
            .text
            .contains("Giấy đề nghị đăng ký hộ kinh doanh")
    );
    assert_eq!(app.counts().await["dossiers"], before, "no code is used");

    let no_reasons =
        post_counter(&mut v, &with(counter_fields("", true), "outcome", "refuse")).await;
    assert_eq!(no_reasons.status, 422, "{}", no_reasons.text);
    assert!(no_reasons.text.contains("href=\"#reasons\""));
    assert!(
        no_reasons
            .text
            .contains("<details class=\"details refuse\" open>")
    );
    let refused = post_counter(
        &mut v,
        &with(
            with(counter_fields("", true), "outcome", "refuse"),
            "reasons",
            "Hộ kinh doanh đã đăng ký tại phường khác",
        ),
    )
    .await;
    assert_eq!(refused.status, 303, "{}", refused.text);
    let page = v.get(location(&refused)).await;
    assert!(page.text.contains("Đã từ chối tiếp nhận hồ sơ"));
    let code = location(&refused)
        .trim_start_matches("/can-bo/ho-so/")
        .trim_end_matches("/ket-qua-tiep-nhan")
        .to_owned();
    let notice = v.get(&format!("/can-bo/ho-so/{code}/in/tu-choi")).await;
    assert!(
        notice
            .text
            .contains("Hộ kinh doanh đã đăng ký tại phường khác")
    );
}

#[tokio::test]
async fn a_counter_form_filled_wrongly_comes_back_with_each_error_at_its_field_and_nothing_written()
{
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    signed_in(&mut v, "clerk").await;
    v.get("/can-bo/tiep-nhan/1.001612").await;
    let before = app.counts().await;
    let csrf = v.csrf();
    let wrong = with(
        with(
            with(
                with(counter_fields(&csrf, true), "id_number", "12345"),
                "birth_date",
                "30/02/1990",
            ),
            "count-0",
            "0",
        ),
        "delivery",
        "post",
    );
    let wrong = with(wrong, "full_name", "");
    let answer = post_counter(&mut v, &wrong).await;
    assert_eq!(answer.status, 422, "{}", answer.text);
    for field in [
        "full_name",
        "id_number",
        "birth_date",
        "doc-0",
        "post_address",
    ] {
        assert!(
            answer.text.contains(&format!("href=\"#{field}\"")),
            "{field}: {}",
            answer.text
        );
    }
    assert!(
        answer.text.contains("value=\"12345\""),
        "what was typed stays"
    );
    assert!(answer.text.contains("value=\"30/02/1990\""));
    assert_eq!(app.counts().await, before, "nothing written");
    // A specialist does not receive at the counter.
    let mut specialist = Visitor::new(&app);
    signed_in(&mut specialist, "specialist").await;
    specialist.get("/can-bo/tiep-nhan/1.001612").await;
    let csrf = specialist.csrf();
    let refused = post_counter(&mut specialist, &counter_fields(&csrf, true)).await;
    assert_eq!(refused.status, 403);
    assert!(
        !specialist
            .get("/can-bo/ho-so")
            .await
            .text
            .contains("href=\"/can-bo/tiep-nhan\"")
    );
}

#[tokio::test]
async fn a_clerk_reviews_an_online_dossier_reads_its_files_in_the_page_and_accepts_it() {
    let app = spawn_app().await;
    let citizen = app.citizen("binh@example.vn").await;
    let (_, code) =
        crate::results::submitted(&app, &citizen, "1.001612", "online", &[0], "k1").await;
    let path = format!("/can-bo/ho-so/{code}");
    let mut v = Visitor::new(&app);
    signed_in(&mut v, "clerk").await;
    let waiting = v.get("/can-bo/ho-so?trang-thai=submitted").await;
    assert!(waiting.text.contains(&code), "{}", waiting.text);

    let page = v.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("Tệp người nộp tải lên"));
    assert!(
        page.text.contains("Tiếp nhận hồ sơ</summary>"),
        "a clerk may accept"
    );
    let start = page
        .text
        .find(&format!("{path}/tep/"))
        .expect("a link to the file");
    let href = page.text[start..start + page.text[start..].find('"').unwrap()].to_owned();
    let file = v.get(&href).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.headers["content-type"], "application/pdf");
    assert!(
        file.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline;")
    );
    assert!(file.text.starts_with("%PDF"));
    assert_eq!(v.get(&format!("{path}/tep/khong-co")).await.status, 404);

    let accept = format!("{path}/accept");
    let csrf = v.csrf();
    let accepted = v
        .post(
            &accept,
            &[
                ("csrf", &csrf),
                ("version", &hidden(&page.text, &accept, "version")),
                ("seen", &hidden(&page.text, &accept, "seen")),
            ],
        )
        .await;
    assert_eq!(accepted.status, 303, "{}", accepted.text);
    let d = app.dossier(&app.login("clerk").await, &code).await;
    assert_eq!(d["status"]["name"], "received");
    assert!(d["receipt_number"].as_i64().is_some());
    // The citizen sees it accepted.
    let mine = app.get("/api/v1/me/dossiers", Some(&citizen)).await;
    assert!(mine.text.contains(&code));
    assert!(mine.text.contains("\"received\""), "{}", mine.text);

    // The fee asked for online shows on the page, not yet paid.
    let page = v.get(&path).await;
    assert!(!page.text.contains("Phí, lệ phí"), "no fee asked yet");
    let ask = format!("{path}/request-payment");
    let asked = v
        .post(
            &ask,
            &[
                ("csrf", &csrf),
                ("version", &hidden(&page.text, &ask, "version")),
                ("seen", &hidden(&page.text, &ask, "seen")),
                ("amount_vnd", "50.000"),
            ],
        )
        .await;
    assert_eq!(asked.status, 303, "{}", asked.text);
    let page = v.get(&path).await;
    assert!(page.text.contains("Phí, lệ phí"));
    assert!(
        page.text.contains("Yêu cầu nộp 50.000 đồng lúc"),
        "{}",
        page.text
    );
    assert!(page.text.contains("<strong>Chưa nộp</strong>"));
}

#[tokio::test]
async fn the_leaders_dashboard_shows_the_months_indicators_as_figures_charts_and_files() {
    let app = spawn_app().await;
    let code = received(&app).await;
    let clerk = app.login("clerk").await;
    let economy = app.unit_id(&clerk, "000.25.01.H26", ECONOMY).await;
    let d = app.dossier(&clerk, &code).await;
    let assigned = app
        .act(
            &clerk,
            &code,
            "assign",
            d["version"].as_i64().unwrap(),
            json!({"unit_id": economy}),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
    received(&app).await;
    // A week later both are late, the first held by the economy unit.
    app.advance(TimeDelta::days(7));
    app.run_jobs().await;

    let mut v = Visitor::new(&app);
    signed_in(&mut v, "leader").await;
    let page = v.get("/can-bo/bao-cao").await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text
            .contains("href=\"/can-bo/bao-cao\" aria-current=\"page\"")
    );
    assert!(
        page.text
            .contains("hồ sơ tiếp nhận từ 01/03/2026 đến 31/03/2026"),
        "this month by default"
    );
    assert!(page.text.contains("<svg class=\"chart\""));
    assert!(
        page.text.contains(ECONOMY),
        "the unit that made it late is named"
    );
    assert!(
        page.text.contains("0 trực tuyến"),
        "both came to the counter"
    );
    let figures = &page.text[page.text.find("class=\"figures\"").unwrap()..];
    assert!(
        figures.contains("<strong>2</strong>"),
        "two received: {figures}"
    );
    assert!(figures.contains("2 chưa có thư xin lỗi"), "{figures}");

    let year = v.get("/can-bo/bao-cao?ky=2026").await;
    assert!(year.text.contains("từ 01/01/2026 đến 31/12/2026"));
    let wrong = v.get("/can-bo/bao-cao?ky=thang-ba").await;
    assert_eq!(wrong.status, 400);
    assert!(wrong.text.contains("href=\"#ky\""));
    assert!(wrong.text.contains("value=\"thang-ba\""));

    let csv = v.get("/can-bo/bao-cao/tai-ve?ky=2026-03&dang=csv").await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert!(csv.text.contains("Tỷ lệ hồ sơ giải quyết đúng hạn"));
    let xlsx = v.get("/can-bo/bao-cao/tai-ve?ky=2026-03&dang=xlsx").await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.text.starts_with("PK"));
    assert_eq!(
        v.get("/can-bo/bao-cao/tai-ve?ky=2026-03&dang=pdf")
            .await
            .status,
        400
    );

    // A clerk has no reports.
    let mut clerk_pages = Visitor::new(&app);
    signed_in(&mut clerk_pages, "clerk").await;
    assert_eq!(clerk_pages.get("/can-bo/bao-cao").await.status, 403);
    assert!(
        !clerk_pages
            .get("/can-bo/ho-so")
            .await
            .text
            .contains("href=\"/can-bo/bao-cao\"")
    );
}
