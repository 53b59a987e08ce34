//! The public lookup by dossier code: no sign-in, and nothing beyond what
//! DOMAIN.md allows (a masked name, no personal data, no staff names).

use chrono::{DateTime, Utc};
use motcua_db::dossiers as store;
use motcua_db::{agencies, from_utc, procedures};
use motcua_domain::{DossierCode, DossierStatus, mask_name};

use crate::catalogue::AgencyRef;
use crate::dossiers::{ChannelView, ProcedureRef, StatusView, channel_of, status_of};
use crate::{App, AppError, AppResult, ClientKey};

/// A step of the public timeline: what happened and when, never who.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PublicStep {
    /// The step's public name.
    pub step: String,
    /// The status it led to.
    pub status: StatusView,
    /// When.
    pub at: DateTime<Utc>,
}

/// An apology notice as the public sees it (reason, new date, date issued).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PublicApology {
    /// Why the result is late.
    pub reason: String,
    /// The new appointment.
    pub new_due_at: DateTime<Utc>,
    /// When the notice was issued.
    pub issued_at: DateTime<Utc>,
}

/// What anyone may read about a dossier.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PublicDossier {
    /// Code.
    pub code: String,
    /// Procedure.
    pub procedure: ProcedureRef,
    /// Agency.
    pub agency: AgencyRef,
    /// Channel.
    pub channel: ChannelView,
    /// Status.
    pub status: StatusView,
    /// The applicant's name, masked ("Nguyễn V** A**").
    pub applicant: String,
    /// Received.
    pub received_at: DateTime<Utc>,
    /// Due now (absent for a refused dossier).
    pub due_at: Option<DateTime<Utc>>,
    /// Due first (absent for a refused dossier).
    pub original_due_at: Option<DateTime<Utc>>,
    /// Apology notices, oldest first.
    pub apologies: Vec<PublicApology>,
    /// The timeline.
    pub timeline: Vec<PublicStep>,
}

impl App {
    /// Looks a dossier up by its code, for anyone; rate-limited per client.
    /// A malformed code answers like an unknown one.
    pub async fn lookup(&self, client: ClientKey, code: String) -> AppResult<PublicDossier> {
        self.services.limits.lookup(&client)?;
        let not_found = || AppError::NotFound("no dossier with this code".into());
        let code = DossierCode::parse("code", &code).map_err(|_| not_found())?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let row = store::by_code(&mut conn, code.as_str())?.ok_or_else(not_found)?;
            let agency = agencies::by_id(&mut conn, &row.agency_id)?
                .ok_or_else(|| AppError::unexpected("lookup", "agency missing"))?;
            let version = procedures::version_by_id(&mut conn, &row.procedure_version_id)?
                .ok_or_else(|| AppError::unexpected("lookup", "procedure version missing"))?;
            let procedure_code =
                procedures::code_of(&mut conn, &version.procedure_id)?.unwrap_or_default();
            let status = status_of(&row)?;
            let refused = status == DossierStatus::Refused;
            let timeline = store::events_of(&mut conn, &row.id)?
                .into_iter()
                .map(|e| {
                    let status: DossierStatus = e
                        .to_status
                        .parse()
                        .map_err(|e| AppError::unexpected("stored status", e))?;
                    Ok(PublicStep {
                        step: e.step_name,
                        status: status.into(),
                        at: from_utc(e.at),
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            Ok(PublicDossier {
                code: row.code.clone(),
                procedure: ProcedureRef {
                    code: procedure_code,
                    name: version.name,
                },
                agency: AgencyRef {
                    code: agency.code,
                    name: agency.name,
                },
                channel: channel_of(&row)?,
                status: status.into(),
                applicant: mask_name(
                    row.applicant_organization
                        .as_deref()
                        .unwrap_or(&row.applicant_name),
                ),
                received_at: from_utc(row.received_at),
                due_at: (!refused).then(|| from_utc(row.due_at)),
                original_due_at: (!refused).then(|| from_utc(row.original_due_at)),
                apologies: Vec::new(),
                timeline,
            })
        })
        .await
    }
}
