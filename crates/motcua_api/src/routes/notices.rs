//! The notification outbox as staff see it: what went out, what failed, and
//! sending a failed notice again.

use actix_web::web;
use motcua_app::{App, AppError, NoticeQuery};

use super::Answer;
use crate::Staff;
use crate::requests::notices::ListQuery;

/// Lists notices, newest first.
pub async fn list(
    app: web::Data<App>,
    Staff(principal): Staff,
    query: web::Query<ListQuery>,
) -> Answer {
    let query = NoticeQuery::try_from(query.into_inner()).map_err(AppError::from)?;
    super::ok(&app.list_notices(principal, query).await?)
}

/// Sends a failed notice again.
pub async fn resend(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
) -> Answer {
    let id = uuid::Uuid::parse_str(&path)
        .map(|id| id.to_string())
        .map_err(|_| AppError::NotFound(format!("no notice {path}")))?;
    let notice = app.resend_notice(principal, id).await?;
    super::ok(&notice)
}
