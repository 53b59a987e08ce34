//! Online submission (nộp hồ sơ trực tuyến): a citizen's application is a
//! draft until submitted, then the dossier it became. The citizen fills in
//! the form, uploads files for the procedure's documents, and submits with
//! an `Idempotency-Key`; the dossier gets its code at once (status 1) and
//! waits for a clerk to accept it, ask for more, or refuse it.

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use motcua_db::dossiers::DossierRow;
use motcua_db::online::{
    self as store, ApplicationFileRow, ApplicationRow, IdempotencyRow, RatingRow,
};
use motcua_db::{
    DbConnection, agencies, from_utc, is_unique_violation, procedures, utc, write_transaction,
};
use motcua_domain::{
    AgencyCode, Applicant, ApplicantFields, CRITERIA, DossierCode, DossierStatus, FileKind,
    FilePurpose, NoticePreferences, Organization, ProcedureCode, ProcedureDefinition, Rating,
    ResultDelivery, SubmittedDocument, check_online_delivery, display_file_name, missing_documents,
};
use serde::{Deserialize, Serialize};

use crate::app::{App, Services};
use crate::catalogue::procedures::{AgencyRef, definition_of};
use crate::citizens::accounts::CitizenPrincipal;
use crate::citizens::payments::{PaymentView, payments_of};
use crate::clock::local_date;
use crate::dossiers::intake::{IntakeCommand, Reception};
use crate::dossiers::lookup::{PublicDossier, public_view};
use crate::dossiers::reads::{ProcedureRef, dossier_of, own_dossier};
use crate::dossiers::workflow::commands::{Actor, DossierAction};
use crate::error::{AppError, AppResult, Reason};
use crate::hashing::sha256_hex;
use crate::staff::principal::Principal;

/// The statuses in which a dossier holds its files no longer against its
/// applicant's allowance.
fn closed_statuses() -> Vec<&'static str> {
    DossierStatus::ALL
        .into_iter()
        .filter(|s| s.is_final())
        .map(DossierStatus::as_str)
        .collect()
}

/// Files one document may have (a passport scanned page by page).
pub const MAX_FILES_PER_DOCUMENT: usize = 20;

/// What the citizen fills in, parsed.
#[derive(Debug, Clone)]
pub struct ApplicationForm {
    /// Who applies.
    pub applicant: Applicant,
    /// Where the result goes.
    pub result_delivery: ResultDelivery,
    /// How the applicant hears about the dossier.
    pub notices: NoticePreferences,
}

/// A new application, parsed.
#[derive(Debug, Clone)]
pub struct NewApplication {
    /// The procedure.
    pub procedure_code: ProcedureCode,
    /// The agency it goes to.
    pub agency_code: AgencyCode,
    /// The form.
    pub form: ApplicationForm,
}

/// One uploaded file, as received.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The name the client gave (display only).
    pub file_name: String,
    /// The bytes.
    pub bytes: Bytes,
}

/// The form as stored and shown back: the same fields the request carries,
/// as text (the parsers judged them when they were stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredForm {
    /// Who applies.
    pub applicant: StoredApplicant,
    /// Where the result goes.
    pub result_delivery: StoredDelivery,
    /// The channels the applicant hears on (`email`, `sms`).
    pub notify_by: Vec<String>,
    /// `vi` or `en`.
    pub notice_language: String,
}

/// The applicant of a stored form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredApplicant {
    /// Full name.
    pub full_name: String,
    /// The 12-digit identity number.
    pub id_number: Option<String>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Mobile number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Postal address.
    pub address: String,
    /// The organisation applied for.
    pub organization: Option<StoredOrganization>,
}

/// The organisation of a stored form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredOrganization {
    /// Its name.
    pub name: String,
    /// Its tax code.
    pub tax_code: String,
}

/// The result delivery of a stored form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDelivery {
    /// `counter`, `online` or `post`.
    pub method: String,
    /// The postal address, for `post`.
    pub address: Option<String>,
}

impl StoredForm {
    fn of(form: &ApplicationForm) -> StoredForm {
        let a = &form.applicant;
        StoredForm {
            applicant: StoredApplicant {
                full_name: a.full_name.as_str().to_owned(),
                id_number: a.id_number.as_ref().map(|n| n.as_str().to_owned()),
                birth_date: a.birth_date,
                phone: a.phone.as_ref().map(|p| p.as_str().to_owned()),
                email: a.email.as_ref().map(|e| e.as_str().to_owned()),
                address: a.address.clone(),
                organization: a
                    .organization
                    .as_ref()
                    .map(|o: &Organization| StoredOrganization {
                        name: o.name.clone(),
                        tax_code: o.tax_code.as_str().to_owned(),
                    }),
            },
            result_delivery: StoredDelivery {
                method: form.result_delivery.method().as_str().to_owned(),
                address: form.result_delivery.address().map(str::to_owned),
            },
            notify_by: form
                .notices
                .channels()
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            notice_language: form.notices.language.as_str().to_owned(),
        }
    }

