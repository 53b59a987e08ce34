//! Reports for the people who answer for an agency.

use actix_web::{HttpRequest, web};
use motcua_app::App;

use super::{Answer, Format};
use crate::requests::reports::{IndicatorsQuery, RegisterQuery, StatisticsQuery};
use crate::responses::{IndicatorReportResponse, PublicStatisticsResponse, RegisterResponse};
use crate::{Client, Staff};

/// The register of dossiers (Mẫu 06 / Mẫu 07) for a period: JSON, or the
/// A4 book with `?format=html|pdf`.
pub async fn register(
    app: web::Data<App>,
    Staff(principal): Staff,
    query: web::Query<RegisterQuery>,
    req: HttpRequest,
) -> Answer {
    let offered = [Format::Json, Format::Html, Format::Pdf];
    let format = super::format_of(query.format.as_deref(), &req, &offered)?;
    let register = app.register(principal, query.period()?).await?;
    match format {
        Format::Json => super::ok(&RegisterResponse::from(register)),
        printable => super::printed(&register, printable).await,
    }
}

/// The indicators of Decision 766 for an agency, a unit, a procedure, a
/// channel and a period, with a breakdown and who made the dossiers late:
/// JSON, or a file with `?format=csv|xlsx`.
pub async fn indicators(
    app: web::Data<App>,
    Staff(principal): Staff,
    query: web::Query<IndicatorsQuery>,
    req: HttpRequest,
) -> Answer {
    let offered = [Format::Json, Format::Csv, Format::Xlsx];
    let format = super::format_of(query.format.as_deref(), &req, &offered)?;
    let table = query.table()?;
    let report = app.indicators(principal, query.parse()?).await?;
    match format {
        Format::Json => super::ok(&IndicatorReportResponse::from(report)),
        Format::Csv => super::tabulated(&[report.table(table)], format, &report.file_stem()),
        _ => {
            let tables = motcua_app::ReportTable::ALL.map(|t| report.table(t));
            super::tabulated(&tables, format, &report.file_stem())
        }
    }
}

/// The public statistics of a year, per agency and month: no sign-in,
/// computed at most once a minute per question.
pub async fn public_statistics(
    app: web::Data<App>,
    Client(client): Client,
    query: web::Query<StatisticsQuery>,
) -> Answer {
    let statistics = app
        .public_statistics(client, query.year, query.agency()?)
        .await?;
    Ok(actix_web::HttpResponse::Ok()
        .insert_header(("cache-control", "public, max-age=60"))
        .json(PublicStatisticsResponse::from(statistics.as_ref())))
}
