//! The leader's dashboard (`/can-bo/bao-cao`): the indicators of Decision
//! 766 for a month, a quarter or a year, computed by the same use case as
//! the API's report; the on-time rate by month, the late dossiers and the
//! apologies by unit, and satisfaction drawn as charts; the report as CSV
//! or a workbook.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Datelike;
use motcua_app::{
    App, AppError, Breakdown, IndicatorQuery, IndicatorReport, ReportPeriod, ReportTable,
};
use motcua_domain::{Measure, MeasureUnit, attachment_disposition, format_day};

use super::charts::{self, Chart};
use super::{OnDuty, PREFIX, Section, StaffFrame};
use crate::WebError;
use crate::csrf::FormToken;
use crate::form::FormErrors;
use crate::messages::Lang;
use crate::pages::with_query;

/// The dashboard's address: the period (`2026`, `2026-Q4`, `2026-11`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct DashboardQuery {
    #[serde(default)]
    ky: String,
    /// For the download: `csv` or `xlsx`.
    #[serde(default)]
    dang: String,
}

/// A key figure at the top.
struct Figure {
    label: &'static str,
    value: String,
    detail: String,
}

/// A row of the full list of indicators.
struct Row {
    code: String,
    title: String,
    value: String,
    fraction: String,
    formula: String,
}

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage {
    frame: StaffFrame,
    errors: FormErrors,
    ky: String,
    periods: Vec<(String, String)>,
    heading: String,
    figures: Vec<Figure>,
    by_month: Chart,
    months: Vec<(String, String, String)>,
    late_units: Chart,
    apologies: Chart,
    units: Vec<(String, u64, u64, u64)>,
    criteria: Chart,
    criteria_rows: Vec<(String, String)>,
    rows: Vec<Row>,
    csv: String,
    xlsx: String,
}

/// The period the address names, else this month.
fn period_of(ky: &str, app: &App) -> Result<(String, ReportPeriod), AppError> {
    let text = if ky.trim().is_empty() {
        let today = app.today();
        format!("{}-{:02}", today.year(), today.month())
    } else {
        ky.trim().to_owned()
    };
    let period = ReportPeriod::parse(Some(&text), None, None)?;
    Ok((text, period))
}

fn query(period: ReportPeriod, by: Breakdown) -> IndicatorQuery {
    IndicatorQuery {
        agency: None,
        include_children: false,
        unit: None,
        procedure: None,
        channel: None,
        period,
        by: Some(by),
    }
}

fn measure<'a>(report: &'a IndicatorReport, key: &str) -> Option<&'a Measure> {
    report.total.measures.iter().find(|m| m.key == key)
}

/// A measure's value as people here write it: `92,5%` in Vietnamese,
/// `92.5%` in English.
fn value_text(m: &Measure, lang: Lang) -> String {
    let text = match (m.value, m.unit) {
        (None, _) => return "–".to_owned(),
        (Some(v), MeasureUnit::Percent) => format!("{v:.1}%"),
        (Some(v), _) => format!("{v:.2}"),
    };
    decimal(text, lang)
}