    /// Parses the stored form again (it was valid when stored; the parsers
    /// are the judges, not the stored text).
    fn parse(&self) -> AppResult<ApplicationForm> {
        let a = &self.applicant;
        let fields = ApplicantFields {
            full_name: &a.full_name,
            id_number: a.id_number.as_deref(),
            birth_date: a.birth_date,
            phone: a.phone.as_deref(),
            email: a.email.as_deref(),
            address: &a.address,
            organization: a
                .organization
                .as_ref()
                .map(|o| (o.name.as_str(), o.tax_code.as_str())),
        };
        let applicant = Applicant::parse(&fields).map_err(AppError::Validation)?;
        let notices = NoticePreferences::parse(
            Some(&self.notify_by),
            Some(&self.notice_language),
            &applicant,
        )
        .map_err(AppError::Validation)?;
        let result_delivery = match (
            self.result_delivery.method.as_str(),
            &self.result_delivery.address,
        ) {
            ("counter", _) => ResultDelivery::Counter,
            ("online", _) => ResultDelivery::Online,
            ("post", Some(address)) => ResultDelivery::Post {
                address: address.clone(),
            },
            _ => return Err(AppError::unexpected("stored form", "result delivery")),
        };
        Ok(ApplicationForm {
            applicant,
            result_delivery,
            notices,
        })
    }
}

/// A stored file, as its owner and the clerks see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileView {
    /// Id, for downloading.
    pub id: String,
    /// The name the citizen gave.
    pub file_name: String,
    /// What the bytes are.
    pub content_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// SHA-256, hex.
    pub sha256: String,
    /// When the file was uploaded (UTC).
    pub uploaded_at: DateTime<Utc>,
}

/// A required document of the procedure and the files given for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationDocument {
    /// Its position in the procedure's list (the `{document}` of the
    /// upload route).
    pub index: usize,
    /// What it is.
    pub name: String,
    /// Whether the application is incomplete without it.
    pub mandatory: bool,
    /// The files.
    pub files: Vec<FileView>,
}

/// An application as its owner sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationView {
    /// Id; the handle from draft to result.
    pub id: String,
    /// Bumped by every change of the draft.
    pub version: i32,
    /// `draft`, or the dossier's status once submitted.
    pub state: String,
    /// The procedure.
    pub procedure: ProcedureRef,
    /// `partial` or `full`.
    pub online_mode: String,
    /// The agency.
    pub agency: AgencyRef,
    /// The form.
    pub form: StoredForm,
    /// The procedure's documents and the files given.
    pub documents: Vec<ApplicationDocument>,
    /// Whether files may be changed now (a draft, or a supplement asked).
    pub editable: bool,
    /// The dossier, once submitted: code, status, appointment, apologies and
    /// timeline, as the lookup shows them.
    pub dossier: Option<PublicDossier>,
    /// Fees asked for, their attempts and receipts.
    pub payments: Vec<PaymentView>,
    /// The result file(s) and signature, once the result is ready.
    pub results: Vec<FileView>,
    /// The applicant's rating, once given.
    pub rating: Option<RatingView>,
    /// When the draft was started (UTC).
    pub created_at: DateTime<Utc>,
    /// First submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// While a supplement is asked for: what the agency asked to bring or
    /// fix (Mẫu 02's items).
    pub supplement_asked: Vec<String>,
}

/// The citizen's applications.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationList {
    /// Newest first.
    pub items: Vec<ApplicationView>,
    /// How many in all.
    pub total: i64,
    /// Page size.
    pub limit: i64,
    /// How many items come before this page.
    pub offset: i64,
}

/// What a submit answers: the application, and whether this is the stored
/// answer to an earlier request with the same key.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// What the caller's [`AnswerOf`] made of the application right after
    /// the submission.
    pub answer: serde_json::Value,
    /// True when replayed from the idempotency store.
    pub replayed: bool,
}

/// How a caller answers a submission, stored with its idempotency key so a
/// repeat gets the same answer: the wire form is the caller's, not ours.
pub type AnswerOf = fn(&ApplicationView) -> serde_json::Result<serde_json::Value>;

/// The files of an online dossier, as staff see them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DossierFiles {
    /// The applicant's, by required document.
    pub documents: Vec<ApplicationDocument>,
    /// The result and its signature, once attached.
    pub results: Vec<FileView>,
}

/// A stored file's bytes and what they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileContent {
    /// The file.
    pub file: FileView,
    /// The bytes.
    pub bytes: Bytes,
}

pub(crate) fn file_view(row: &ApplicationFileRow) -> FileView {
    FileView {
        id: row.id.clone(),
        file_name: row.file_name.clone(),
        content_type: row.content_type.clone(),
        size_bytes: row.size_bytes,
        sha256: row.sha256.clone(),
        uploaded_at: from_utc(row.uploaded_at),
    }
}

fn not_found() -> AppError {
    AppError::NotFound(
        Reason::NoSuchApplication,
        "no such application of yours".into(),
    )
}

fn stored_form(row: &ApplicationRow) -> AppResult<StoredForm> {
    serde_json::from_str(&row.form).map_err(|e| AppError::unexpected("stored form", e))
}

