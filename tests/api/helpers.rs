//! `spawn_app()`: the real application on 127.0.0.1:0 over a fresh database,
//! a clock the test moves, the demo data, and typed helpers.

use chrono::{DateTime, TimeDelta, Utc};
use motcua_app::{Delivery, ManualClock, RateLimitSettings};
use motcua_db::Database;
use motcua_notify::{MemoryMailer, MemorySmsGateway, Postman};
use motcua_server::{Application, Settings};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The JWT key every test server signs with.
pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256-0123456789";

/// The payment sandbox's signing key in tests, to forge and replay callbacks.
pub const SANDBOX_SECRET: &str = "sandbox-secret-for-the-test-gateway";

/// Monday 2 March 2026, 09:00 in Hà Nội: an ordinary working morning.
pub fn monday_morning() -> DateTime<Utc> {
    at("2026-03-02T09:00:00+07:00")
}

/// An RFC 3339 instant.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

enum Storage {
    Sqlite(
        #[expect(dead_code, reason = "holds the temporary folder until the test ends")]
        tempfile::TempDir,
    ),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl Drop for Storage {
    fn drop(&mut self) {
        if let Storage::Postgres { admin_url, name } = self {
            let _ = motcua_db::testing::drop_postgres_database(admin_url, name);
        }
    }
}

/// A running application and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// The HTTP client.
    pub client: reqwest::Client,
    /// The application's clock.
    pub clock: ManualClock,
    /// The database, to check what was (not) written.
    pub db: Database,
    /// The application behind the server, to run its jobs.
    pub app: motcua_app::App,
    /// The database's URL, for a second process's pool.
    pub database_url: String,
    /// The e-mail the application sent (unless it was given an SMTP server).
    pub mail: Arc<MemoryMailer>,
    /// The SMS it sent.
    pub sms: Arc<MemorySmsGateway>,
    /// Where uploaded files are stored.
    pub files_dir: std::path::PathBuf,
    _files: tempfile::TempDir,
    _storage: Storage,
}

/// Which database the suite runs on.
pub fn backend_is_postgres() -> bool {
    std::env::var("MOTCUA_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

fn database_url(storage_slot: &mut Option<Storage>) -> String {
    if backend_is_postgres() {
        let admin_url = std::env::var("MOTCUA_TEST_POSTGRES_URL")
            .expect("MOTCUA_TEST_BACKEND=postgres needs MOTCUA_TEST_POSTGRES_URL");
        let name = format!("motcua_test_{}", uuid::Uuid::new_v4().simple());
        motcua_db::testing::create_postgres_database(&admin_url, &name)
            .expect("create the test database");
        let url = motcua_db::testing::postgres_url_for(&admin_url, &name);
        *storage_slot = Some(Storage::Postgres { admin_url, name });
        url
    } else {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}", dir.path().join("motcua.sqlite3").display());
        *storage_slot = Some(Storage::Sqlite(dir));
        url
    }
}

/// The application with the demo data, on a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// The application with sign-ins that outlast the days a test moves the
/// clock by.
pub async fn spawn_app_with_long_sessions() -> TestApp {
    spawn_app_with(|s| {
        s.access_ttl_seconds = 90 * 86_400;
        s.refresh_ttl_seconds = 90 * 86_400;
    })
    .await
}

/// The application, with settings changed by `adjust`.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let mut storage = None;
    let database_url = database_url(&mut storage);
    let files = tempfile::tempdir().expect("temporary folder for files");
    let mut settings = Settings {
        database_url,
        pool_size: 4,
        bind: "127.0.0.1:0".into(),
        http_workers: Some(1),
        jwt_secret: Some(JWT_SECRET.into()),
        access_ttl_seconds: 900,
        refresh_ttl_seconds: 7 * 86_400,
        max_body_bytes: 64 * 1024,
        trusted_proxy_hops: 0,
        rate_limits: RateLimitSettings {
            login_per_client: 10_000,
            login_per_account: 10_000,
            lookup_per_client: 10_000,
            calendar_per_client: 10_000,
        },
        demo_password: "demo".into(),
        demo: true,
        log_filter: "warn".into(),
        log_json: false,
        shutdown_timeout_seconds: 1,
        handle_signals: false,
        // Tests run jobs themselves (`run_jobs`) after moving the clock.
        workers: 0,
        job_poll_ms: 1000,
        jobs: motcua_app::JobSettings::default(),
        smtp_url: None,
        mail_dir: String::new(),
        mail_from: "Một cửa <no-reply@motcua.localhost>".into(),
        mail_domain: None,
        sms_url: None,
        sms_token: None,
        sms_unicode: false,
        public_url: Some("https://motcua.test".into()),
        crash_at: None,
        files_dir: files.path().join("files").display().to_string(),
        files_s3_bucket: None,
        max_file_bytes: 256 * 1024,
        max_application_bytes: 512 * 1024,
        max_drafts_per_citizen: 20,
        max_citizen_bytes: 2 * 1024 * 1024,
        payment_gateway: "sandbox".into(),
        vnpay_tmn_code: None,
        vnpay_hash_secret: None,
        vnpay_pay_url: String::new(),
        payment_return_url: None,
        payment_sandbox_secret: Some(SANDBOX_SECRET.into()),
        training_clock_shift: None,
    };
    adjust(&mut settings);
    let database_url = settings.database_url.clone();
    let files_dir = std::path::PathBuf::from(&settings.files_dir);
    let clock = ManualClock::new(monday_morning());
    let mail = Arc::new(MemoryMailer::default());
    let sms = Arc::new(MemorySmsGateway::default());
    // A test that names an SMTP server gets the real delivery; the others
    // keep what they send in memory.
    let delivery = if settings.smtp_url.is_some() {
        settings.delivery().expect("delivery settings")
    } else {
        Delivery {
            postman: Postman::in_memory(Arc::clone(&mail), Arc::clone(&sms)).unwrap(),
            public_url: settings.public_url.clone(),
            crash_point: None,
        }
    };
    let application = Application::build_with(settings, Arc::new(clock.clone()), delivery)
        .await
        .expect("build the application");
    let address = format!("http://127.0.0.1:{}", application.port());
    let db = application.app().database().clone();
    let app = application.app().clone();
    tokio::spawn(application.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        clock,
        db,
        app,
        database_url,
        mail,
        sms,
        files_dir,
        _files: files,
        _storage: storage.expect("storage"),
    }
}

