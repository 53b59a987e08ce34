//! Request bodies and query strings of `routes::procedures`, and what each becomes.

use crate::problem::ApiError;
use chrono::NaiveDate;
use motcua_app::{AppError, ProcedureDraft, ProcedureQuery};
use motcua_domain::{
    AgencyCode, Fee, OnlineMode, ProcedureDefinition, ProcessStep, ProcessingUnit,
    RequiredDocument, Violation,
};

/// `POST /api/v1/procedures` and `PUT /api/v1/procedures/{code}` body: a
/// procedure version. `code` is required when creating; when updating it may
/// be left out, and must match the path if given.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureRequest {
    pub(crate) code: Option<String>,
    pub(crate) effective_from: NaiveDate,
    pub(crate) agencies: Vec<String>,
    pub(crate) name: String,
    pub(crate) field: String,
    pub(crate) processing_time: u32,
    pub(crate) processing_unit: ProcessingUnit,
    pub(crate) processing_note: Option<String>,
    pub(crate) online_mode: OnlineMode,
    pub(crate) result_type: String,
    pub(crate) documents: Vec<RequiredDocument>,
    #[serde(default)]
    pub(crate) fees: Vec<Fee>,
    /// Absent: yes, the wait for the fee stops the clock.
    pub(crate) fee_wait_pauses_clock: Option<bool>,
    #[serde(default)]
    pub(crate) steps: Vec<ProcessStep>,
    #[serde(default)]
    pub(crate) legal_basis: Vec<String>,
    pub(crate) source_url: Option<String>,
}

impl ProcedureRequest {
    pub(crate) fn into_draft(self) -> Result<(Option<String>, ProcedureDraft), ApiError> {
        let definition = ProcedureDefinition {
            name: self.name,
            field: self.field,
            processing_time: self.processing_time,
            processing_unit: self.processing_unit,
            processing_note: self.processing_note,
            online_mode: self.online_mode,
            result_type: self.result_type,
            documents: self.documents,
            fees: self.fees,
            fee_wait_pauses_clock: self.fee_wait_pauses_clock.unwrap_or(true),
            steps: self.steps,
            legal_basis: self.legal_basis,
            source_url: self.source_url,
        };
        let draft = ProcedureDraft::parse(self.effective_from, &self.agencies, definition)
            .map_err(AppError::from)?;
        Ok((self.code, draft))
    }
}

/// `GET /api/v1/procedures` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    pub(crate) q: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) field: Option<String>,
    pub(crate) agency: Option<String>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

/// `GET /api/v1/procedures/{code}` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetQuery {
    pub(crate) on: Option<NaiveDate>,
}

impl TryFrom<SearchQuery> for ProcedureQuery {
    type Error = Vec<Violation>;

    /// The first mistake found, in the order of the fields.
    fn try_from(q: SearchQuery) -> Result<Self, Self::Error> {
        let refuse = |field: &str, code: &'static str, message: &str| {
            Err(vec![Violation::new(field, code, message)])
        };
        let page = q.page.unwrap_or(1);
        let per_page = q.per_page.unwrap_or(20);
        if !(1..=10_000).contains(&page) {
            return refuse("page", "out_of_range", "page is 1 to 10000");
        }
        if !(1..=100).contains(&per_page) {
            return refuse("per_page", "out_of_range", "per_page is 1 to 100");
        }
        let agency = match q.agency.as_deref() {
            Some(code) => Some(AgencyCode::parse("agency", code).map_err(|v| vec![v])?),
            None => None,
        };
        let text = q.q.filter(|t| !t.trim().is_empty());
        if text.as_ref().is_some_and(|t| t.chars().count() > 200) {
            return refuse("q", "too_long", "search at most 200 characters");
        }
        Ok(ProcedureQuery {
            text,
            code: q.code,
            field: q.field,
            agency,
            page,
            per_page,
        })
    }
}
