//! The public pages over HTTP: what every page answers with (HTML, its
//! language, its security headers), the assets, the error pages, the
//! language switch. What a person does on them is tested in a real browser
//! (`tests/browser/`).

use crate::helpers::{TestApp, business_household, spawn_app, spawn_app_with};

impl TestApp {
    /// GET a page as a browser would, with extra headers.
    async fn page(&self, path: &str, headers: &[(&str, &str)]) -> crate::helpers::Answer {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        crate::helpers::Answer::from(request.send().await.unwrap()).await
    }
}

fn assert_page(answer: &crate::helpers::Answer, status: u16) {
    assert_eq!(answer.status, status, "{}", answer.text);
    assert_eq!(answer.headers["content-type"], "text/html; charset=utf-8");
    let csp = answer.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(answer.headers["x-content-type-options"], "nosniff");
    assert_eq!(answer.headers["referrer-policy"], "same-origin");
    assert!(answer.text.starts_with("<!doctype html>"));
}

#[tokio::test]
async fn the_home_page_offers_the_catalogue_and_the_lookup_in_vietnamese() {
    let app = spawn_app().await;
    let home = app.page("/", &[]).await;
    assert_page(&home, 200);
    assert!(home.text.contains("<html lang=\"vi\">"));
    assert!(home.text.contains("Tìm thủ tục hành chính"));
    assert!(home.text.contains("action=\"/tra-cuu\""));
    // The demo catalogue's fields, each a link to its procedures.
    assert!(home.text.contains("/thu-tuc?linh-vuc="), "{}", home.text);
    // No script at all, and nothing from elsewhere.
    assert!(!home.text.contains("<script"));
    assert!(!home.text.contains("http://") && !home.text.contains("https://"));
}