/// A response: status, headers and the body as JSON (or `Null`).
pub struct Answer {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body as text.
    pub text: String,
    /// Body as JSON, `Null` when it is not JSON.
    pub json: Value,
}

impl Answer {
    pub async fn from(response: Response) -> Answer {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            text,
            json,
        }
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts a problem+json answer with this status and code.
    pub fn assert_problem(&self, status: u16, code: &str) -> &Self {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "{}",
            self.text
        );
        assert_eq!(self.json["code"], code, "{}", self.text);
        assert_eq!(self.json["status"], status);
        assert!(
            self.json["type"]
                .as_str()
                .unwrap()
                .starts_with("urn:motcua:problem:")
        );
        assert!(self.json["title"].is_string() && self.json["detail"].is_string());
        self
    }

    /// Asserts which not-found or conflict a problem is (its `reason`).
    pub fn assert_reason(&self, reason: &str) -> &Self {
        assert_eq!(self.json["reason"], reason, "{}", self.text);
        self
    }

    /// Asserts a 4xx problem, whichever.
    pub fn assert_status_4xx(&self) -> &Self {
        assert!(self.status.is_client_error(), "{}", self.text);
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "{}",
            self.text
        );
        self
    }

    /// Asserts a 422 for JSON of the wrong shape or types.
    pub fn assert_wrong_shape(&self) -> &Self {
        self.assert_problem(422, "validation");
        assert_eq!(
            self.json["errors"][0]["code"], "wrong_shape",
            "{}",
            self.text
        );
        self
    }

    /// The fields named in a validation problem.
    pub fn error_fields(&self) -> Vec<String> {
        self.json["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e["field"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl TestApp {
    /// Full URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// GET, with a bearer token if given.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Answer::from(request.send().await.unwrap()).await
    }

    /// GET the raw bytes (a PDF), with the status and headers.
    pub async fn get_bytes(
        &self,
        path: &str,
        token: &str,
    ) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
        let response = self
            .client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        (status, headers, response.bytes().await.unwrap().to_vec())
    }

    /// POST a JSON body.
    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Answer {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Answer::from(request.send().await.unwrap()).await
    }

    /// PUT a JSON body.
    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> Answer {
        let mut request = self.client.put(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Answer::from(request.send().await.unwrap()).await
    }

    /// POST raw bytes with a content type.
    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        let mut request = self
            .client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Answer::from(request.send().await.unwrap()).await
    }

    /// Signs in and returns the whole answer.
    pub async fn login_answer(&self, username: &str, password: &str) -> Answer {
        self.post(
            "/api/v1/auth/login",
            None,
            &json!({"username": username, "password": password}),
        )
        .await
    }

    /// Signs a demo user in; their access token.
    pub async fn login(&self, username: &str) -> String {
        let answer = self.login_answer(username, "demo").await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.json["access_token"].as_str().unwrap().to_owned()
    }

    /// Rows per table.
    pub async fn counts(&self) -> BTreeMap<&'static str, i64> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = db.get().unwrap();
            motcua_db::testing::count_rows(&mut conn)
                .unwrap()
                .into_iter()
                .collect()
        })
        .await
        .unwrap()
    }

    /// Runs every job that is ready at the test clock's time.
    pub async fn run_jobs(&self) -> Vec<motcua_app::Ran> {
        self.app.run_pending_jobs(10_000).await.unwrap()
    }

    /// A POST with an `If-Match` header.
    pub async fn post_if_match(
        &self,
        path: &str,
        token: &str,
        version: i64,
        body: &Value,
    ) -> Answer {
        let response = self
            .client
            .post(self.url(path))
            .bearer_auth(token)
            .header("if-match", format!("\"{version}\""))
            .json(body)
            .send()
            .await
            .unwrap();
        Answer::from(response).await
    }

    /// Takes a workflow action on a dossier as `token`, naming `version`
    /// in the body.
    pub async fn act(
        &self,
        token: &str,
        code: &str,
        action: &str,
        version: i64,
        body: Value,
    ) -> Answer {
        let mut body = body;
        body["version"] = json!(version);
        self.post(
            &format!("/api/v1/dossiers/{code}/{action}"),
            Some(token),
            &body,
        )
        .await
    }

    /// A dossier as `token` sees it.
    pub async fn dossier(&self, token: &str, code: &str) -> Value {
        let answer = self
            .get(&format!("/api/v1/dossiers/{code}"), Some(token))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.json
    }

    /// The user id of a signed-in user.
    pub async fn user_id(&self, token: &str) -> String {
        let me = self.get("/api/v1/me", Some(token)).await;
        me.json["id"].as_str().unwrap().to_owned()
    }

    /// The id of the unit named `name` of agency `agency`.
    pub async fn unit_id(&self, token: &str, agency: &str, name: &str) -> String {
        let units = self
            .get(&format!("/api/v1/agencies/{agency}/units"), Some(token))
            .await;
        let list = units
            .json
            .as_array()
            .cloned()
            .unwrap_or_else(|| units.json["items"].as_array().cloned().unwrap_or_default());
        list.iter()
            .find(|u| u["name"] == name)
            .unwrap_or_else(|| panic!("no unit {name} in {}", units.text))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The kinds of the outbox notices about dossier `code`, oldest first.
    pub async fn notice_kinds(&self, code: &str) -> Vec<String> {
        let db = self.db.clone();
        let code = code.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut conn = db.get().unwrap();
            let row = motcua_db::dossiers::by_code(&mut conn, &code)
                .unwrap()
                .unwrap();
            motcua_db::notices::of_dossier(&mut conn, &row.id)
                .unwrap()
                .into_iter()
                .map(|n| n.kind.to_string())
                .collect()
        })
        .await
        .unwrap()
    }

    /// Moves the clock.
    pub fn advance(&self, by: TimeDelta) {
        self.clock.advance(by);
    }

    /// Receives a dossier as the demo clerk; the whole answer.
    pub async fn receive(&self, token: &str, body: &Value) -> Answer {
        self.post("/api/v1/dossiers", Some(token), body).await
    }

    /// A second agency with its own clerk, made through the admin API by
    /// the system administrator; the clerk's token.
    pub async fn other_agency_clerk(&self) -> String {
        let admin = self.login("sysadmin").await;
        let agency = self
            .post(
                "/api/v1/agencies",
                Some(&admin),
                &json!({"code": "000.25.09.H26", "name": "UBND phường Hoàn Kiếm"}),
            )
            .await;
        assert_eq!(agency.status, StatusCode::CREATED, "{}", agency.text);
        let user = self
            .post(
                "/api/v1/users",
                Some(&admin),
                &json!({"username": "clerk2", "password": "another-secret", "full_name": "Đỗ Văn Bình", "role": "clerk", "agency_code": "000.25.09.H26"}),
            )
            .await;
        assert_eq!(user.status, StatusCode::CREATED, "{}", user.text);
        let answer = self.login_answer("clerk2", "another-secret").await;
        answer.json["access_token"].as_str().unwrap().to_owned()
    }
}