fn form_json(form: &ApplicationForm) -> AppResult<String> {
    serde_json::to_string(&StoredForm::of(form)).map_err(|e| AppError::unexpected("form", e))
}

/// Files may change on a draft, and on a dossier waiting for a supplement.
fn editable(dossier: Option<&DossierRow>) -> bool {
    dossier.is_none_or(|d| d.status == DossierStatus::SupplementRequested)
}

/// The applicant sees the result files once the result is ready.
pub(crate) fn results_released(dossier: Option<&DossierRow>) -> bool {
    dossier
        .is_some_and(|d| d.status == DossierStatus::Finished || d.status == DossierStatus::Returned)
}

/// The applicant's rating, as shown back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingView {
    /// Each criterion's score, 0 to 2.
    pub scores: std::collections::BTreeMap<&'static str, u8>,
    /// Out of 18.
    pub total: u32,
    /// `excellent`, `good`, `fair`, `average` or `poor`.
    pub band: &'static str,
    /// What the applicant wrote, at most 2,000 characters.
    pub comment: Option<String>,
    /// When the applicant rated the service (UTC).
    pub rated_at: DateTime<Utc>,
}

/// A rating as stored: its nine scores as JSON.
pub(crate) fn stored_rating(scores: &str) -> AppResult<Rating> {
    let scores: [u8; 9] =
        serde_json::from_str(scores).map_err(|e| AppError::unexpected("stored rating", e))?;
    Rating::from_scores(scores)
        .ok_or_else(|| AppError::unexpected("stored rating", "score out of range"))
}

pub(crate) fn rating_view(row: &RatingRow) -> AppResult<RatingView> {
    let rating = stored_rating(&row.scores)?;
    Ok(RatingView {
        scores: CRITERIA.iter().copied().zip(rating.scores()).collect(),
        total: rating.total(),
        band: rating.band(),
        comment: row.comment.clone(),
        rated_at: from_utc(row.rated_at),
    })
}

/// What the latest supplement request of a dossier asked for.
fn supplement_items(conn: &mut DbConnection, dossier_id: &str) -> AppResult<Vec<String>> {
    #[derive(Deserialize)]
    struct Asked {
        #[serde(default)]
        items: Vec<String>,
    }
    let events = motcua_db::dossiers::events_of(conn, dossier_id)?;
    let Some(details) = events
        .iter()
        .rev()
        .find(|e| *e.kind == motcua_domain::EventKind::SupplementRequested)
        .and_then(|e| e.details.as_deref())
    else {
        return Ok(Vec::new());
    };
    let asked: Asked =
        serde_json::from_str(details).map_err(|e| AppError::unexpected("supplement request", e))?;
    Ok(asked.items)
}

pub(crate) fn application_view(
    conn: &mut DbConnection,
    calendars: &crate::calendars::Calendars,
    row: &ApplicationRow,
) -> AppResult<ApplicationView> {
    let version = procedures::version_by_id(conn, &row.procedure_version_id)?
        .ok_or_else(|| AppError::unexpected("application", "procedure version missing"))?;
    let definition = definition_of(&version)?;
    let procedure_code = procedures::code_of(conn, &version.procedure_id)?.unwrap_or_default();
    let agency = agencies::by_id(conn, &row.agency_id)?
        .ok_or_else(|| AppError::unexpected("application", "agency missing"))?;
    let files = store::files_of(conn, &row.id)?;
    let dossier = dossier_of(conn, row)?;
    let results = if results_released(dossier.as_ref()) {
        result_files(&files)
    } else {
        Vec::new()
    };
    let documents = documents_of(&definition, &files);
    let (public, payments, rating) = match &dossier {
        Some(d) => (
            public_view(conn, calendars, &d.code)?,
            payments_of(conn, &d.id)?,
            store::rating_of(conn, &d.id)?
                .map(|r| rating_view(&r))
                .transpose()?,
        ),
        None => (None, Vec::new(), None),
    };
    Ok(ApplicationView {
        id: row.id.clone(),
        version: row.version,
        state: dossier
            .as_ref()
            .map_or_else(|| "draft".to_owned(), |d| d.status.to_string()),
        procedure: ProcedureRef {
            code: procedure_code,
            name: version.name.clone(),
        },
        online_mode: definition.online_mode.as_str().to_owned(),
        agency: AgencyRef::of(&agency),
        form: stored_form(row)?,
        documents,
        editable: editable(dossier.as_ref()),
        dossier: public,
        payments,
        results,
        rating,
        created_at: from_utc(row.created_at),
        submitted_at: row.submitted_at.map(from_utc),
        supplement_asked: match &dossier {
            Some(d) if d.status == DossierStatus::SupplementRequested => {
                supplement_items(conn, &d.id)?
            }
            _ => Vec::new(),
        },
    })
}

/// The procedure's documents, each with the files given for it.
fn documents_of(
    definition: &ProcedureDefinition,
    files: &[ApplicationFileRow],
) -> Vec<ApplicationDocument> {
    definition
        .documents
        .iter()
        .enumerate()
        .map(|(index, doc)| ApplicationDocument {
            index,
            name: doc.name.clone(),
            mandatory: doc.mandatory,
            files: files
                .iter()
                .filter(|f| {
                    f.purpose == FilePurpose::Document
                        && usize::try_from(f.document_index).ok() == Some(index)
                })
                .map(file_view)
                .collect(),
        })
        .collect()
}

