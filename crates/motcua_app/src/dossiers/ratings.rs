//! The paper rating form at the counter (Decree 61/2018 Art. 31: forms are
//! handed out with Mẫu 01–03 and the result): the applicant fills in the nine
//! criteria, the clerk records them, so a counter dossier is rated like an
//! online one and counts in the satisfaction indicator.

use chrono::{DateTime, Utc};
use motcua_db::online::{self as online_store, RatingRow};
use motcua_db::{utc, write_transaction};
use motcua_domain::{CRITERIA, DossierCode, DossierStatus, Role};

use crate::app::App;
use crate::citizens::results::RatingCommand;
use crate::dossiers::reads::own_dossier;
use crate::error::{AppError, AppResult, Reason};
use crate::staff::principal::Principal;

/// A rating recorded from the paper form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterRating {
    /// Dossier code.
    pub dossier_code: String,
    /// Each criterion with its score, 0 to 2, in the form's order.
    pub scores: Vec<(&'static str, u8)>,
    /// Their sum, of 18.
    pub total: u32,
    /// What the applicant wrote.
    pub comment: Option<String>,
    /// When the clerk recorded it (UTC).
    pub rated_at: DateTime<Utc>,
}

impl App {
    /// Records the rating form an applicant filled in at the counter for
    /// dossier `code`, once its result is ready (the clerk of the receiving
    /// agency's one-stop section). A dossier is rated once, online or on
    /// paper.
    pub async fn record_counter_rating(
        &self,
        principal: Principal,
        code: DossierCode,
        command: RatingCommand,
    ) -> AppResult<CounterRating> {
        principal.require(&[Role::Clerk])?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            write_transaction(&mut conn, |conn| {
                let row = own_dossier(conn, &principal, &code)?;
                if row.agency_id != principal.agency_id {
                    return Err(AppError::Forbidden(
                        "the one-stop section of the agency that received the dossier records its rating"
                            .into(),
                    ));
                }
                if !matches!(*row.status, DossierStatus::Finished | DossierStatus::Returned) {
                    return Err(AppError::Conflict(
                        Reason::ResultNotReady,
                        "the service is rated after the result is ready".into(),
                    ));
                }
                let scores = command.rating.scores();
                let written = online_store::insert_rating(
                    conn,
                    &RatingRow {
                        dossier_id: row.id.clone(),
                        citizen_id: None,
                        scores: serde_json::to_string(&scores)
                            .map_err(|e| AppError::unexpected("rating", e))?,
                        total: i32::try_from(command.rating.total()).unwrap_or(0),
                        comment: command.comment.clone(),
                        rated_at: utc(now),
                        recorded_by: Some(principal.user_id.clone()),
                    },
                )?;
                if !written {
                    return Err(AppError::Conflict(
                        Reason::RatedAlready,
                        "this dossier is rated already".into(),
                    ));
                }
                tracing::info!(dossier.code = %row.code, total = command.rating.total(), "paper rating recorded");
                Ok(CounterRating {
                    dossier_code: row.code.clone(),
                    scores: CRITERIA.iter().copied().zip(scores).collect(),
                    total: command.rating.total(),
                    comment: command.comment.clone(),
                    rated_at: now,
                })
            })
        })
        .await
    }
}
