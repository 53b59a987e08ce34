//! The notification outbox as staff see it: what went out, what failed, and
//! sending a failed notice again.

use actix_web::web;
use motcua_app::{App, AppError, NoticeQuery, Reason};

use super::Answer;
use crate::Staff;
use crate::requests::notices::ListQuery;
use crate::responses::{NoticeListResponse, NoticeResponse};

/// Lists notices, newest first.
pub async fn list(
    app: web::Data<App>,
    Staff(principal): Staff,
    query: web::Query<ListQuery>,
) -> Answer {
    let query = NoticeQuery::try_from(query.into_inner()).map_err(AppError::from)?;
    super::ok(&NoticeListResponse::from(
        app.list_notices(principal, query).await?,
    ))
}

/// Sends a failed notice again.
pub async fn resend(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
) -> Answer {
    let id = super::uuid_in_path(&path, Reason::NoSuchNotice)?;
    let notice = app.resend_notice(principal, id).await?;
    super::ok(&NoticeResponse::from(notice))
}