/// The result files (and signatures) among an application's files.
pub(crate) fn result_files(files: &[ApplicationFileRow]) -> Vec<FileView> {
    files
        .iter()
        .filter(|f| f.purpose != FilePurpose::Document)
        .map(file_view)
        .collect()
}

/// The row of a file about to be stored: a key of ours, never the name
/// the client gave, and the checksum of the bytes.
pub(crate) fn file_row(
    application_id: &str,
    index: usize,
    purpose: FilePurpose,
    kind: FileKind,
    upload: &Upload,
    now: DateTime<Utc>,
) -> ApplicationFileRow {
    let file_id = uuid::Uuid::now_v7().to_string();
    ApplicationFileRow {
        storage_key: format!("applications/{application_id}/{file_id}"),
        id: file_id,
        application_id: application_id.to_owned(),
        document_index: i32::try_from(index).unwrap_or(i32::MAX),
        file_name: display_file_name(&upload.file_name),
        content_type: kind.content_type().to_owned(),
        size_bytes: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
        sha256: sha256_hex(&upload.bytes),
        uploaded_at: utc(now),
        purpose: purpose.into(),
    }
}

impl Services {
    /// The citizen's application; another's is not found.
    pub(crate) fn own_application(
        &self,
        conn: &mut DbConnection,
        citizen: &CitizenPrincipal,
        id: &str,
    ) -> AppResult<ApplicationRow> {
        // Ids are UUIDs; anything else is no application of anyone's.
        if uuid::Uuid::parse_str(id).is_err() {
            return Err(not_found());
        }
        store::application_of(conn, &citizen.citizen_id, id)?.ok_or_else(not_found)
    }

    /// Checks that the upload fits the application now: it may change, the
    /// document exists, and the application stays under its size limit.
    fn check_upload(
        &self,
        conn: &mut DbConnection,
        citizen: &CitizenPrincipal,
        id: &str,
        index: usize,
        new_bytes: u64,
    ) -> AppResult<ApplicationRow> {
        let row = self.own_application(conn, citizen, id)?;
        let dossier = dossier_of(conn, &row)?;
        if !editable(dossier.as_ref()) {
            return Err(AppError::Conflict(Reason::ApplicationSubmitted,
                "the application is submitted; files may change only when a supplement is asked for"
                    .into(),
            ));
        }
        let version = procedures::version_by_id(conn, &row.procedure_version_id)?
            .ok_or_else(|| AppError::unexpected("application", "procedure version missing"))?;
        let definition = definition_of(&version)?;
        if index >= definition.documents.len() {
            return Err(AppError::NotFound(
                Reason::NoSuchDocument,
                format!(
                    "the procedure lists {} documents, numbered from 0",
                    definition.documents.len()
                ),
            ));
        }
        let index = i32::try_from(index).unwrap_or(i32::MAX);
        let kept: i64 = store::files_of(conn, &row.id)?
            .iter()
            .filter(|f| f.purpose == FilePurpose::Document && f.document_index != index)
            .map(|f| f.size_bytes)
            .sum();
        let total = u64::try_from(kept).unwrap_or(0) + new_bytes;
        if total > self.online.max_application_bytes {
            return Err(AppError::TooLarge(format!(
                "an application may hold at most {} bytes of files; this would make {total}",
                self.online.max_application_bytes
            )));
        }
        let held = store::held_document_bytes(
            conn,
            &citizen.citizen_id,
            &closed_statuses(),
            (&row.id, index),
        )?;
        let held = u64::try_from(held).unwrap_or(0) + new_bytes;
        if held > self.online.max_citizen_bytes {
            return Err(AppError::TooLarge(format!(
                "an account may hold at most {} bytes of files in its drafts and open dossiers; this would make {held}: delete a draft you no longer need",
                self.online.max_citizen_bytes
            )));
        }
        Ok(row)
    }
}