#[tokio::test]
async fn assets_are_named_by_content_cached_for_a_year_and_gzipped() {
    let app = spawn_app().await;
    let home = app.page("/", &[]).await;
    let css = home
        .text
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    assert!(
        css.starts_with("/static/site.") && css.ends_with(".css"),
        "{css}"
    );
    let plain = app.page(&css, &[]).await;
    assert_eq!(plain.status, 200);
    assert_eq!(
        plain.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(plain.headers["content-type"], "text/css; charset=utf-8");
    assert!(plain.text.contains("@font-face"));
    let gzipped = app.page(&css, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(gzipped.headers["content-encoding"], "gzip");
    assert!(gzipped.text.len() < plain.text.len());
    // The fonts it names are there, as fonts.
    let font = plain
        .text
        .split("url(\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let font = app.page(&format!("/static/{font}"), &[]).await;
    assert_eq!(font.status, 200);
    assert_eq!(font.headers["content-type"], "font/woff2");
    // An old name is gone, plainly.
    assert_eq!(
        app.page("/static/site.0000000000.css", &[]).await.status,
        404
    );
}

#[tokio::test]
async fn the_catalogue_is_searched_with_or_without_diacritics_and_forgives_a_bad_address() {
    let app = spawn_app().await;
    for q in [
        "h%E1%BB%99%20kinh%20doanh",
        "ho%20kinh%20doanh",
        "HO%20KINH%20DOANH",
    ] {
        let found = app.page(&format!("/thu-tuc?q={q}"), &[]).await;
        assert_page(&found, 200);
        assert!(
            found.text.contains("Đăng ký thành lập hộ kinh doanh"),
            "{q}"
        );
    }
    let none = app.page("/thu-tuc?q=zzzzzz", &[]).await;
    assert_page(&none, 200);
    assert!(none.text.contains("Không tìm thấy thủ tục nào."));
    // A page number or an agency code that makes no sense is ignored.
    for junk in [
        "/thu-tuc?trang=abc",
        "/thu-tuc?trang=-4",
        "/thu-tuc?co-quan=%3Cscript%3E",
        "/thu-tuc?x=1",
    ] {
        let answer = app.page(junk, &[]).await;
        assert_page(&answer, 200);
        assert!(!answer.text.contains("<script>"), "{junk}");
    }
}

#[tokio::test]
async fn a_procedure_page_lists_its_documents_fees_and_time_and_an_unknown_one_is_a_404_page() {
    let app = spawn_app().await;
    let search = app.page("/thu-tuc?q=ho%20kinh%20doanh", &[]).await;
    let href = search
        .text
        .split("<h2><a href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let page = app.page(&href, &[]).await;
    assert_page(&page, 200);
    assert!(page.text.contains("Thành phần hồ sơ"));
    assert!(page.text.contains("Thời hạn giải quyết"));
    assert!(page.text.contains("ngày làm việc"));
    let missing = app.page("/thu-tuc/9.999999", &[]).await;
    assert_page(&missing, 404);
    assert!(missing.text.contains("Không tìm thấy thủ tục"));
}

#[tokio::test]
async fn the_lookup_page_tells_where_a_dossier_stands_without_personal_data() {
    let app = spawn_app().await;
    let clerk = app.login("clerk").await;
    let code = app.receive(&clerk, &business_household()).await.json["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    // The form goes on to the dossier's own address.
    let form = app.page(&format!("/tra-cuu?ma=+{code}+"), &[]).await;
    assert_eq!(form.status, 303);
    assert_eq!(
        form.headers["location"],
        format!("/tra-cuu/{code}").as_str()
    );
    let page = app.page(&format!("/tra-cuu/{code}"), &[]).await;
    assert_page(&page, 200);
    assert_eq!(page.headers["cache-control"], "no-store");
    assert!(page.text.contains("Đã tiếp nhận"));
    assert!(page.text.contains("Ngày hẹn trả kết quả"));
    // 2026-03-05T02:00:00Z is 09:00 in Vietnam.
    assert!(page.text.contains("05/03/2026 09:00"), "{}", page.text);
    assert!(page.text.contains("Nguyễn V** A**"));
    for secret in [
        "001203004567",
        "0912345678",
        "an.nguyen@example.vn",
        "Nguyễn Văn An",
    ] {
        assert!(
            !page.text.contains(secret),
            "the lookup page shows {secret}"
        );
    }
}

#[tokio::test]
async fn an_unknown_code_or_an_empty_form_gets_the_form_again_with_what_to_do() {
    let app = spawn_app().await;
    let unknown = app.page("/tra-cuu/000.25.01.H26-260302-0001", &[]).await;
    assert_page(&unknown, 404);
    assert!(
        unknown
            .text
            .contains("Không có hồ sơ nào mang mã 000.25.01.H26-260302-0001.")
    );
    assert!(unknown.text.contains("class=\"error-summary\""));
    assert!(unknown.text.contains("aria-invalid=\"true\""));
    assert!(unknown.text.contains("value=\"000.25.01.H26-260302-0001\""));
    let hostile = app
        .page("/tra-cuu/%3Cscript%3Ealert(1)%3C%2Fscript%3E", &[])
        .await;
    assert_page(&hostile, 404);
    assert!(!hostile.text.contains("<script>"));
    let empty = app.page("/tra-cuu?ma=++", &[]).await;
    assert_page(&empty, 400);
    assert!(empty.text.contains("Nhập mã hồ sơ in trên giấy tiếp nhận"));
    let blank = app.page("/tra-cuu", &[]).await;
    assert_page(&blank, 200);
    assert!(!blank.text.contains("error-summary"));
}

#[tokio::test]
async fn too_many_lookups_get_a_page_that_says_when_to_try_again() {
    let app = spawn_app_with(|s| s.rate_limits.lookup_per_client = 3).await;
    for _ in 0..3 {
        assert_eq!(app.page("/tra-cuu/anything", &[]).await.status, 404);
    }
    let limited = app.page("/tra-cuu/anything", &[]).await;
    assert_page(&limited, 429);
    assert!(limited.headers.contains_key("retry-after"));
    assert!(limited.text.contains("Bạn đã tra cứu quá nhiều lần"));
    // The JSON lookup counts against the same limit.
    app.get("/api/v1/lookup/anything", None)
        .await
        .assert_problem(429, "rate_limited");
}

#[tokio::test]
async fn english_is_one_click_away_and_the_switch_goes_back_only_to_our_pages() {
    let app = spawn_app().await;
    let switch = app.page("/ngon-ngu/en?tiep=%2Fthu-tuc%3Fq%3Dho", &[]).await;
    assert_eq!(switch.status, 303);
    assert_eq!(switch.headers["location"], "/thu-tuc?q=ho");
    let cookie = switch.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("lang=en"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // The test server's public address is https: the cookie is Secure.
    assert!(cookie.contains("Secure"), "{cookie}");
    let english = app.page("/", &[("cookie", "lang=en")]).await;
    assert_page(&english, 200);
    assert!(english.text.contains("<html lang=\"en\">"));
    assert!(english.text.contains("Find a procedure"));
    for elsewhere in [
        "//evil.example/",
        "https://evil.example/",
        "%2F%5Cevil.example",
    ] {
        let answer = app
            .page(&format!("/ngon-ngu/vi?tiep={elsewhere}"), &[])
            .await;
        assert_eq!(answer.status, 303);
        assert_eq!(answer.headers["location"], "/", "{elsewhere}");
    }
    assert_page(&app.page("/ngon-ngu/fr", &[]).await, 404);
}

#[tokio::test]
async fn an_unknown_address_is_a_page_and_an_unknown_api_address_is_still_problem_json() {
    let app = spawn_app().await;
    let page = app.page("/khong-co-trang-nay", &[]).await;
    assert_page(&page, 404);
    assert!(page.text.contains("Không tìm thấy trang"));
    let english = app.page("/no-such-page", &[("cookie", "lang=en")]).await;
    assert_page(&english, 404);
    assert!(english.text.contains("Page not found"));
    app.get("/api/v1/no-such-thing", None)
        .await
        .assert_problem(404, "route_not_found");
    app.get("/api/nothing", None)
        .await
        .assert_problem(404, "route_not_found");
}
