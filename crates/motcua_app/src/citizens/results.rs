//! Results online (trả kết quả trực tuyến) and the applicant's rating.
//!
//! Staff attach the result of an online dossier as a file, with its detached
//! digital signature when there is one; the applicant downloads it once the
//! result is ready, and a `full` procedure ends there, without a counter
//! visit. After the result the applicant may rate the service once.

use motcua_db::online::{self as store, RatingRow};
use motcua_db::{DbConnection, utc, write_transaction};
use motcua_domain::{Action, DossierCode, DossierStatus, FileKind, FilePurpose, Rating, Role};

use crate::app::{App, Services};
use crate::citizens::accounts::CitizenPrincipal;
use crate::citizens::applications::{
    ApplicationView, FileView, Upload, application_view, file_row, result_files, results_released,
};
use crate::dossiers::reads::{dossier_of, own_dossier};
use crate::dossiers::workflow::commands::check_place;
use crate::error::{AppError, AppResult, Reason};
use crate::staff::principal::Principal;

/// Who may attach a result: those who process dossiers and the one-stop
/// section that returns them.
const ATTACHERS: [Role; 4] = [Role::Specialist, Role::UnitHead, Role::Leader, Role::Clerk];

/// A rating, parsed.
#[derive(Debug, Clone)]
pub struct RatingCommand {
    /// The nine scores.
    pub rating: Rating,
    /// Remarks, at most 2,000 characters.
    pub comment: Option<String>,
}

impl Services {
    /// The online dossier `code` as staff who may attach its result see it,
    /// with its application.
    fn result_target(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        code: &DossierCode,
    ) -> AppResult<(
        motcua_db::dossiers::DossierRow,
        motcua_db::online::ApplicationRow,
    )> {
        let dossier = own_dossier(conn, principal, code)?;
        // Where the result may be finished from: the holding agency, a
        // specialist on what is assigned to him, a unit head in his unit.
        check_place(principal, &dossier, Action::Finish)?;
        let status = *dossier.status;
        if !matches!(status, DossierStatus::Processing | DossierStatus::Finished) {
            return Err(AppError::IllegalTransition(format!(
                "a result is attached while the dossier is processing or finished, not {}",
                status.as_str()
            )));
        }
        let application = store::application_of_dossier(conn, &dossier.id)?.ok_or_else(|| {
            AppError::Conflict(
                Reason::NotSubmittedOnline,
                "the dossier was not submitted online: its result is handed over on paper".into(),
            )
        })?;
        Ok((dossier, application))
    }
}

impl App {
    /// Attaches the result of an online dossier, replacing any attached
    /// before: PDF, JPEG or PNG files, and detached signatures (PKCS #7).
    /// Returns the attached files.
    pub async fn attach_result(
        &self,
        principal: Principal,
        code: DossierCode,
        uploads: Vec<Upload>,
    ) -> AppResult<Vec<FileView>> {
        principal.require(&ATTACHERS)?;
        let max = self.services.online.max_file_bytes;
        let mut kinds = Vec::with_capacity(uploads.len());
        for upload in &uploads {
            if u64::try_from(upload.bytes.len()).unwrap_or(u64::MAX) > max {
                return Err(AppError::TooLarge(format!(
                    "a file may have at most {max} bytes"
                )));
            }
            let kind = FileKind::sniff(&upload.bytes).ok_or_else(|| {
                AppError::UnsupportedMediaType(
                    "a result is a PDF, JPEG or PNG, a signature a PKCS #7 file (judged by the content)"
                        .into(),
                )
            })?;
            kinds.push(kind);
        }
        if !kinds.iter().any(|k| k.is_document()) {
            return Err(AppError::invalid(
                "file",
                "required",
                "send the result itself (a signature alone is not a result)",
            ));
        }
        let application_id = {
            let (principal, code) = (principal.clone(), code.clone());
            self.blocking(move |s| {
                let mut conn = s.db.get()?;
                Ok(s.result_target(&mut conn, &principal, &code)?.1.id)
            })
            .await?
        };
        let now = self.services.clock.now();
        let files = uploads
            .into_iter()
            .zip(kinds)
            .map(|(upload, kind)| {
                let purpose = if kind.is_document() {
                    FilePurpose::Result
                } else {
                    FilePurpose::ResultSignature
                };
                (
                    file_row(&application_id, 0, purpose, kind, &upload, now),
                    upload.bytes,
                )
            })
            .collect();
        self.store_then_write(files, move |s, conn, rows| {
            let (dossier, application) = s.result_target(conn, &principal, &code)?;
            if application.id != application_id {
                return Err(AppError::Conflict(
                    Reason::ChangedMeanwhile,
                    "the dossier changed meanwhile; try again".into(),
                ));
            }
            let replaced = store::remove_result_files(conn, &application.id)?;
            store::insert_files(conn, rows)?;
            tracing::info!(dossier.code = %dossier.code, files = rows.len(), "result attached");
            let attached = result_files(&store::files_of(conn, &application.id)?);
            Ok((replaced, attached))
        })
        .await
    }

    /// Rates the service of a dossier whose result is ready, once.
    pub async fn rate_application(
        &self,
        citizen: CitizenPrincipal,
        id: String,
        command: RatingCommand,
    ) -> AppResult<ApplicationView> {
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let application = write_transaction(&mut conn, |conn| {
                let application = s.own_application(conn, &citizen, &id)?;
                let dossier = dossier_of(conn, &application)?;
                let Some(dossier) = dossier.filter(|d| results_released(Some(d))) else {
                    return Err(AppError::Conflict(Reason::ResultNotReady,
                        "the service is rated after the result is ready".into(),
                    ));
                };
                let scores = serde_json::to_string(&command.rating.scores())
                    .map_err(|e| AppError::unexpected("rating", e))?;
                let written = store::insert_rating(
                    conn,
                    &RatingRow {
                        dossier_id: dossier.id.clone(),
                        citizen_id: Some(citizen.citizen_id.clone()),
                        scores,
                        total: i32::try_from(command.rating.total()).unwrap_or(0),
                        comment: command.comment.clone(),
                        rated_at: utc(now),
                        recorded_by: None,
                    },
                )?;
                if !written {
                    return Err(AppError::Conflict(Reason::RatedAlready, "this dossier is rated already".into()));
                }
                tracing::info!(dossier.code = %dossier.code, total = command.rating.total(), "service rated");
                Ok(application)
            })?;
            application_view(&mut conn, &s.calendars, &application)
        })
        .await
    }
}
