//! Citizens' accounts, online applications, files, payments and ratings,
//! as the API answers them.

use super::catalogue::AgencyRefResponse;
use super::dossiers::{ProcedureRefResponse, PublicDossierResponse};
use chrono::{DateTime, Utc};
use motcua_app::StoredForm;
use motcua_domain::{CitizenKind, PaymentReview, PaymentState};

/// An account as its owner sees it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct CitizenResponse {
    /// Account id.
    pub(crate) id: String,
    /// A person or an organisation.
    pub(crate) kind: CitizenKind,
    /// Sign-in e-mail.
    pub(crate) email: String,
    /// Whether the e-mail address is proved.
    pub(crate) email_verified: bool,
    /// The full name, as registered.
    pub(crate) full_name: String,
    /// The organisation the account acts for, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) organization: Option<OrganizationResponse>,
    /// Mobile number.
    pub(crate) phone: Option<String>,
    /// When the account was registered (UTC).
    pub(crate) created_at: DateTime<Utc>,
}

impl From<motcua_app::CitizenView> for CitizenResponse {
    fn from(view: motcua_app::CitizenView) -> Self {
        CitizenResponse {
            id: view.id,
            kind: view.kind,
            email: view.email,
            email_verified: view.email_verified,
            full_name: view.full_name,
            organization: view.organization.map(Into::into),
            phone: view.phone,
            created_at: view.created_at,
        }
    }
}

/// An organisation account's organisation.
#[derive(Debug, serde::Serialize)]
pub(crate) struct OrganizationResponse {
    /// Its name, as printed on forms.
    pub(crate) name: String,
    /// Tax code.
    pub(crate) tax_code: String,
}

impl From<motcua_app::OrganizationView> for OrganizationResponse {
    fn from(view: motcua_app::OrganizationView) -> Self {
        OrganizationResponse {
            name: view.name,
            tax_code: view.tax_code,
        }
    }
}

/// What a citizen sign-in or a renewal gives.
#[derive(Debug, serde::Serialize)]
pub(crate) struct CitizenSessionResponse {
    /// The JWT to send as `Authorization: Bearer ...`.
    pub(crate) access_token: String,
    /// Always `Bearer`.
    pub(crate) token_type: &'static str,
    /// Seconds it works.
    pub(crate) expires_in: i64,
    /// The token to renew the session with, once.
    pub(crate) refresh_token: String,
    /// Seconds the refresh token works.
    pub(crate) refresh_expires_in: i64,
    /// Who signed in.
    pub(crate) citizen: CitizenResponse,
}

impl From<motcua_app::CitizenSession> for CitizenSessionResponse {
    fn from(view: motcua_app::CitizenSession) -> Self {
        CitizenSessionResponse {
            access_token: view.access_token,
            token_type: view.token_type,
            expires_in: view.expires_in,
            refresh_token: view.refresh_token,
            refresh_expires_in: view.refresh_expires_in,
            citizen: view.citizen.into(),
        }
    }
}

/// What a registration answers, whether the address was new or had an
/// account already: where we wrote.
#[derive(Debug, serde::Serialize)]
pub(crate) struct RegistrationReceiptResponse {
    /// The address the next step was e-mailed to.
    pub(crate) email: String,
}

impl From<motcua_app::RegistrationReceipt> for RegistrationReceiptResponse {
    fn from(view: motcua_app::RegistrationReceipt) -> Self {
        RegistrationReceiptResponse { email: view.email }
    }
}

/// A stored file, as its owner and the clerks see it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct FileResponse {
    /// Id, for downloading.
    pub(crate) id: String,
    /// The name the citizen gave.
    pub(crate) file_name: String,
    /// What the bytes are.
    pub(crate) content_type: String,
    /// Its size in bytes.
    pub(crate) size_bytes: i64,
    /// SHA-256, hex.
    pub(crate) sha256: String,
    /// When the file was uploaded (UTC).
    pub(crate) uploaded_at: DateTime<Utc>,
}

impl From<motcua_app::FileView> for FileResponse {
    fn from(view: motcua_app::FileView) -> Self {
        FileResponse {
            id: view.id,
            file_name: view.file_name,
            content_type: view.content_type,
            size_bytes: view.size_bytes,
            sha256: view.sha256,
            uploaded_at: view.uploaded_at,
        }
    }
}