impl App {
    /// Starts a draft for a procedure offered online by the agency.
    pub async fn create_application(
        &self,
        citizen: CitizenPrincipal,
        new: NewApplication,
    ) -> AppResult<ApplicationView> {
        self.blocking(move |s| {
            let now = s.clock.now();
            let today = local_date(now);
            new.form
                .applicant
                .check_birth_date(today)
                .map_err(|v| AppError::Validation(vec![v.under("applicant")]))?;
            let mut conn = s.db.get()?;
            let agency =
                agencies::by_code(&mut conn, new.agency_code.as_str())?.ok_or_else(|| {
                    AppError::invalid("agency_code", "unknown_agency", "no agency with this code")
                })?;
            let code = &new.procedure_code;
            let procedure = procedures::by_code(&mut conn, code.as_str())?.ok_or_else(|| {
                AppError::invalid(
                    "procedure_code",
                    "unknown_procedure",
                    format!("no procedure with code {code}"),
                )
            })?;
            let version = procedures::version_in_force(&mut conn, &procedure.id, today)?
                .ok_or_else(|| {
                    AppError::invalid(
                        "procedure_code",
                        "not_in_force",
                        format!("procedure {code} is not in force today"),
                    )
                })?;
            if !procedures::is_handled_by(&mut conn, &procedure.id, &agency.id)? {
                return Err(AppError::invalid(
                    "agency_code",
                    "not_handled_here",
                    format!("this agency does not handle procedure {code}"),
                ));
            }
            let definition = definition_of(&version)?;
            check_online_delivery(definition.online_mode, &new.form.result_delivery)
                .map_err(|v| AppError::Validation(vec![v]))?;
            let row = ApplicationRow {
                id: uuid::Uuid::now_v7().to_string(),
                citizen_id: citizen.citizen_id.clone(),
                procedure_version_id: version.id.clone(),
                agency_id: agency.id.clone(),
                form: form_json(&new.form)?,
                dossier_id: None,
                submitted_at: None,
                version: 1,
                created_at: utc(now),
                updated_at: utc(now),
            };
            write_transaction(&mut conn, |conn| -> AppResult<()> {
                store::lock_citizen(conn, &citizen.citizen_id)?;
                let drafts = store::draft_count(conn, &citizen.citizen_id)?;
                let most = s.online.max_drafts_per_citizen;
                if drafts >= i64::from(most) {
                    return Err(AppError::Conflict(
                        Reason::DraftLimit,
                        format!(
                            "an account may hold at most {most} drafts: submit or delete one first"
                        ),
                    ));
                }
                Ok(store::insert_application(conn, &row)?)
            })?;
            tracing::info!(application.id = %row.id, procedure.code = %code, "application drafted");
            application_view(&mut conn, &s.calendars, &row)
        })
        .await
    }

    /// Replaces a draft's form; `version` is the one the citizen read.
    pub async fn update_application(
        &self,
        citizen: CitizenPrincipal,
        id: String,
        version: i32,
        form: ApplicationForm,
    ) -> AppResult<ApplicationView> {
        self.blocking(move |s| {
            let now = s.clock.now();
            form.applicant
                .check_birth_date(local_date(now))
                .map_err(|v| AppError::Validation(vec![v.under("applicant")]))?;
            let mut conn = s.db.get()?;
            let row = write_transaction(&mut conn, |conn| -> AppResult<ApplicationRow> {
                let row = s.own_application(conn, &citizen, &id)?;
                if row.dossier_id.is_some() {
                    return Err(AppError::Conflict(Reason::ApplicationSubmitted,
                        "the application is submitted; its form no longer changes".into(),
                    ));
                }
                let procedure = procedures::version_by_id(conn, &row.procedure_version_id)?
                    .ok_or_else(|| AppError::unexpected("application", "procedure version missing"))?;
                check_online_delivery(definition_of(&procedure)?.online_mode, &form.result_delivery)
                    .map_err(|v| AppError::Validation(vec![v]))?;
                if !store::update_form(conn, &row.id, version, &form_json(&form)?, utc(now))? {
                    return Err(AppError::PreconditionFailed(format!(
                        "the application changed since you read it (version {} now, you sent {version}): read it again",
                        row.version
                    )));
                }
                s.own_application(conn, &citizen, &id)
            })?;
            application_view(&mut conn, &s.calendars, &row)
        })
        .await
    }

    /// Replaces the files of document `index` with `uploads`. Each file is
    /// judged by its bytes (PDF, JPEG or PNG), checked against the size
    /// limits, checksummed and stored; the database row is written only
    /// after the bytes are safe, and the bytes of a refused or replaced
    /// upload are removed.
    pub async fn upload_documents(
        &self,
        citizen: CitizenPrincipal,
        id: String,
        index: usize,
        uploads: Vec<Upload>,
    ) -> AppResult<ApplicationView> {
        let s = &self.services;
        if uploads.is_empty() {
            return Err(AppError::invalid(
                "file",
                "required",
                "send at least one file",
            ));
        }
        if uploads.len() > MAX_FILES_PER_DOCUMENT {
            return Err(AppError::invalid(
                "file",
                "too_many",
                format!("at most {MAX_FILES_PER_DOCUMENT} files per document"),
            ));
        }
        let mut total = 0u64;
        let mut kinds = Vec::with_capacity(uploads.len());
        for upload in &uploads {
            let size = u64::try_from(upload.bytes.len()).unwrap_or(u64::MAX);
            if size > s.online.max_file_bytes {
                return Err(AppError::TooLarge(format!(
                    "a file may have at most {} bytes",
                    s.online.max_file_bytes
                )));
            }
            if size == 0 {
                return Err(AppError::invalid("file", "empty", "the file is empty"));
            }
            let kind = FileKind::sniff(&upload.bytes)
                .filter(|k| k.is_document())
                .ok_or_else(|| {
                    AppError::UnsupportedMediaType(
                        "the file is not a PDF, JPEG or PNG (judged by its content, not its name)"
                            .into(),
                    )
                })?;
            kinds.push(kind);
            total += size;
        }
        // Fail early, before any byte is stored; checked again on writing.
        {
            let (citizen, id) = (citizen.clone(), id.clone());
            self.blocking(move |s| {
                let mut conn = s.db.get()?;
                s.check_upload(&mut conn, &citizen, &id, index, total)
                    .map(|_| ())
            })
            .await?;
        }
        let now = s.clock.now();
        let files: Vec<(ApplicationFileRow, Bytes)> = uploads
            .into_iter()
            .zip(kinds)
            .map(|(upload, kind)| {
                let row = file_row(&id, index, FilePurpose::Document, kind, &upload, now);
                (row, upload.bytes)
            })
            .collect();
        self.store_then_write(files, move |s, conn, rows| {
            store::lock_citizen(conn, &citizen.citizen_id)?;
            let row = s.check_upload(conn, &citizen, &id, index, total)?;
            let replaced = store::remove_document_files(
                conn,
                &row.id,
                i32::try_from(index).unwrap_or(i32::MAX),
            )?;
            store::insert_files(conn, rows)?;
            store::touch_application(conn, &row.id, utc(now))?;
            tracing::info!(application.id = %row.id, document = index, files = rows.len(), bytes = total, "documents uploaded");
            let row = s.own_application(conn, &citizen, &id)?;
            Ok((replaced, application_view(conn, &s.calendars, &row)?))
        })
        .await
    }

