//! The procedure catalogue: search it, filter it, read a procedure.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, AppError, ProcedureQuery, ProcedureView};
use motcua_domain::{AgencyCode, OnlineMode, ProcedureCode, format_vnd, write_day_month_year};

use super::{copy_type, processing_time, segment, with_query};
use crate::WebError;
use crate::frame::{Frame, Nav};
use crate::messages::{Lang, Messages};

const PER_PAGE: i64 = 20;

/// The catalogue's query string. Every part is optional and read leniently:
/// a person who edits the address gets results, not an error.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    #[serde(rename = "linh-vuc")]
    field: Option<String>,
    #[serde(rename = "co-quan")]
    agency: Option<String>,
    trang: Option<String>,
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// A procedure in the results, ready to show.
struct Found {
    name: String,
    href: String,
    code: String,
    field: String,
    time: String,
    online: &'static str,
    online_class: &'static str,
}

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    frame: Frame,
    q: String,
    fields: Vec<Choice>,
    agencies: Vec<Choice>,
    filtered: bool,
    count: String,
    results: Vec<Found>,
    page_of: String,
    previous: Option<String>,
    next: Option<String>,
}

fn online_label(m: &Messages, mode: OnlineMode) -> (&'static str, &'static str) {
    match mode {
        OnlineMode::None => (m.online_none, ""),
        OnlineMode::Partial => (m.online_partial, "online"),
        OnlineMode::Full => (m.online_full, "online"),
    }
}

/// `GET /thu-tuc?q=&linh-vuc=&co-quan=&trang=`.
pub async fn search(
    app: web::Data<App>,
    lang: Lang,
    query: web::Query<SearchQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    let query = query.into_inner();
    let text: String = query
        .q
        .unwrap_or_default()
        .trim()
        .chars()
        .take(200)
        .collect();
    let field = query.field.unwrap_or_default();
    let agency = query.agency.unwrap_or_default();
    let page = query
        .trang
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| (1..=10_000).contains(p))
        .unwrap_or(1);
    let found = app
        .search_procedures(ProcedureQuery {
            text: Some(text.clone()).filter(|t| !t.is_empty()),
            code: None,
            field: Some(field.clone()).filter(|f| !f.is_empty()),
            agency: AgencyCode::parse("co-quan", &agency).ok(),
            page,
            per_page: PER_PAGE,
        })
        .await?;
    let fields = app.procedure_fields().await?;
    let agencies = app.list_agencies().await?;
    let pages = ((found.total + PER_PAGE - 1) / PER_PAGE).max(1);
    let link = |page: i64| {
        with_query(
            "/thu-tuc",
            &[
                ("q", &text),
                ("linh-vuc", &field),
                ("co-quan", &agency),
                ("trang", &page.to_string()),
            ],
        )
    };
    let results = found
        .items
        .into_iter()
        .map(|p| {
            let (online, online_class) = online_label(m, p.online_mode);
            Found {
                href: format!("/thu-tuc/{}", segment(&p.code)),
                time: processing_time(lang, i64::from(p.processing_time), p.processing_unit),
                name: p.name,
                code: p.code,
                field: p.field,
                online,
                online_class,
            }
        })
        .collect();
    let page_view = CataloguePage {
        frame: Frame::new(lang, m.catalogue_title, Nav::Procedures, &req),
        fields: fields
            .into_iter()
            .map(|f| Choice {
                selected: f.name == field,
                value: f.name.clone(),
                label: f.name,
            })
            .collect(),
        agencies: agencies
            .into_iter()
            .map(|a| Choice {
                selected: a.code == agency,
                value: a.code,
                label: a.name,
            })
            .collect(),
        filtered: !text.is_empty() || !field.is_empty() || !agency.is_empty(),
        q: text.clone(),
        count: (m.catalogue_results)(found.total),
        results,
        page_of: (m.catalogue_page_of)(page.min(pages), pages),
        previous: (page > 1).then(|| link(page.min(pages + 1) - 1)),
        next: (page < pages).then(|| link(page + 1)),
    };
    Ok(crate::html(StatusCode::OK, &page_view))
}

struct DocumentRow {
    name: String,
    form: Option<String>,
    copy: &'static str,
    count: u8,
    mandatory: bool,
}

struct FeeRow {
    name: String,
    amount: String,
    note: Option<String>,
}

#[derive(Template)]
#[template(path = "procedure.html")]
struct ProcedurePage {
    frame: Frame,
    p: ProcedureView,
    time: String,
    in_force: String,
    online: &'static str,
    online_hint: &'static str,
    documents: Vec<DocumentRow>,
    fees: Vec<FeeRow>,
    /// The national database's page, when it is a web address.
    source: Option<String>,
    /// Where to apply online, when the procedure may be.
    apply_href: Option<String>,
}

/// `GET /thu-tuc/{code}`: a procedure as in force today.
pub async fn procedure(
    app: web::Data<App>,
    lang: Lang,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    let code = ProcedureCode::parse("code", &path).map_err(|_| WebError::NotFound)?;
    let p = match app.get_procedure(code, None).await {
        Ok(p) => p,
        Err(AppError::NotFound(..)) => {
            return Ok(crate::error::message_page(
                &req,
                StatusCode::NOT_FOUND,
                m.procedure_not_found_title,
                m.procedure_not_found_text.to_owned(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let (online, online_hint) = match p.definition.online_mode {
        OnlineMode::None => (m.online_none, m.online_none_hint),
        OnlineMode::Partial => (m.online_partial, m.online_partial_hint),
        OnlineMode::Full => (m.online_full, m.online_full_hint),
    };
    let documents = p
        .definition
        .documents
        .iter()
        .map(|d| DocumentRow {
            name: d.name.clone(),
            form: d.form.clone(),
            copy: copy_type(m, d.copy_type),
            count: d.count,
            mandatory: d.mandatory,
        })
        .collect();
    let fees = p
        .definition
        .fees
        .iter()
        .map(|f| FeeRow {
            name: f.name.clone(),
            amount: f
                .amount_vnd
                .map_or_else(|| m.procedure_fee_varies.to_owned(), format_vnd),
            note: f.note.clone(),
        })
        .collect();
    let page = ProcedurePage {
        frame: Frame::new(lang, p.definition.name.clone(), Nav::Procedures, &req),
        time: processing_time(
            lang,
            i64::from(p.definition.processing_time),
            p.definition.processing_unit,
        ),
        in_force: (m.procedure_in_force_from)(&write_day_month_year(p.effective_from)),
        apply_href: (p.definition.online_mode != OnlineMode::None)
            .then(|| format!("/nop-truc-tuyen/{}", segment(&p.code))),
        online,
        online_hint,
        documents,
        fees,
        source: p
            .definition
            .source_url
            .clone()
            .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        p,
    };
    Ok(crate::html(StatusCode::OK, &page))
}