/// A required document of the procedure and the files given for it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ApplicationDocumentResponse {
    /// Its position in the procedure's list (the `{document}` of the
    /// upload route).
    pub(crate) index: usize,
    /// What it is.
    pub(crate) name: String,
    /// Whether the application is incomplete without it.
    pub(crate) mandatory: bool,
    /// The files.
    pub(crate) files: Vec<FileResponse>,
}

impl From<motcua_app::ApplicationDocument> for ApplicationDocumentResponse {
    fn from(view: motcua_app::ApplicationDocument) -> Self {
        ApplicationDocumentResponse {
            index: view.index,
            name: view.name,
            mandatory: view.mandatory,
            files: view.files.into_iter().map(Into::into).collect(),
        }
    }
}

/// An application as its owner sees it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ApplicationResponse {
    /// Id; the handle from draft to result.
    pub(crate) id: String,
    /// Bumped by every change of the draft.
    pub(crate) version: i32,
    /// `draft`, or the dossier's status once submitted.
    pub(crate) state: String,
    /// The procedure.
    pub(crate) procedure: ProcedureRefResponse,
    /// `partial` or `full`.
    pub(crate) online_mode: String,
    /// The agency.
    pub(crate) agency: AgencyRefResponse,
    /// The form.
    pub(crate) form: StoredForm,
    /// The procedure's documents and the files given.
    pub(crate) documents: Vec<ApplicationDocumentResponse>,
    /// Whether files may be changed now (a draft, or a supplement asked).
    pub(crate) editable: bool,
    /// The dossier, once submitted: code, status, appointment, apologies and
    /// timeline, as the lookup shows them.
    pub(crate) dossier: Option<PublicDossierResponse>,
    /// Fees asked for, their attempts and receipts.
    pub(crate) payments: Vec<PaymentResponse>,
    /// The result file(s) and signature, once the result is ready.
    pub(crate) results: Vec<FileResponse>,
    /// The applicant's rating, once given.
    pub(crate) rating: Option<RatingResponse>,
    /// When the draft was started (UTC).
    pub(crate) created_at: DateTime<Utc>,
    /// First submitted.
    pub(crate) submitted_at: Option<DateTime<Utc>>,
}

impl From<motcua_app::ApplicationView> for ApplicationResponse {
    fn from(view: motcua_app::ApplicationView) -> Self {
        ApplicationResponse {
            id: view.id,
            version: view.version,
            state: view.state,
            procedure: view.procedure.into(),
            online_mode: view.online_mode,
            agency: view.agency.into(),
            form: view.form,
            documents: view.documents.into_iter().map(Into::into).collect(),
            editable: view.editable,
            dossier: view.dossier.map(Into::into),
            payments: view.payments.into_iter().map(Into::into).collect(),
            results: view.results.into_iter().map(Into::into).collect(),
            rating: view.rating.map(Into::into),
            created_at: view.created_at,
            submitted_at: view.submitted_at,
        }
    }
}

/// The citizen's applications.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ApplicationListResponse {
    /// Newest first.
    pub(crate) items: Vec<ApplicationResponse>,
    /// How many in all.
    pub(crate) total: i64,
    /// Page size.
    pub(crate) limit: i64,
    /// How many items come before this page.
    pub(crate) offset: i64,
}

impl From<motcua_app::ApplicationList> for ApplicationListResponse {
    fn from(view: motcua_app::ApplicationList) -> Self {
        ApplicationListResponse {
            items: view.items.into_iter().map(Into::into).collect(),
            total: view.total,
            limit: view.limit,
            offset: view.offset,
        }
    }
}

/// The files of an online dossier, as staff see them.
#[derive(Debug, serde::Serialize)]
pub(crate) struct DossierFilesResponse {
    /// The applicant's, by required document.
    pub(crate) documents: Vec<ApplicationDocumentResponse>,
    /// The result and its signature, once attached.
    pub(crate) results: Vec<FileResponse>,
}

impl From<motcua_app::DossierFiles> for DossierFilesResponse {
    fn from(view: motcua_app::DossierFiles) -> Self {
        DossierFilesResponse {
            documents: view.documents.into_iter().map(Into::into).collect(),
            results: view.results.into_iter().map(Into::into).collect(),
        }
    }
}