    /// Stores the bytes of `files`, then writes their rows with `write` in
    /// one transaction. `write` returns the rows it replaced: their bytes are
    /// removed once the transaction has committed. If anything fails, the
    /// new bytes are removed and the database is as it was.
    pub(crate) async fn store_then_write<T, W>(
        &self,
        files: Vec<(ApplicationFileRow, Bytes)>,
        write: W,
    ) -> AppResult<T>
    where
        T: Send + 'static,
        W: FnOnce(
                &Services,
                &mut DbConnection,
                &[ApplicationFileRow],
            ) -> AppResult<(Vec<ApplicationFileRow>, T)>
            + Send
            + 'static,
    {
        let store = &self.services.online.files;
        let new_keys: Vec<String> = files.iter().map(|(r, _)| r.storage_key.clone()).collect();
        let mut rows = Vec::with_capacity(files.len());
        for (row, bytes) in files {
            if let Err(error) = store.put(&row.storage_key, bytes).await {
                store.remove(&new_keys).await;
                return Err(error);
            }
            rows.push(row);
        }
        let written = self
            .blocking(move |s| {
                let mut conn = s.db.get()?;
                write_transaction(&mut conn, |conn| write(s, conn, &rows))
            })
            .await;
        match written {
            Ok((replaced, answer)) => {
                let old: Vec<String> = replaced.into_iter().map(|r| r.storage_key).collect();
                store.remove(&old).await;
                Ok(answer)
            }
            Err(error) => {
                store.remove(&new_keys).await;
                Err(error)
            }
        }
    }

    /// One of the citizen's files.
    pub async fn application_file(
        &self,
        citizen: CitizenPrincipal,
        id: String,
        file_id: String,
    ) -> AppResult<FileContent> {
        let file = self
            .blocking(move |s| {
                let mut conn = s.db.get()?;
                let row = s.own_application(&mut conn, &citizen, &id)?;
                let released = results_released(dossier_of(&mut conn, &row)?.as_ref());
                store::files_of(&mut conn, &row.id)?
                    .into_iter()
                    .find(|f| f.id == file_id && (f.purpose == FilePurpose::Document || released))
                    .ok_or_else(|| {
                        AppError::NotFound(
                            Reason::NoSuchFile,
                            "no such file in this application".into(),
                        )
                    })
            })
            .await?;
        self.file_content(file).await
    }

    /// A file of an online dossier, for the staff who may see the dossier.
    pub async fn dossier_file(
        &self,
        principal: Principal,
        code: DossierCode,
        file_id: String,
    ) -> AppResult<FileContent> {
        let file = self
            .blocking(move |s| {
                let mut conn = s.db.get()?;
                let dossier = own_dossier(&mut conn, &principal, &code)?;
                let none = || {
                    AppError::NotFound(Reason::NoSuchFile, "no such file in this dossier".into())
                };
                let application =
                    store::application_of_dossier(&mut conn, &dossier.id)?.ok_or_else(none)?;
                store::files_of(&mut conn, &application.id)?
                    .into_iter()
                    .find(|f| f.id == file_id)
                    .ok_or_else(none)
            })
            .await?;
        self.file_content(file).await
    }

    async fn file_content(&self, file: ApplicationFileRow) -> AppResult<FileContent> {
        let bytes = self.services.online.files.get(&file.storage_key).await?;
        Ok(FileContent {
            file: file_view(&file),
            bytes,
        })
    }

