//! A citizen's account in the pages, over HTTP with the cookies a browser
//! keeps: register, the e-mailed links, sign in and out, new passwords,
//! the form token, and forms filled wrongly. The same journeys run in a
//! real browser in `tests/browser/`.

use std::collections::BTreeMap;

use crate::helpers::{Answer, TestApp, spawn_app};

const PASSWORD: &str = "một câu đủ dài để nhớ";

/// A browser's cookie jar over the test app: every answer's cookies are
/// kept, as a browser would (expired ones dropped).
pub(crate) struct Visitor<'a> {
    pub(crate) app: &'a TestApp,
    pub(crate) cookies: BTreeMap<String, String>,
}

impl<'a> Visitor<'a> {
    pub(crate) fn new(app: &'a TestApp) -> Self {
        Visitor {
            app,
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, answer: &Answer) {
        for value in answer.headers.get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.to_ascii_lowercase().contains("max-age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    pub(crate) async fn get(&mut self, path: &str) -> Answer {
        self.send(self.app.client.get(self.app.url(path))).await
    }

    /// Sends a request with this browser's cookies, as from this site.
    pub(crate) async fn send(&mut self, request: reqwest::RequestBuilder) -> Answer {
        let request = request
            .header("cookie", self.cookie_header())
            .header("origin", self.app.url("").trim_end_matches('/'));
        let answer = Answer::from(request.send().await.unwrap()).await;
        self.keep(&answer);
        answer
    }

    /// Posts a form as a browser does: its fields, urlencoded, with this
    /// site as the origin.
    pub(crate) async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        self.post_from(path, fields, &self.app.url("")).await
    }

    async fn post_from(&mut self, path: &str, fields: &[(&str, &str)], origin: &str) -> Answer {
        let request = self
            .app
            .client
            .post(self.app.url(path))
            .header("cookie", self.cookie_header())
            .header("origin", origin.trim_end_matches('/'))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(fields).unwrap());
        let answer = Answer::from(request.send().await.unwrap()).await;
        self.keep(&answer);
        answer
    }

    /// The form token this browser holds (the one the forms carry).
    pub(crate) fn csrf(&self) -> String {
        self.cookies.get("csrf").cloned().expect("a form token")
    }

    fn session(&self) -> Option<String> {
        self.cookies.get("phien").cloned()
    }
}

pub(crate) fn location(answer: &Answer) -> &str {
    answer.headers["location"].to_str().unwrap()
}

fn set_cookie(answer: &Answer, name: &str) -> String {
    answer
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie set"))
}

