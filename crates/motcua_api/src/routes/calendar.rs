//! The working calendar over HTTP: the same answers as `motcua calendar`.

use actix_web::web;
use chrono::NaiveDate;
use motcua_app::{App, AppError};

use super::Answer;
use crate::Client;
use crate::requests::calendar::{DueQuery, DueQuestion};

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
    let q = DueQuestion::try_from(query.into_inner()).map_err(AppError::from)?;
    super::ok(&app.calendar_due(client, q.from, q.time, q.hours).await?)
}

/// The lunar date of a civil date.
pub async fn lunar(
    app: web::Data<App>,
    Client(client): Client,
    path: web::Path<NaiveDate>,
) -> Answer {
    super::ok(&app.lunar_day(&client, path.into_inner())?)
}