    /// The files of an online dossier, for staff: the applicant's, by
    /// document, and the result's.
    pub async fn dossier_files(
        &self,
        principal: Principal,
        code: DossierCode,
    ) -> AppResult<DossierFiles> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let dossier = own_dossier(&mut conn, &principal, &code)?;
            let Some(application) = store::application_of_dossier(&mut conn, &dossier.id)? else {
                return Ok(DossierFiles::default());
            };
            let version = procedures::version_by_id(&mut conn, &application.procedure_version_id)?
                .ok_or_else(|| AppError::unexpected("application", "procedure version missing"))?;
            let files = store::files_of(&mut conn, &application.id)?;
            Ok(DossierFiles {
                documents: documents_of(&definition_of(&version)?, &files),
                results: result_files(&files),
            })
        })
        .await
    }

    /// Submits the application, or answers a supplement request by
    /// submitting it again. The first request with a key does the work and
    /// stores its answer (what `answer` makes of the submitted application:
    /// the caller's own wire form, so a replay is byte for byte the first
    /// answer); a repeat with the key gets that answer and does nothing,
    /// even when the two arrive at once.
    pub async fn submit_application(
        &self,
        citizen: CitizenPrincipal,
        id: String,
        key: String,
        answer: AnswerOf,
    ) -> AppResult<Submission> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let fingerprint = format!("submit:{id}");
            let replay = |row: IdempotencyRow| -> AppResult<Submission> {
                if row.request_fingerprint != fingerprint {
                    return Err(AppError::IdempotencyKeyReused(
                        "this Idempotency-Key was used for another request; use a new key".into(),
                    ));
                }
                Ok(Submission {
                    answer: serde_json::from_str(&row.response)
                        .map_err(|e| AppError::unexpected("stored answer", e))?,
                    replayed: true,
                })
            };
            let outcome = write_transaction(&mut conn, |conn| -> AppResult<Submission> {
                if let Some(stored) = store::idempotent_answer(conn, &citizen.citizen_id, &key)? {
                    return replay(stored);
                }
                let view = s.submit(conn, &citizen, &id)?;
                let answer = answer(&view).map_err(|e| AppError::unexpected("answer", e))?;
                let stored = IdempotencyRow {
                    citizen_id: citizen.citizen_id.clone(),
                    idempotency_key: key.clone(),
                    request_fingerprint: fingerprint.clone(),
                    status_code: 201,
                    response: answer.to_string(),
                    created_at: utc(s.clock.now()),
                };
                match store::store_idempotent_answer(conn, &stored) {
                    Ok(()) => Ok(Submission {
                        answer,
                        replayed: false,
                    }),
                    Err(e) if is_unique_violation(&e) => {
                        Err(AppError::Conflict(Reason::ChangedMeanwhile, "raced".into()))
                    }
                    Err(e) => Err(e.into()),
                }
            });
            match outcome {
                // A concurrent request with the same key won: its answer is
                // ours (on PostgreSQL the loser waits on the winner's locks,
                // then finds the draft submitted or the key taken).
                Err(error @ (AppError::Conflict(..) | AppError::PreconditionFailed(_))) => {
                    match store::idempotent_answer(&mut conn, &citizen.citizen_id, &key)? {
                        Some(stored) => replay(stored),
                        None => Err(error),
                    }
                }
                other => other,
            }
        })
        .await
    }

    /// The citizen's applications, newest first.
    pub async fn my_applications(
        &self,
        citizen: CitizenPrincipal,
        limit: i64,
        offset: i64,
    ) -> AppResult<ApplicationList> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let (rows, total) =
                store::applications_of(&mut conn, &citizen.citizen_id, limit, offset)?;
            let items = rows
                .iter()
                .map(|row| application_view(&mut conn, &s.calendars, row))
                .collect::<AppResult<Vec<_>>>()?;
            Ok(ApplicationList {
                items,
                total,
                limit,
                offset,
            })
        })
        .await
    }

    /// One of the citizen's applications.
    pub async fn my_application(
        &self,
        citizen: CitizenPrincipal,
        id: String,
    ) -> AppResult<ApplicationView> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let row = s.own_application(&mut conn, &citizen, &id)?;
            application_view(&mut conn, &s.calendars, &row)
        })
        .await
    }

    /// Deletes a draft and its files. A submitted application is a dossier
    /// and stays (409): withdraw it instead.
    pub async fn delete_application(&self, citizen: CitizenPrincipal, id: String) -> AppResult<()> {
        let removed = self
            .blocking(move |s| {
                let mut conn = s.db.get()?;
                write_transaction(&mut conn, |conn| -> AppResult<Vec<ApplicationFileRow>> {
                    let row = s.own_application(conn, &citizen, &id)?;
                    let not_draft = || {
                        AppError::Conflict(
                            Reason::ApplicationSubmitted,
                            "the application is submitted: ask to withdraw it instead".into(),
                        )
                    };
                    if row.dossier_id.is_some() {
                        return Err(not_draft());
                    }
                    let files = store::delete_draft(conn, &row.id)?.ok_or_else(not_draft)?;
                    tracing::info!(application.id = %row.id, files = files.len(), "draft deleted");
                    Ok(files)
                })
            })
            .await?;
        let keys: Vec<String> = removed.into_iter().map(|f| f.storage_key).collect();
        self.services.online.files.remove(&keys).await;
        Ok(())
    }

    /// Asks to withdraw a submitted application (status 7); the one-stop
    /// section confirms or declines.
    pub async fn withdraw_application(
        &self,
        citizen: CitizenPrincipal,
        id: String,
        reason: String,
    ) -> AppResult<ApplicationView> {
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let row = write_transaction(&mut conn, |conn| -> AppResult<ApplicationRow> {
                let row = s.own_application(conn, &citizen, &id)?;
                let dossier = dossier_of(conn, &row)?.ok_or_else(|| {
                    AppError::Conflict(
                        Reason::ApplicationNotSubmitted,
                        "a draft is not submitted; there is nothing to withdraw".into(),
                    )
                })?;
                s.take_action(
                    conn,
                    Actor::Applicant,
                    &dossier,
                    dossier.version,
                    &DossierAction::RequestWithdrawal { reason },
                    now,
                )?;
                Ok(row)
            })?;
            tracing::info!(application.id = %row.id, "withdrawal asked online");
            application_view(&mut conn, &s.calendars, &row)
        })
        .await
    }
}