/// Registers `email` as a person through the form.
async fn register(v: &mut Visitor<'_>, email: &str) {
    let form = v.get("/dang-ky").await;
    assert_eq!(form.status, 200, "{}", form.text);
    let csrf = v.csrf();
    assert!(
        form.text
            .contains(&format!("name=\"csrf\" value=\"{csrf}\""))
    );
    let done = v
        .post(
            "/dang-ky",
            &[
                ("csrf", &csrf),
                ("kind", "person"),
                ("full_name", "Trần Thị Bình"),
                ("email", email),
                ("phone", "0912 345 678"),
                ("password", PASSWORD),
                ("password_again", PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.text);
    assert_eq!(location(&done), "/dang-ky/kiem-tra-email");
}

/// Follows the verification link the server e-mailed.
async fn verify(v: &mut Visitor<'_>, email: &str) {
    let token = v.app.link_token(email).await;
    let page = v.get(&format!("/xac-thuc-email?token={token}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("Đã xác nhận địa chỉ email"));
}

/// A citizen registered, confirmed and signed in on `v`.
pub(crate) async fn signed_in_citizen(v: &mut Visitor<'_>, email: &str) {
    register(v, email).await;
    verify(v, email).await;
    let answer = sign_in(v, email, PASSWORD).await;
    assert_eq!(answer.status, 303, "{}", answer.text);
}

async fn sign_in(v: &mut Visitor<'_>, email: &str, password: &str) -> Answer {
    v.get("/dang-nhap").await;
    let csrf = v.csrf();
    v.post(
        "/dang-nhap",
        &[
            ("csrf", &csrf),
            ("email", email),
            ("password", password),
            ("tiep", "/tai-khoan"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_citizen_registers_follows_the_emailed_link_signs_in_and_out() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    register(&mut v, "binh@example.vn").await;
    let check = v.get("/dang-ky/kiem-tra-email").await;
    assert!(check.text.contains("Kiểm tra hộp thư"));
    // The e-mail's link is a page of ours, not the JSON API.
    let notices = app.notices_to("binh@example.vn").await;
    assert_eq!(notices, ["account_verification"]);
    let link = app.link_url("binh@example.vn").await;
    assert!(
        link.starts_with("https://motcua.test/xac-thuc-email?token="),
        "{link}"
    );
    verify(&mut v, "binh@example.vn").await;

    // The account page asks for a sign-in first, and comes back after.
    let asked = v.get("/tai-khoan").await;
    assert_eq!(asked.status, 303);
    assert_eq!(location(&asked), "/dang-nhap?tiep=%2Ftai-khoan");
    let csrf_before = v.csrf();
    let signed_in = sign_in(&mut v, "Binh@Example.vn", PASSWORD).await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.text);
    assert_eq!(location(&signed_in), "/tai-khoan");
    let cookie = set_cookie(&signed_in, "phien");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // For this browser session only; Secure, as the public address is https.
    assert!(
        !cookie.contains("Max-Age") && cookie.contains("Secure"),
        "{cookie}"
    );
    // The form token is new after a sign-in.
    assert_ne!(v.csrf(), csrf_before);

    let account = v.get("/tai-khoan").await;
    assert_eq!(account.status, 200, "{}", account.text);
    assert!(account.text.contains("Xin chào, Trần Thị Bình"));
    assert!(account.text.contains("0912345678"));
    assert_eq!(account.headers["cache-control"], "private, no-store");
    // The header offers the account instead of the sign-in.
    assert!(
        account
            .text
            .contains("href=\"/tai-khoan\" aria-current=\"page\"")
    );

    let session = v.session().unwrap();
    let csrf = v.csrf();
    let out = v.post("/dang-xuat", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    assert_eq!(location(&out), "/dang-nhap?tb=da-dang-xuat");
    assert!(v.session().is_none(), "the cookie is removed");
    let banner = v.get("/dang-nhap?tb=da-dang-xuat").await;
    assert!(banner.text.contains("Bạn đã đăng xuất."));
    // The session ended on the server: its cookie, kept by someone, opens
    // nothing.
    v.cookies.insert("phien".into(), session);
    let after = v.get("/tai-khoan").await;
    assert_eq!(after.status, 303);
    assert!(location(&after).starts_with("/dang-nhap"));
    assert!(set_cookie(&after, "phien").contains("Max-Age=0"));
}

#[tokio::test]
async fn a_form_filled_wrongly_comes_back_with_what_was_typed_and_each_error_at_its_field() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    v.get("/dang-ky").await;
    let csrf = v.csrf();
    let page = v
        .post(
            "/dang-ky",
            &[
                ("csrf", &csrf),
                ("kind", "organization"),
                ("full_name", "Lê Văn <Cường>"),
                ("organization_name", ""),
                ("tax_code", "12345"),
                ("email", "not an address"),
                ("phone", "12"),
                ("password", "short"),
                ("password_again", "other"),
            ],
        )
        .await;
    assert_eq!(page.status, 400);
    assert_eq!(page.headers["content-type"], "text/html; charset=utf-8");
    assert!(page.text.contains("<title>Lỗi: Đăng ký tài khoản"));
    for (field, message) in [
        ("organization_name", "Nhập tên tổ chức"),
        ("tax_code", "Mã số thuế gồm 10 chữ số"),
        ("email", "Nhập địa chỉ email đúng dạng"),
        ("phone", "Nhập số điện thoại 10 chữ số"),
        ("password", "Mật khẩu cần ít nhất 10 ký tự"),
        ("password_again", "Hai mật khẩu bạn nhập không giống nhau"),
    ] {
        assert!(
            page.text
                .contains(&format!("<a href=\"#{field}\">{message}")),
            "summary for {field}: {}",
            page.text
        );
        assert!(
            page.text
                .contains(&format!("id=\"{field}-error\">{message}")),
            "message at {field}"
        );
    }
    // What was typed is kept (escaped), passwords never are.
    assert!(
        page.text.contains("value=\"Lê Văn &#60;Cường&#62;\""),
        "{}",
        page.text
    );
    assert!(page.text.contains("value=\"not an address\""));
    assert!(!page.text.contains("value=\"short\""));
    assert!(
        page.text
            .contains("id=\"kind-organization\" name=\"kind\" value=\"organization\" checked")
    );
    // Nothing was written.
    assert!(app.notices_to("not an address").await.is_empty());

    // In English when English was chosen.
    v.cookies.insert("lang".into(), "en".into());
    let english = v
        .post(
            "/dang-ky",
            &[("csrf", &csrf), ("kind", "person"), ("password", "")],
        )
        .await;
    assert_eq!(english.status, 400);
    assert!(
        english
            .text
            .contains("<a href=\"#full_name\">Enter your full name</a>")
    );
    assert!(
        english
            .text
            .contains("<a href=\"#email\">Enter your email address</a>")
    );
    assert!(
        english
            .text
            .contains("<a href=\"#password\">Enter a password</a>")
    );

    // A body that is not a form, or too big, is a plain bad request page.
    let garbage = app
        .client
        .post(app.url("/dang-ky"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 100_000])
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 400);
}

#[tokio::test]
async fn a_form_without_this_browsers_token_or_from_another_site_changes_nothing() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    let fields = |csrf: &str| -> Vec<(&'static str, String)> {
        vec![
            ("csrf", csrf.to_owned()),
            ("kind", "person".into()),
            ("full_name", "Trần Thị Bình".into()),
            ("email", "forged@example.vn".into()),
            ("password", PASSWORD.into()),
            ("password_again", PASSWORD.into()),
        ]
    };
    let forged = fields(&"a".repeat(43));
    let refs: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // No cookie at all: another site's form.
    let answer = v.post("/dang-ky", &refs).await;
    assert_eq!(answer.status, 403);
    assert!(
        answer.text.contains("Biểu mẫu đã hết hạn"),
        "{}",
        answer.text
    );
    // A cookie, and a field that does not match it.
    v.get("/dang-ky").await;
    let answer = v.post("/dang-ky", &refs).await;
    assert_eq!(answer.status, 403);
    // The right token, posted from another origin.
    let right = fields(&v.csrf());
    let refs: Vec<(&str, &str)> = right.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let answer = v.post_from("/dang-ky", &refs, "https://evil.example").await;
    assert_eq!(answer.status, 403);
    assert!(app.notices_to("forged@example.vn").await.is_empty());
    // The same form from here goes through.
    let answer = v.post("/dang-ky", &refs).await;
    assert_eq!(answer.status, 303);
    // Signing out needs the token too: a link elsewhere cannot sign anyone out.
    let answer = v.post("/dang-xuat", &[("csrf", "")]).await;
    assert_eq!(answer.status, 403);
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_the_emailed_link_once_and_every_session_ends() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    register(&mut v, "an@example.vn").await;
    verify(&mut v, "an@example.vn").await;
    assert_eq!(sign_in(&mut v, "an@example.vn", PASSWORD).await.status, 303);
    let old_session = v.session().unwrap();

    // Elsewhere, someone asks for a reset: the answer is the same for an
    // address with no account.
    let mut other = Visitor::new(&app);
    other.get("/quen-mat-khau").await;
    let csrf = other.csrf();
    for email in ["an@example.vn", "nobody@example.vn"] {
        let sent = other
            .post("/quen-mat-khau", &[("csrf", &csrf), ("email", email)])
            .await;
        assert_eq!(sent.status, 303);
        assert_eq!(location(&sent), "/quen-mat-khau/da-gui");
    }
    let token = app.link_token("an@example.vn").await;
    let form = other.get(&format!("/dat-lai-mat-khau?token={token}")).await;
    assert_eq!(form.status, 200);
    assert_eq!(form.headers["cache-control"], "no-store");
    assert!(
        form.text
            .contains(&format!("name=\"token\" value=\"{token}\""))
    );
    let csrf = other.csrf();
    let mismatch = other
        .post(
            "/dat-lai-mat-khau",
            &[
                ("csrf", &csrf),
                ("token", &token),
                ("password", "mật khẩu mới rất dài"),
                ("password_again", "khác"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, 400);
    assert!(
        mismatch
            .text
            .contains("Hai mật khẩu bạn nhập không giống nhau")
    );
    let new_password = "mật khẩu mới rất dài";
    let fields = [
        ("csrf", csrf.as_str()),
        ("token", token.as_str()),
        ("password", new_password),
        ("password_again", new_password),
    ];
    let done = other.post("/dat-lai-mat-khau", &fields).await;
    assert_eq!(done.status, 303, "{}", done.text);
    assert_eq!(location(&done), "/dang-nhap?tb=mat-khau-moi");
    // The link works once.
    let again = other.post("/dat-lai-mat-khau", &fields).await;
    assert_eq!(again.status, 400);
    assert!(again.text.contains("Liên kết không dùng được"));
    // The first browser's session ended with the old password.
    v.cookies.insert("phien".into(), old_session);
    assert_eq!(v.get("/tai-khoan").await.status, 303);
    assert_eq!(sign_in(&mut v, "an@example.vn", PASSWORD).await.status, 401);
    assert_eq!(
        sign_in(&mut v, "an@example.vn", new_password).await.status,
        303
    );
    // A link that is no link.
    let bad = other.get("/dat-lai-mat-khau?token=abc.def.ghi").await;
    assert_eq!(
        bad.status, 200,
        "the form shows; the post says the link is bad"
    );
    let refused = other.get("/xac-thuc-email?token=abc.def.ghi").await;
    assert_eq!(refused.status, 400);
    assert!(refused.text.contains("href=\"/quen-mat-khau\""));
}

#[tokio::test]
async fn sign_in_says_plainly_what_is_wrong_and_locks_after_five_wrong_passwords() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    register(&mut v, "cuong@example.vn").await;
    // Not yet verified.
    let unverified = sign_in(&mut v, "cuong@example.vn", PASSWORD).await;
    assert_eq!(unverified.status, 403);
    assert!(unverified.text.contains("Bạn chưa xác nhận địa chỉ email"));
    verify(&mut v, "cuong@example.vn").await;
    let empty = sign_in(&mut v, "", "").await;
    assert_eq!(empty.status, 400);
    assert!(
        empty
            .text
            .contains("<a href=\"#email\">Nhập địa chỉ email</a>")
    );
    assert!(
        empty
            .text
            .contains("<a href=\"#password\">Nhập mật khẩu</a>")
    );
    for _ in 0..4 {
        let wrong = sign_in(&mut v, "cuong@example.vn", "không phải mật khẩu").await;
        assert_eq!(wrong.status, 401);
        assert!(
            wrong
                .text
                .contains("Địa chỉ email hoặc mật khẩu không đúng")
        );
        // The address typed is kept.
        assert!(wrong.text.contains("value=\"cuong@example.vn\""));
    }
    // The fifth wrong one locks the address for this client, and the right
    // password does not open it until the quarter of an hour is over.
    let fifth = sign_in(&mut v, "cuong@example.vn", "không phải mật khẩu").await;
    assert_eq!(fifth.status, 429);
    let locked = sign_in(&mut v, "cuong@example.vn", PASSWORD).await;
    assert_eq!(locked.status, 429);
    assert!(
        locked.text.contains("Vui lòng thử lại sau 15 phút"),
        "{}",
        locked.text
    );
    // Only pages of ours after a sign-in.
    let mut w = Visitor::new(&app);
    register(&mut w, "dung@example.vn").await;
    verify(&mut w, "dung@example.vn").await;
    w.get("/dang-nhap?tiep=//evil.example/").await;
    let csrf = w.csrf();
    let answer = w
        .post(
            "/dang-nhap",
            &[
                ("csrf", &csrf),
                ("email", "dung@example.vn"),
                ("password", PASSWORD),
                ("tiep", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&answer), "/tai-khoan");
}

#[tokio::test]
async fn a_new_password_on_the_account_page_needs_the_current_one_and_signs_everyone_out() {
    let app = spawn_app().await;
    let mut v = Visitor::new(&app);
    register(&mut v, "em@example.vn").await;
    verify(&mut v, "em@example.vn").await;
    sign_in(&mut v, "em@example.vn", PASSWORD).await;
    let mut phone = Visitor::new(&app);
    sign_in(&mut phone, "em@example.vn", PASSWORD).await;
    let form = v.get("/tai-khoan/mat-khau").await;
    assert_eq!(form.status, 200);
    let csrf = v.csrf();
    let new_password = "một mật khẩu mới khác";
    let wrong = v
        .post(
            "/tai-khoan/mat-khau",
            &[
                ("csrf", &csrf),
                ("current_password", "sai rồi sai rồi"),
                ("password", new_password),
                ("password_again", new_password),
            ],
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert!(
        wrong
            .text
            .contains("id=\"current_password-error\">Mật khẩu hiện tại không đúng")
    );
    let missing = v
        .post(
            "/tai-khoan/mat-khau",
            &[("csrf", &csrf), ("password", "ngắn")],
        )
        .await;
    assert_eq!(missing.status, 400);
    assert!(
        missing
            .text
            .contains("<a href=\"#current_password\">Nhập mật khẩu hiện tại</a>")
    );
    assert!(
        missing
            .text
            .contains("<a href=\"#password\">Mật khẩu cần ít nhất 10 ký tự</a>")
    );
    let done = v
        .post(
            "/tai-khoan/mat-khau",
            &[
                ("csrf", &csrf),
                ("current_password", PASSWORD),
                ("password", new_password),
                ("password_again", new_password),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.text);
    assert_eq!(location(&done), "/dang-nhap?tb=mat-khau-moi");
    assert!(v.session().is_none());
    // The other device is signed out too.
    assert_eq!(phone.get("/tai-khoan").await.status, 303);
    assert_eq!(
        sign_in(&mut v, "em@example.vn", new_password).await.status,
        303
    );
}

#[tokio::test]
async fn my_dossiers_lists_drafts_and_applications_with_what_is_waited_for_from_me() {
    let app = crate::helpers::spawn_app_with_long_sessions().await;
    let (citizen, _, code) = crate::payments::accepted_household_business(&app).await;
    let clerk = app.login("clerk").await;
    let version = app.dossier(&clerk, &code).await["version"]
        .as_i64()
        .unwrap();
    let asked = app
        .act(
            &clerk,
            &code,
            "request-payment",
            version,
            serde_json::json!({}),
        )
        .await;
    assert_eq!(asked.status, 200, "{}", asked.text);
    let draft = app
        .post(
            "/api/v1/me/dossiers",
            Some(&citizen),
            &crate::helpers::application("1.001612", "online"),
        )
        .await;
    assert_eq!(draft.status, 201, "{}", draft.text);

    let mut v = Visitor::new(&app);
    // Only for the signed-in.
    let asked = v.get("/ho-so-cua-toi").await;
    assert_eq!(location(&asked), "/dang-nhap?tiep=%2Fho-so-cua-toi");
    assert_eq!(
        sign_in(&mut v, "binh.tran@example.vn", "mật khẩu đủ dài")
            .await
            .status,
        303
    );
    let mine = v.get("/ho-so-cua-toi").await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    assert!(mine.text.contains("2 hồ sơ"), "{}", mine.text);
    assert!(mine.text.contains(&format!("<dd>{code}</dd>")));
    assert!(mine.text.contains("href=\"/ho-so-cua-toi/"));
    assert!(
        mine.text.contains("Cần bạn nộp phí, lệ phí: 100.000 đ"),
        "{}",
        mine.text
    );
    assert!(mine.text.contains("Bản nháp, chưa nộp"));
    // The newest first: the draft.
    assert!(mine.text.find("Bản nháp").unwrap() < mine.text.find(&code).unwrap());

    // Another citizen sees none of it.
    let mut other = Visitor::new(&app);
    register(&mut other, "khac@example.vn").await;
    verify(&mut other, "khac@example.vn").await;
    sign_in(&mut other, "khac@example.vn", PASSWORD).await;
    let theirs = other.get("/ho-so-cua-toi?trang=abc").await;
    assert_eq!(theirs.status, 200);
    assert!(theirs.text.contains("Bạn chưa có hồ sơ nào"));
    assert!(!theirs.text.contains(&code));
}
