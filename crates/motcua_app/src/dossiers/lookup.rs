//! The public lookup by dossier code: no sign-in, and nothing beyond what
//! DOMAIN.md allows (a masked name, no personal data, no staff names).

use chrono::{DateTime, Utc};
use motcua_db::dossiers as store;
use motcua_db::{DbConnection, from_utc};
use motcua_domain::{ApologyState, DossierCode, DossierStatus, mask_name};

use crate::app::App;
use crate::catalogue::procedures::AgencyRef;
use crate::dossiers::reads::{ChannelView, ProcedureRef, StatusView, stored_channel};
use crate::error::{AppError, AppResult, Reason};
use crate::limits::ClientKey;

/// A step of the public timeline: what happened and when, never who.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicStep {
    /// The step's public name.
    pub step: String,
    /// The status it led to.
    pub status: StatusView,
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
}

/// An apology notice as the public sees it (reason, new date, date issued).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicApology {
    /// Why the result is late.
    pub reason: String,
    /// The new appointment.
    pub new_due_at: DateTime<Utc>,
    /// When the notice was issued.
    pub issued_at: DateTime<Utc>,
}

/// What anyone may read about a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicDossier {
    /// The dossier code (`<agency code>-<yymmdd>-<nnnn>`), as printed on the receipt.
    pub code: String,
    /// The procedure, by code and name.
    pub procedure: ProcedureRef,
    /// The agency it belongs to.
    pub agency: AgencyRef,
    /// How it came in (counter or online), with its national code and label.
    pub channel: ChannelView,
    /// Where it stands, with its national status code and label.
    pub status: StatusView,
    /// The applicant's name, masked ("Nguyễn V** A**").
    pub applicant: String,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub received_at: DateTime<Utc>,
    /// Due now (absent for a refused dossier and one not yet accepted).
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
        let Ok(parsed) = DossierCode::parse("code", &code) else {
            return Err(AppError::missing(Reason::NoSuchDossier, code));
        };
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            public_view(&mut conn, parsed.as_str())?
                .ok_or_else(|| AppError::missing(Reason::NoSuchDossier, parsed))
        })
        .await
    }
}

/// What anyone may see of dossier `code`: no staff names, the applicant's
/// name masked. The applicant's own view shows the same timeline.
pub(crate) fn public_view(conn: &mut DbConnection, code: &str) -> AppResult<Option<PublicDossier>> {
    let Some((row, steps)) = store::public_by_code(conn, code)? else {
        return Ok(None);
    };
    let status = *row.status;
    // A refused dossier has no appointment, nor one no clerk has accepted
    // yet (waiting, or asked for more before acceptance): the clock starts
    // at acceptance.
    let unappointed = status == DossierStatus::Refused || row.received_by.is_none();
    // Only a sent apology moves the appointment away from the original
    // due instant (pauses move both), so most lookups skip the query.
    let moved = row.due_at != row.original_due_at;
    let sent = if moved {
        motcua_db::apologies::of_dossier(conn, &row.id)?
    } else {
        Vec::new()
    };
    let apologies = sent
        .into_iter()
        .filter(|a| a.state == ApologyState::Sent)
        .filter_map(|a| {
            Some(PublicApology {
                reason: a.reason?,
                new_due_at: from_utc(a.new_due_at?),
                issued_at: from_utc(a.sent_at?),
            })
        })
        .collect();
    let timeline = steps
        .into_iter()
        .map(|(step, to_status, at)| {
            Ok(PublicStep {
                step,
                status: (*to_status).into(),
                at: from_utc(at),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Some(PublicDossier {
        applicant: mask_name(
            row.applicant_organization
                .as_deref()
                .unwrap_or(&row.applicant_name),
        ),
        code: row.code,
        procedure: ProcedureRef {
            code: row.procedure_code,
            name: row.procedure_name,
        },
        agency: AgencyRef {
            code: row.agency_code,
            name: row.agency_name,
        },
        channel: stored_channel(row.channel)?,
        status: status.into(),
        received_at: from_utc(row.received_at),
        due_at: (!unappointed).then(|| from_utc(row.due_at)),
        original_due_at: (!unappointed).then(|| from_utc(row.original_due_at)),
        apologies,
        timeline,
    }))
}