impl Services {
    /// A second submission, answering the supplement request `dossier` waits
    /// on: the supplement is recorded and the clock resumes.
    fn submit_supplement(
        &self,
        conn: &mut DbConnection,
        citizen: &CitizenPrincipal,
        row: &ApplicationRow,
        dossier: &DossierRow,
        now: DateTime<Utc>,
    ) -> AppResult<ApplicationView> {
        self.take_action(
            conn,
            Actor::Applicant,
            dossier,
            dossier.version,
            &DossierAction::RecordSupplement {
                note: Some("Bổ sung trực tuyến".into()),
            },
            now,
        )?;
        store::touch_application(conn, &row.id, utc(now))?;
        tracing::info!(application.id = %row.id, dossier.code = %dossier.code, "supplement submitted online");
        let row = self.own_application(conn, citizen, &row.id)?;
        application_view(conn, &self.calendars, &row)
    }

    /// The submission itself, in the caller's transaction.
    fn submit(
        &self,
        conn: &mut DbConnection,
        citizen: &CitizenPrincipal,
        id: &str,
    ) -> AppResult<ApplicationView> {
        let now = self.clock.now();
        let row = self.own_application(conn, citizen, id)?;
        let version = procedures::version_by_id(conn, &row.procedure_version_id)?
            .ok_or_else(|| AppError::unexpected("application", "procedure version missing"))?;
        let definition = definition_of(&version)?;
        let files = store::files_of(conn, &row.id)?;
        let mut uploaded: Vec<usize> = files
            .iter()
            .filter(|f| f.purpose == FilePurpose::Document)
            .filter_map(|f| usize::try_from(f.document_index).ok())
            .collect();
        uploaded.dedup();
        let missing = missing_documents(&definition.documents, &uploaded);
        if !missing.is_empty() {
            return Err(AppError::Validation(missing));
        }
        if let Some(dossier) = dossier_of(conn, &row)? {
            // A second submission answers a supplement request.
            if *dossier.status != DossierStatus::SupplementRequested {
                return Err(AppError::Conflict(
                    Reason::ApplicationSubmitted,
                    format!(
                        "the application was submitted already as dossier {}",
                        dossier.code
                    ),
                ));
            }
            return self.submit_supplement(conn, citizen, &row, &dossier, now);
        }
        let today = local_date(now);
        let in_force = procedures::version_in_force(conn, &version.procedure_id, today)?;
        if in_force.as_ref().map(|v| &v.id) != Some(&version.id) {
            return Err(AppError::Conflict(
                Reason::ProcedureChanged,
                "the procedure changed since this draft was started; start a new application"
                    .into(),
            ));
        }
        let form = stored_form(&row)?.parse()?;
        let agency = agencies::by_id(conn, &row.agency_id)?
            .ok_or_else(|| AppError::unexpected("application", "agency missing"))?;
        let procedure_code = procedures::code_of(conn, &version.procedure_id)?
            .ok_or_else(|| AppError::unexpected("application", "procedure missing"))?;
        let command = IntakeCommand {
            procedure_code: ProcedureCode::parse("procedure_code", &procedure_code)
                .map_err(|e| AppError::unexpected("stored procedure code", e.message))?,
            applicant: form.applicant,
            documents: uploaded
                .iter()
                .map(|&index| SubmittedDocument {
                    index,
                    copy_type: definition.documents[index].copy_type,
                    count: 1,
                })
                .collect(),
            result_delivery: form.result_delivery,
            supplement_requests: Vec::new(),
            refusal_reasons: Vec::new(),
            notices: form.notices,
            arrived_by_post_at: None,
        };
        let reception = Reception {
            agency: &agency,
            version: &version,
            definition: &definition,
            clerk: None,
            command: &command,
            refusal: None,
            at: now,
        };
        let dossier = self.record_reception(conn, &reception)?;
        if !store::mark_submitted(conn, &row.id, &dossier.id, utc(now))? {
            return Err(AppError::Conflict(
                Reason::ChangedMeanwhile,
                "the application was submitted meanwhile".into(),
            ));
        }
        tracing::info!(application.id = %row.id, dossier.code = %dossier.code, "application submitted");
        let row = self.own_application(conn, citizen, id)?;
        application_view(conn, &self.calendars, &row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_are_lower_case_hex_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
