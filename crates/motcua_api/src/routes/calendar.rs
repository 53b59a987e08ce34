//! The working calendar over HTTP: the same answers as `motcua calendar`.

use actix_web::web;
use chrono::NaiveDate;
use motcua_app::App;
use motcua_calendar::{OfficeHours, ProcessingTime};

use super::Answer;
use crate::Client;
use crate::extract::instant;
use crate::problem::ApiError;

/// `GET /api/v1/calendar/due` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueQuery {
    from: String,
    working_days: Option<u32>,
    working_hours: Option<u32>,
    office_hours: Option<String>,
}

/// Every weekday off and weekend day worked of a year.
pub async fn year(app: web::Data<App>, Client(client): Client, path: web::Path<i32>) -> Answer {
    super::ok(&app.calendar_year(client, path.into_inner()).await?)
}

/// The due instant of a processing time, and the days it skipped.
pub async fn due(
    app: web::Data<App>,
    Client(client): Client,
    query: web::Query<DueQuery>,
) -> Answer {
    let q = query.into_inner();
    let from = instant("from", &q.from).map_err(|v| motcua_app::AppError::Validation(vec![v]))?;
    let time = match (q.working_days, q.working_hours) {
        (Some(days), None) if days <= 1_000 => ProcessingTime::WorkingDays(days),
        (None, Some(hours)) if hours <= 8_000 => ProcessingTime::WorkingHours(hours),
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "working_days",
                "ambiguous",
                "give working_days or working_hours, not both",
            ));
        }
        (None, None) => {
            return Err(ApiError::invalid(
                "working_days",
                "required",
                "give working_days or working_hours",
            ));
        }
        _ => {
            return Err(ApiError::invalid(
                "working_days",
                "out_of_range",
                "at most 1000 working days or 8000 working hours",
            ));
        }
    };
    let hours = match q.office_hours.as_deref() {
        Some(text) => text.parse::<OfficeHours>().map_err(|e| {
            ApiError::invalid("office_hours", "invalid_office_hours", e.to_string())
        })?,
        None => OfficeHours::default(),
    };
    super::ok(&app.calendar_due(client, from, time, hours).await?)
}

/// The lunar date of a civil date.
pub async fn lunar(
    app: web::Data<App>,
    Client(client): Client,
    path: web::Path<NaiveDate>,
) -> Answer {
    super::ok(&app.lunar_day(&client, path.into_inner())?)
}
