//! Finding a dossier (`/can-bo/tim-kiem`): by its code, a number the
//! applicant reads out, or words of their name, among the agency's
//! dossiers. The search is posted, not put in the address: what is typed
//! is often someone's name or ID number, which must stay out of addresses
//! and logs.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, DossierSearch};

use super::queue::{Names, Row, row};
use super::{OnDuty, Section, StaffFrame};
use crate::WebError;
use crate::csrf::{self, FormToken};
use crate::form::FormErrors;
use crate::messages::Lang;

/// How many dossiers a search shows.
const SHOWN: i64 = 50;

#[derive(Template)]
#[template(path = "staff/search.html")]
struct SearchPage {
    frame: StaffFrame,
    errors: FormErrors,
    searched: String,
    /// What the search found, in words; `None` before searching.
    results: Option<String>,
    rows: Vec<Row>,
}

/// What the search box posts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    q: String,
}

/// `GET /can-bo/tim-kiem`: the search box alone.
pub async fn form(
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let s = lang.staff();
    let page = SearchPage {
        frame: StaffFrame::new(
            lang,
            s.search_title,
            Section::Dossiers,
            Some(&staff),
            &csrf,
            &req,
        ),
        errors: FormErrors::none(),
        searched: String::new(),
        results: None,
        rows: Vec::new(),
    };
    Ok(crate::html(StatusCode::OK, &page))
}

/// `POST /can-bo/tim-kiem`: what the search finds.
pub async fn search(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    posted: web::Form<SearchForm>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let posted = posted.into_inner();
    csrf::verify(&req, &posted.csrf)?;
    let csrf = csrf::token_of(&req)?;
    let (m, s) = (lang.messages(), lang.staff());
    let mut errors = FormErrors::none();
    let (results, rows) = match DossierSearch::parse("q", &posted.q) {
        Err(v) => {
            errors.push("q", (s.violation)("q", v.code));
            (None, Vec::new())
        }
        Ok(search) => {
            let found = app
                .search_dossiers(staff.principal.clone(), search, SHOWN)
                .await?;
            let names = Names::load(&app, &staff).await?;
            let today = app.today();
            let rows: Vec<Row> = found.iter().map(|d| row(lang, d, today, &names)).collect();
            let said = if rows.is_empty() {
                s.search_none.to_owned()
            } else {
                (s.search_found)(rows.len())
            };
            (Some(said), rows)
        }
    };
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = SearchPage {
        frame: StaffFrame::new(
            lang,
            crate::form::title(m, &errors, s.search_title),
            Section::Dossiers,
            Some(&staff),
            &csrf,
            &req,
        ),
        errors,
        searched: posted.q,
        results,
        rows,
    };
    Ok(crate::html(status, &page))
}
