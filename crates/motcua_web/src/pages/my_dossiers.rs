//! "My dossiers" (`/ho-so-cua-toi`): the citizen's drafts and applications,
//! newest first, each with where it stands, its appointment, and what is
//! waited for from the citizen (a supplement, a fee).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, ApplicationView};
use motcua_domain::{DossierStatus, format_date, format_date_time, format_vnd};

use super::{DossierState, application_path, with_query};
use crate::WebError;
use crate::frame::{Frame, Nav};
use crate::messages::{Lang, Messages};
use crate::session::SignedIn;

/// Applications per page.
const PER_PAGE: i64 = 20;

/// The page asked for, and a notice to show above it.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    trang: Option<String>,
    #[serde(default)]
    tb: String,
}

/// One row of the list.
struct Row {
    procedure: String,
    code: Option<String>,
    href: String,
    state: &'static str,
    class: &'static str,
    appointment: Option<String>,
    started: String,
    /// What the citizen must do now, if anything.
    todo: Option<String>,
}

#[derive(Template)]
#[template(path = "my_dossiers.html")]
struct MyDossiersPage {
    frame: Frame,
    banner: Option<&'static str>,
    rows: Vec<Row>,
    count: String,
    page_of: String,
    previous: Option<String>,
    next: Option<String>,
}

fn row(m: &Messages, a: &ApplicationView) -> Row {
    let unpaid: i64 = a
        .payments
        .iter()
        .filter(|p| p.paid_at.is_none())
        .map(|p| p.amount_vnd)
        .sum();
    let mut row = Row {
        procedure: a.procedure.name.clone(),
        href: application_path(&a.id),
        code: None,
        state: m.draft_state,
        class: "",
        appointment: None,
        started: format_date(a.created_at),
        todo: Some(m.draft_todo.to_owned()),
    };
    if let Some(d) = &a.dossier {
        let state = DossierState::of(m, d.status.code);
        row.todo = match state.status {
            DossierStatus::SupplementRequested => Some(m.supplement_todo.to_owned()),
            DossierStatus::PaymentRequested if unpaid > 0 => {
                Some((m.fee_todo)(&format_vnd(unpaid)))
            }
            DossierStatus::Finished if !a.results.is_empty() && a.rating.is_none() => {
                Some(m.result_todo.to_owned())
            }
            _ => None,
        };
        row.code = Some(d.code.clone());
        row.state = state.text;
        row.class = state.class;
        row.appointment = d.due_at.map(format_date_time);
    }
    row
}

/// `GET /ho-so-cua-toi?trang=`.
pub async fn list(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    let query = query.into_inner();
    let banner = (query.tb == "da-xoa").then_some(m.banner_deleted);
    let page = query
        .trang
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| (1..=10_000).contains(p))
        .unwrap_or(1);
    let list = app
        .my_applications(citizen, PER_PAGE, (page - 1) * PER_PAGE)
        .await?;
    let pages = (list.total + PER_PAGE - 1) / PER_PAGE;
    let link = |p: i64| with_query("/ho-so-cua-toi", &[("trang", &p.to_string())]);
    let view = MyDossiersPage {
        frame: Frame::new(lang, m.my_dossiers_title, Nav::Account, &req),
        banner,
        rows: list.items.iter().map(|a| row(m, a)).collect(),
        count: (m.my_dossiers_count)(list.total),
        page_of: (m.catalogue_page_of)(page, pages.max(1)),
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    };
    Ok(crate::html(StatusCode::OK, &view))
}