/// A complete counter dossier for "Đăng ký thành lập hộ kinh doanh"
/// (1.001612, 3 working days, handled by the demo ward).
pub fn business_household() -> Value {
    json!({
        "procedure_code": "1.001612",
        "applicant": {
            "full_name": "Nguyễn Văn An",
            "id_number": "001203004567",
            "birth_date": "1990-05-17",
            "phone": "0912345678",
            "email": "an.nguyen@example.vn",
            "address": "12 Phan Đình Phùng, phường Ba Đình, Hà Nội"
        },
        "documents": [{"index": 0, "copy_type": "original", "count": 1}],
        "result_delivery": {"method": "counter"}
    })
}

/// A small but well-formed PDF.
pub const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";

/// The first bytes of a PNG image.
pub const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00";

/// The scripted twin of the sandbox's "bank" page for a payment address the
/// API gave: the same signed request, paid at once, answered in JSON.
pub fn scripted_bank(payment_url: &str) -> String {
    let query = payment_url
        .strip_prefix("https://motcua.test/thanh-toan/thu-nghiem?")
        .unwrap_or_else(|| panic!("not the sandbox bank's address: {payment_url}"));
    format!("/api/v1/payments/sandbox/pay?{query}")
}

/// A citizen's application form for `procedure` at the demo ward.
pub fn application(procedure: &str, delivery: &str) -> Value {
    json!({
        "procedure_code": procedure,
        "agency_code": "000.25.01.H26",
        "applicant": {
            "full_name": "Trần Thị Bình",
            "id_number": "001190012345",
            "birth_date": "1990-02-03",
            "phone": "0987654321",
            "email": "binh.tran@example.vn",
            "address": "5 Hàng Bông, phường Hoàn Kiếm, Hà Nội"
        },
        "result_delivery": {"method": delivery},
        "notify_by": ["email"]
    })
}

