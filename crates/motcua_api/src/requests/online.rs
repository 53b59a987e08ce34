//! Request bodies and query strings of `routes::online`, and what each becomes.

use crate::requests::dossiers::{ApplicantRequest, DeliveryRequest, parse_form};
use motcua_app::ApplicationForm;
use motcua_domain::Violations;

/// The form of an application.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormRequest {
    pub(crate) applicant: ApplicantRequest,
    pub(crate) result_delivery: DeliveryRequest,
    pub(crate) notify_by: Option<Vec<String>>,
    pub(crate) notice_language: Option<String>,
}

/// `POST /api/v1/me/dossiers` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateApplicationRequest {
    pub(crate) procedure_code: String,
    pub(crate) agency_code: String,
    #[serde(flatten)]
    pub(crate) form: FormRequest,
}

/// `PUT /api/v1/me/dossiers/{id}` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateApplicationRequest {
    pub(crate) version: Option<i32>,
    #[serde(flatten)]
    pub(crate) form: FormRequest,
}

pub(crate) fn form(v: &mut Violations, f: &FormRequest) -> Option<ApplicationForm> {
    let (applicant, notices, result_delivery) = parse_form(
        v,
        &f.applicant,
        &f.result_delivery,
        f.notify_by.as_deref(),
        f.notice_language.as_deref(),
        true,
    );
    Some(ApplicationForm {
        applicant: applicant?,
        result_delivery: result_delivery?,
        notices: notices?,
    })
}

/// `GET /api/v1/me/dossiers` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub(crate) limit: Option<i64>,
    pub(crate) offset: Option<i64>,
}

/// `POST /api/v1/me/dossiers/{id}/withdraw` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    pub(crate) reason: String,
}

/// `POST /api/v1/me/dossiers/{id}/rating` body: a score per criterion.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingRequest {
    pub(crate) scores: std::collections::BTreeMap<String, i64>,
    pub(crate) comment: Option<String>,
}
