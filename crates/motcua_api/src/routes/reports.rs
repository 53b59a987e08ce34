//! Reports for the people who answer for an agency.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use bytes::Bytes;
use motcua_app::{App, AppError, Principal, RegisterPage, ReportPeriod};
use motcua_tables::CsvWriter;

use super::{Answer, Format};
use crate::requests::reports::{IndicatorsQuery, RegisterQuery, StatisticsQuery};
use crate::responses::{IndicatorReportResponse, PublicStatisticsResponse, RegisterResponse};
use crate::{Client, Staff};

/// The register of dossiers (Mẫu 06 / Mẫu 07) for a period: JSON, or the
/// A4 book with `?format=html|pdf`, or the export with `?format=csv|xlsx`.
pub async fn register(
    app: web::Data<App>,
    Staff(principal): Staff,
    query: web::Query<RegisterQuery>,
    req: HttpRequest,
) -> Answer {
    let offered = [
        Format::Json,
        Format::Html,
        Format::Pdf,
        Format::Csv,
        Format::Xlsx,
    ];
    let format = super::format_of(query.format.as_deref(), &req, &offered)?;
    match format {
        Format::Csv => return register_csv(app, principal, query.stream_period()?).await,
        Format::Xlsx => return register_xlsx(&app, principal, query.export_period()?).await,
        _ => {}
    }
    let register = app.register(principal, query.period()?).await?;
    match format {
        Format::Json => super::ok(&RegisterResponse::from(register)),
        printable => super::printed(&register, printable).await,
    }
}

/// The most lines a register workbook holds: a workbook is made whole in
/// memory; a longer register is exported as CSV, which streams.
const MOST_WORKBOOK_LINES: usize = 20_000;

/// The register as one CSV file, written a page at a time as the client
/// reads it: the memory of one page, whatever the length.
async fn register_csv(app: web::Data<App>, principal: Principal, period: ReportPeriod) -> Answer {
    let first = app.register_page(principal.clone(), period, None).await?;
    let stem = register_stem(&first, period);
    let pages = futures_util::stream::unfold(Some(Ok(first)), move |state| {
        let app = app.clone();
        let principal = principal.clone();
        async move {
            let page = match state? {
                Ok(page) => page,
                Err(e) => return Some((Err(e), None)),
            };
            let chunk = csv_chunk(&page);
            let next = match page.next {
                None => None,
                Some(after) => Some(app.register_page(principal, period, Some(after)).await),
            };
            Some((chunk, next))
        }
    });
    Ok(HttpResponse::Ok()
        .content_type(motcua_tables::CSV_MEDIA_TYPE)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{stem}.csv\""),
        ))
        .insert_header(("cache-control", "no-store"))
        .streaming(pages))
}

/// The export's file name: the agency and the period.
fn register_stem(page: &RegisterPage, period: ReportPeriod) -> String {
    format!(
        "so-theo-doi-{}-{}-{}",
        page.agency.code,
        period.from(),
        period.to()
    )
}

/// A page's lines as CSV; the first page starts the file.
fn csv_chunk(page: &RegisterPage) -> Result<Bytes, AppError> {
    let failed = |e: motcua_tables::TableError| AppError::unexpected("writing the register", e);
    let mut writer = if page.first {
        CsvWriter::new(Vec::new(), &motcua_app::register_headers()).map_err(failed)?
    } else {
        CsvWriter::continuing(Vec::new())
    };
    for entry in &page.entries {
        writer.row(&entry.table_row()).map_err(failed)?;
    }
    Ok(Bytes::from(writer.finish().map_err(failed)?))
}

/// The register as a workbook, up to [`MOST_WORKBOOK_LINES`] lines.
async fn register_xlsx(app: &App, principal: Principal, period: ReportPeriod) -> Answer {
    let mut page = app.register_page(principal.clone(), period, None).await?;
    let stem = register_stem(&page, period);
    let mut rows = Vec::new();
    loop {
        rows.extend(page.entries.iter().map(|e| e.table_row()));
        if rows.len() > MOST_WORKBOOK_LINES {
            let message = format!(
                "more than {MOST_WORKBOOK_LINES} dossiers: ask for a shorter period, or for format=csv"
            );
            return Err(AppError::invalid("to", "too_many", message).into());
        }
        let Some(after) = page.next.take() else { break };
        page = app
            .register_page(principal.clone(), period, Some(after))
            .await?;
    }
    let table = motcua_tables::Table {
        title: "Sổ theo dõi hồ sơ".into(),
        headers: motcua_app::register_headers(),
        rows,
    };
    super::tabulated(&[table], Format::Xlsx, &stem)
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