/// A raw download: status, headers, bytes.
pub struct Download {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body.
    pub bytes: Vec<u8>,
}

impl TestApp {
    /// The token in the newest account link sent to `address`.
    pub async fn link_token(&self, address: &str) -> String {
        let url = self.link_url(address).await;
        url.split("token=").nth(1).unwrap().to_owned()
    }

    /// The link of the last account e-mail written to `address`.
    pub async fn link_url(&self, address: &str) -> String {
        let db = self.db.clone();
        let address = address.to_owned();
        let notices = tokio::task::spawn_blocking(move || {
            let mut conn = db.get().unwrap();
            motcua_db::testing::notices_to(&mut conn, &address).unwrap()
        })
        .await
        .unwrap();
        let last = notices.last().expect("an account e-mail");
        let payload: Value = serde_json::from_str(&last.payload).unwrap();
        payload["action_url"].as_str().unwrap().to_owned()
    }

    /// The kinds of notices written to `address`, oldest first.
    pub async fn notices_to(&self, address: &str) -> Vec<String> {
        let db = self.db.clone();
        let address = address.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut conn = db.get().unwrap();
            motcua_db::testing::notices_to(&mut conn, &address)
                .unwrap()
                .into_iter()
                .map(|n| n.kind.to_string())
                .collect()
        })
        .await
        .unwrap()
    }

    /// Registers a citizen, follows the verification link and signs in; the
    /// access token.
    pub async fn citizen(&self, email: &str) -> String {
        let answer = self
            .post(
                "/api/v1/citizens",
                None,
                &json!({"email": email, "password": "mật khẩu đủ dài", "full_name": "Trần Thị Bình", "phone": "0987654321"}),
            )
            .await;
        assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
        let token = self.link_token(email).await;
        let verified = self
            .get(
                &format!("/api/v1/citizens/verify-email?token={token}"),
                None,
            )
            .await;
        assert_eq!(verified.status, StatusCode::OK, "{}", verified.text);
        self.citizen_login(email, "mật khẩu đủ dài").await
    }

    /// Signs a citizen in; the access token.
    pub async fn citizen_login(&self, email: &str, password: &str) -> String {
        let answer = self
            .post(
                "/api/v1/citizens/login",
                None,
                &json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.json["access_token"].as_str().unwrap().to_owned()
    }

    /// Uploads `bytes` as the one file of document `document` (raw body).
    pub async fn upload(
        &self,
        token: &str,
        id: &str,
        document: usize,
        name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Answer {
        let request = self
            .client
            .put(self.url(&format!("/api/v1/me/dossiers/{id}/documents/{document}")))
            .bearer_auth(token)
            .header("content-type", content_type)
            .header(
                "content-disposition",
                format!("attachment; filename=\"{name}\""),
            )
            .body(bytes.to_vec());
        Answer::from(request.send().await.unwrap()).await
    }

    /// Submits an application with an `Idempotency-Key`.
    pub async fn submit(&self, token: &str, id: &str, key: &str) -> Answer {
        let request = self
            .client
            .post(self.url(&format!("/api/v1/me/dossiers/{id}/submit")))
            .bearer_auth(token)
            .header("idempotency-key", key);
        Answer::from(request.send().await.unwrap()).await
    }

    /// GET as bytes.
    pub async fn download(&self, path: &str, token: &str) -> Download {
        let response = self
            .client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        Download {
            status: response.status(),
            headers: response.headers().clone(),
            bytes: response.bytes().await.unwrap().to_vec(),
        }
    }

    /// How many files the store holds.
    pub fn stored_files(&self) -> usize {
        fn count(dir: &std::path::Path) -> usize {
            std::fs::read_dir(dir).map_or(0, |entries| {
                entries
                    .flatten()
                    .map(|e| {
                        let path = e.path();
                        if path.is_dir() { count(&path) } else { 1 }
                    })
                    .sum()
            })
        }
        count(&self.files_dir)
    }
}

/// A `multipart/form-data` body with these files (name, bytes), each a part
/// named `file`: (content type, body).
pub fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "motcua-test-boundary-7d3f";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// Takes a workflow action on the dossier's current version; it must
    /// succeed. The dossier after it.
    /// The specialist holding `code` hands it to the leader, whose step the
    /// procedure's plan decides at, and the leader approves it: finishes it
    /// with `result`. The finished dossier.
    /// The holding `specialist` writes an apology moving the appointment to
    /// `new_due_at`, the demo leader signs it, `clerk` sends it; each step
    /// must succeed.
    pub async fn apologise(&self, specialist: &str, clerk: &str, code: &str, new_due_at: &str) {
        let leader = self.login("leader").await;
        let path = format!("/api/v1/dossiers/{code}/apologies");
        let completed = self
            .post(
                &path,
                Some(specialist),
                &json!({"reason": "Cần xác minh tại thực địa", "new_due_at": new_due_at}),
            )
            .await;
        assert_eq!(completed.status, StatusCode::CREATED, "{}", completed.text);
        let id = completed.json["id"].as_str().unwrap();
        for (step, token) in [("sign", &leader), ("send", &clerk.to_owned())] {
            let answer = self
                .post(&format!("{path}/{id}/{step}"), Some(token), &json!({}))
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{step}: {}", answer.text);
        }
    }

    pub async fn approve_and_finish(&self, specialist: &str, code: &str, result: Value) -> Value {
        let leader = self.login("leader").await;
        let leader_id = self.user_id(&leader).await;
        let office = self
            .unit_id(&leader, "000.25.01.H26", "Văn phòng HĐND và UBND")
            .await;
        self.act_ok(
            specialist,
            code,
            "hand-over",
            json!({"unit_id": office, "assignee_id": leader_id}),
        )
        .await;
        self.act_ok(&leader, code, "finish", result).await
    }

    pub async fn act_ok(&self, token: &str, code: &str, action: &str, body: Value) -> Value {
        let d = self.dossier(token, code).await;
        let answer = self
            .act(token, code, action, d["version"].as_i64().unwrap(), body)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{action}: {}", answer.text);
        answer.json
    }

    /// PUT of a multipart body to `path`.
    pub async fn put_files(&self, path: &str, token: &str, files: &[(&str, &[u8])]) -> Answer {
        let (content_type, body) = multipart(files);
        let response = self
            .client
            .put(self.url(path))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        Answer::from(response).await
    }
}

/// An e-mail's quoted-printable parts as text (soft line breaks joined,
/// `=XX` bytes decoded), to look for Vietnamese words in what was sent.
pub fn quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