fn decimal(text: String, lang: Lang) -> String {
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

/// `GET /can-bo/bao-cao?ky=2026-11`.
pub async fn show(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    query_: web::Query<DashboardQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let (m, s) = (lang.messages(), lang.staff());
    let asked = query_.into_inner().ky;
    let today = app.today();
    let periods = vec![
        (
            format!("{}-{:02}", today.year(), today.month()),
            s.period_this_month.to_owned(),
        ),
        (
            format!("{}-Q{}", today.year(), today.month0() / 3 + 1),
            s.period_this_quarter.to_owned(),
        ),
        (today.year().to_string(), s.period_this_year.to_owned()),
        (
            (today.year() - 1).to_string(),
            s.period_last_year.to_owned(),
        ),
    ];
    let (text, period) = match period_of(&asked, &app) {
        Ok(found) => found,
        Err(AppError::Validation(_)) => {
            let mut errors = FormErrors::none();
            errors.push("ky", s.period_wrong);
            let page = ErrorPage {
                frame: StaffFrame::new(
                    lang,
                    crate::form::title(m, &errors, s.dashboard_title),
                    Section::Reports,
                    Some(&staff),
                    &csrf,
                    &req,
                ),
                errors,
                ky: asked.chars().take(40).collect(),
                periods,
            };
            return Ok(crate::html(StatusCode::BAD_REQUEST, &page));
        }
        Err(e) => return Err(e.into()),
    };
    let report = app
        .indicators(staff.principal.clone(), query(period, Breakdown::Unit))
        .await?;
    // The months of the period's year up to its end, for the trend.
    let year = ReportPeriod::parse(Some(&period.to().year().to_string()), None, None)?;
    let year = ReportPeriod::new(year.from(), period.to().min(year.to()))?;
    let monthly = app
        .indicators(staff.principal.clone(), query(year, Breakdown::Month))
        .await?;
    let page = dashboard(
        lang,
        (&staff, &csrf, &req),
        text,
        &report,
        &monthly,
        periods,
    );
    Ok(crate::html(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "staff/dashboard_error.html")]
struct ErrorPage {
    frame: StaffFrame,
    errors: FormErrors,
    ky: String,
    periods: Vec<(String, String)>,
}

fn dashboard(
    lang: Lang,
    (staff, csrf, req): (&motcua_app::StaffOnPage, &str, &HttpRequest),
    ky: String,
    report: &IndicatorReport,
    monthly: &IndicatorReport,
    periods: Vec<(String, String)>,
) -> DashboardPage {
    let s = lang.staff();
    let t = &report.total.tally;
    let figure = |label: &'static str, key: &str| {
        let found = measure(report, key);
        Figure {
            label,
            value: found.map_or_else(|| "–".to_owned(), |m| value_text(m, lang)),
            detail: found
                .filter(|m| m.unit == MeasureUnit::Percent)
                .map(|m| (s.of_count)(m.numerator, m.denominator))
                .unwrap_or_default(),
        }
    };
    let figures = vec![
        Figure {
            label: s.figure_received,
            value: t.received.to_string(),
            detail: (s.figure_online)(t.received_online),
        },
        figure(s.figure_on_time, "on_time_rate"),
        Figure {
            label: s.figure_late,
            value: t.late_all().to_string(),
            detail: (s.figure_without_apology)(t.late_all().saturating_sub(t.late_apologised)),
        },
        figure(s.figure_days, "average_processing_days"),
        figure(s.figure_satisfaction, "satisfaction"),
        figure(s.figure_online_share, "online_share"),
    ];
    let points: Vec<(String, Option<f64>)> = monthly
        .groups
        .iter()
        .map(|g| {
            let label = g.key.rsplit('-').next().map_or_else(
                || g.key.clone(),
                |m| format!("T{}", m.trim_start_matches('0')),
            );
            (label, g.tally.on_time_rate().value)
        })
        .collect();
    let months = monthly
        .groups
        .iter()
        .map(|g| {
            let rate = g.tally.on_time_rate();
            (
                g.label.clone(),
                rate.value
                    .map_or_else(|| "–".to_owned(), |v| format!("{v:.1}%")),
                (s.of_count)(rate.numerator, rate.denominator),
            )
        })
        .collect();
    let units: Vec<(String, u64, u64, u64)> = report
        .late_units
        .iter()
        .map(|u| {
            let name = u
                .unit
                .as_ref()
                .map_or_else(|| s.no_unit.to_owned(), |u| u.name.clone());
            (
                name,
                u.lateness.dossiers_made_late,
                u.lateness.apologies_owed(),
                u.lateness.apologies_issued,
            )
        })
        .collect();
    let late_rows: Vec<(String, u64, Option<u64>)> = units
        .iter()
        .map(|(n, late, _, _)| (n.clone(), *late, None))
        .collect();
    let apology_rows: Vec<(String, u64, Option<u64>)> = units
        .iter()
        .map(|(n, _, owed, issued)| (n.clone(), *owed, Some(*issued)))
        .collect();
    let criteria_rows: Vec<(String, String)> = report
        .total
        .measures
        .iter()
        .filter(|m| m.key.starts_with("rating."))
        .map(|m| (m.title.clone(), value_text(m, lang)))
        .collect();
    let criteria_points: Vec<(String, Option<f64>)> = report
        .total
        .measures
        .iter()
        .filter(|m| m.key.starts_with("rating."))
        .enumerate()
        .map(|(i, m)| (format!("{}", i + 1), m.value.map(|v| v / 2.0 * 100.0)))
        .collect();
    let rows = report
        .total
        .measures
        .iter()
        .map(|m| Row {
            code: m.code.unwrap_or("").to_owned(),
            title: m.title.clone(),
            value: value_text(m, lang),
            fraction: if m.unit == MeasureUnit::Percent {
                (s.of_count)(m.numerator, m.denominator)
            } else {
                String::new()
            },
            formula: m.formula.clone(),
        })
        .collect();
    let heading = (s.dashboard_heading)(
        &report.agency.name,
        &format_day(report.period.from()),
        &format_day(report.period.to()),
    );
    let link = |format: &str| {
        with_query(
            &format!("{PREFIX}/bao-cao/tai-ve"),
            &[("ky", &ky), ("dang", format)],
        )
    };
    DashboardPage {
        frame: StaffFrame::new(
            lang,
            s.dashboard_title,
            Section::Reports,
            Some(staff),
            csrf,
            req,
        ),
        errors: FormErrors::none(),
        csv: link("csv"),
        xlsx: link("xlsx"),
        ky,
        periods,
        heading,
        figures,
        by_month: charts::percent_columns(&points),
        months,
        late_units: charts::count_rows(&late_rows),
        apologies: charts::count_rows(&apology_rows),
        units,
        criteria: charts::percent_columns(&criteria_points),
        criteria_rows,
        rows,
    }
}

/// `GET /can-bo/bao-cao/tai-ve?ky=…&dang=csv|xlsx`: the report as a file,
/// the same tables as the API's.
pub async fn download(
    app: web::Data<App>,
    OnDuty(staff): OnDuty,
    query_: web::Query<DashboardQuery>,
) -> Result<HttpResponse, WebError> {
    let q = query_.into_inner();
    let (_, period) = period_of(&q.ky, &app).map_err(|_| WebError::BadRequest)?;
    let report = app
        .indicators(staff.principal, query(period, Breakdown::Unit))
        .await?;
    let failed =
        |e: motcua_tables::TableError| WebError::Unexpected(format!("writing a table: {e}"));
    let (body, media_type, extension) = match q.dang.as_str() {
        "csv" => (
            motcua_tables::csv(&report.table(ReportTable::Indicators)).map_err(failed)?,
            motcua_tables::CSV_MEDIA_TYPE,
            "csv",
        ),
        "xlsx" => (
            motcua_tables::xlsx(&ReportTable::ALL.map(|t| report.table(t))).map_err(failed)?,
            motcua_tables::XLSX_MEDIA_TYPE,
            "xlsx",
        ),
        _ => return Err(WebError::BadRequest),
    };
    let mut response = HttpResponse::Ok()
        .content_type(media_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            attachment_disposition(&format!("{}.{extension}", report.file_stem())),
        ))
        .body(body);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}
