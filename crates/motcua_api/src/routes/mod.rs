//! Handlers, one module per resource; each extracts, converts the DTO into a
//! command, calls one use case, and maps the answer.

pub mod agencies;
pub mod apologies;
pub mod auth;
pub mod calendar;
pub mod citizens;
pub mod dossiers;
pub mod health;
pub mod lookup;
pub mod notices;
pub mod online;
pub mod payments;
pub mod procedures;
pub mod reports;
pub mod workflow;

use actix_web::HttpResponse;
use actix_web::http::header;

use motcua_app::{AppError, Printable, Reason};
use motcua_domain::DossierCode;

use crate::problem::ApiError;

/// The answer of a handler.
pub type Answer = Result<HttpResponse, ApiError>;

/// What a path segment names, parsed by `parse`. A malformed one answers
/// like an unknown one, 404 with `reason`, so the answer tells nothing about
/// which ids or codes exist.
pub fn in_path<T, E>(
    text: &str,
    reason: Reason,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, ApiError> {
    parse(text).map_err(|_| AppError::missing(reason, text).into())
}

/// The dossier code of a path.
pub fn dossier_code(text: &str) -> Result<DossierCode, ApiError> {
    in_path(text, Reason::NoSuchDossier, |t| {
        DossierCode::parse("code", t)
    })
}

/// A UUID in a path (an apology's, a notice's), in its canonical spelling.
pub fn uuid_in_path(text: &str, reason: Reason) -> Result<String, ApiError> {
    in_path(text, reason, |t| {
        uuid::Uuid::parse_str(t).map(|id| id.to_string())
    })
}

/// How a form is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The data, for programs.
    Json,
    /// The printable page.
    Html,
    /// The printable PDF.
    Pdf,
    /// A table as CSV (UTF-8 with a BOM).
    Csv,
    /// Tables as an XLSX workbook.
    Xlsx,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Html => "text/html",
            Format::Pdf => "application/pdf",
            Format::Csv => "text/csv",
            Format::Xlsx => motcua_tables::XLSX_MEDIA_TYPE,
        }
    }
}

/// The format asked for among those `offered` (the first is the default):
/// `?format=`, or else the first offered type `Accept` starts with.
pub fn format_of(
    format: Option<&str>,
    req: &actix_web::HttpRequest,
    offered: &[Format],
) -> Result<Format, ApiError> {
    let default = offered.first().copied().unwrap_or(Format::Json);
    match format {
        Some(name) => offered
            .iter()
            .copied()
            .find(|f| f.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = offered.iter().map(|f| f.name()).collect();
                ApiError::invalid(
                    "format",
                    "unknown_format",
                    format!("{name:?}: expected {}", names.join(", ")),
                )
            }),
        None => {
            let accept = req
                .headers()
                .get(header::ACCEPT)
                .and_then(|a| a.to_str().ok())
                .unwrap_or_default();
            Ok(offered
                .iter()
                .copied()
                .find(|f| accept.starts_with(f.media_type()))
                .unwrap_or(default))
        }
    }
}

/// A form as its printable page or its PDF (`format` is `Html` or `Pdf`).
pub async fn printed(form: &impl Printable, format: Format) -> Answer {
    let document = form.document();
    let response = if format == Format::Pdf {
        let pdf = motcua_app::print_pdf(document).await?;
        HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}.pdf\"", form.file_stem()),
            ))
            .insert_header(("cache-control", "no-store"))
            .body(pdf)
    } else {
        HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header(("cache-control", "no-store"))
            .body(motcua_forms::html(&document))
    };
    Ok(response)
}

/// Tables to download: the first as CSV, or all as a workbook (`format`
/// is `Csv` or `Xlsx`), named `stem`.
pub fn tabulated(tables: &[motcua_tables::Table], format: Format, stem: &str) -> Answer {
    let failed = |e: motcua_tables::TableError| AppError::unexpected("writing a table", e);
    let (body, media_type, extension) = if format == Format::Xlsx {
        (
            motcua_tables::xlsx(tables).map_err(failed)?,
            motcua_tables::XLSX_MEDIA_TYPE,
            "xlsx",
        )
    } else {
        let first = tables
            .first()
            .ok_or_else(|| AppError::unexpected("writing a table", "no table"))?;
        (
            motcua_tables::csv(first).map_err(failed)?,
            motcua_tables::CSV_MEDIA_TYPE,
            "csv",
        )
    };
    Ok(HttpResponse::Ok()
        .content_type(media_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{stem}.{extension}\""),
        ))
        .insert_header(("cache-control", "no-store"))
        .body(body))
}

/// 200 with a JSON body.
/// Each view of a list as its response.
pub fn each<V, R: From<V>>(views: Vec<V>) -> Vec<R> {
    views.into_iter().map(R::from).collect()
}

pub fn ok(body: &impl serde::Serialize) -> Answer {
    Ok(HttpResponse::Ok().json(body))
}

/// 201 with a JSON body and the new resource's address.
pub fn created(location: &str, body: &impl serde::Serialize) -> Answer {
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location.to_owned()))
        .json(body))
}
