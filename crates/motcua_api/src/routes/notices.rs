//! The notification outbox as staff see it: what went out, what failed, and
//! sending a failed notice again.

use actix_web::web;
use motcua_app::{App, AppError, NoticeQuery};
use motcua_domain::{DossierCode, NoticeState, Violation, Violations};

use super::Answer;
use crate::Staff;

/// `GET /api/v1/notices` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    state: Option<String>,
    dossier: Option<String>,
    mine: Option<bool>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Lists notices, newest first.
pub async fn list(
    app: web::Data<App>,
    Staff(principal): Staff,
    query: web::Query<ListQuery>,
) -> Answer {
    let q = query.into_inner();
    let mut v = Violations::new();
    let state = q.state.as_deref().and_then(|state| {
        v.check(
            state
                .parse::<NoticeState>()
                .map_err(|e| Violation::new("state", "unknown_state", e.to_string())),
        )
    });
    let dossier = q
        .dossier
        .as_deref()
        .and_then(|code| v.check(DossierCode::parse("dossier", code)));
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        v.push(Violation::new("limit", "out_of_range", "1 to 200"));
    }
    let offset = q.offset.unwrap_or(0);
    if !(0..=1_000_000).contains(&offset) {
        v.push(Violation::new("offset", "out_of_range", "0 to 1000000"));
    }
    if !v.is_empty() {
        return Err(AppError::Validation(v.into_vec()).into());
    }
    let list = app
        .list_notices(
            principal,
            NoticeQuery {
                state,
                dossier,
                mine: q.mine.unwrap_or(false),
                limit,
                offset,
            },
        )
        .await?;
    super::ok(&list)
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