/// The applicant's rating, as shown back.
#[derive(Debug, serde::Serialize)]
pub(crate) struct RatingResponse {
    /// Each criterion's score, 0 to 2.
    pub(crate) scores: std::collections::BTreeMap<&'static str, u8>,
    /// Out of 18.
    pub(crate) total: u32,
    /// `excellent`, `good`, `fair`, `average` or `poor`.
    pub(crate) band: &'static str,
    /// What the applicant wrote, at most 2,000 characters.
    pub(crate) comment: Option<String>,
    /// When the applicant rated the service (UTC).
    pub(crate) rated_at: DateTime<Utc>,
}

impl From<motcua_app::RatingView> for RatingResponse {
    fn from(view: motcua_app::RatingView) -> Self {
        RatingResponse {
            scores: view.scores,
            total: view.total,
            band: view.band,
            comment: view.comment,
            rated_at: view.rated_at,
        }
    }
}

/// An attempt to pay, as its payer and staff see it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct AttemptResponse {
    /// Our reference, sent to the gateway.
    pub(crate) reference: String,
    /// The gateway.
    pub(crate) gateway: String,
    /// Where it stands.
    pub(crate) state: PaymentState,
    /// The amount asked.
    pub(crate) amount_vnd: i64,
    /// What the gateway said was paid.
    pub(crate) paid_amount_vnd: Option<i64>,
    /// The gateway's transaction number.
    pub(crate) transaction_no: Option<String>,
    /// The payer's bank.
    pub(crate) bank_code: Option<String>,
    /// When the payer was sent to the gateway (UTC).
    pub(crate) created_at: DateTime<Utc>,
    /// When the gateway's callback settled it (UTC); none while it waits.
    pub(crate) completed_at: Option<DateTime<Utc>>,
    /// Why staff must reconcile it; absent when nothing is to reconcile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) review: Option<PaymentReview>,
}

impl From<motcua_app::AttemptView> for AttemptResponse {
    fn from(view: motcua_app::AttemptView) -> Self {
        AttemptResponse {
            reference: view.reference,
            gateway: view.gateway,
            state: view.state,
            amount_vnd: view.amount_vnd,
            paid_amount_vnd: view.paid_amount_vnd,
            transaction_no: view.transaction_no,
            bank_code: view.bank_code,
            created_at: view.created_at,
            completed_at: view.completed_at,
            review: view.review,
        }
    }
}

/// A fee asked for, with its attempts and, once paid, its receipt.
#[derive(Debug, serde::Serialize)]
pub(crate) struct PaymentResponse {
    /// Its id (a UUID).
    pub(crate) id: String,
    /// The amount, in đồng.
    pub(crate) amount_vnd: i64,
    /// When it was asked for.
    pub(crate) requested_at: DateTime<Utc>,
    /// When it was paid.
    pub(crate) paid_at: Option<DateTime<Utc>>,
    /// The receipt of payment (biên lai điện tử), once paid.
    pub(crate) receipt_number: Option<String>,
    /// Each trip to the gateway.
    pub(crate) attempts: Vec<AttemptResponse>,
}

impl From<motcua_app::PaymentView> for PaymentResponse {
    fn from(view: motcua_app::PaymentView) -> Self {
        PaymentResponse {
            id: view.id,
            amount_vnd: view.amount_vnd,
            requested_at: view.requested_at,
            paid_at: view.paid_at,
            receipt_number: view.receipt_number,
            attempts: view.attempts.into_iter().map(Into::into).collect(),
        }
    }
}

/// Where to send the payer.
#[derive(Debug, serde::Serialize)]
pub(crate) struct PaymentStartResponse {
    /// Our reference of this attempt.
    pub(crate) reference: String,
    /// The amount, in đồng.
    pub(crate) amount_vnd: i64,
    /// The gateway's signed address.
    pub(crate) payment_url: String,
    /// When the gateway stops taking it.
    pub(crate) expires_at: DateTime<Utc>,
}

impl From<motcua_app::PaymentStart> for PaymentStartResponse {
    fn from(view: motcua_app::PaymentStart) -> Self {
        PaymentStartResponse {
            reference: view.reference,
            amount_vnd: view.amount_vnd,
            payment_url: view.payment_url,
            expires_at: view.expires_at,
        }
    }
}
