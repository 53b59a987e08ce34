//! The procedure catalogue, as the API answers it.

use chrono::NaiveDate;
use motcua_domain::{OnlineMode, ProcedureDefinition, ProcessingUnit};

/// An agency, briefly.
#[derive(Debug, serde::Serialize)]
pub(crate) struct AgencyRefResponse {
    /// Identifier code.
    pub(crate) code: String,
    /// Its name, as printed on forms.
    pub(crate) name: String,
}

impl From<motcua_app::AgencyRef> for AgencyRefResponse {
    fn from(view: motcua_app::AgencyRef) -> Self {
        AgencyRefResponse {
            code: view.code,
            name: view.name,
        }
    }
}

/// A version in a procedure's history.
#[derive(Debug, serde::Serialize)]
pub(crate) struct VersionSummaryResponse {
    /// First day in force.
    pub(crate) effective_from: NaiveDate,
    /// Its name then.
    pub(crate) name: String,
}

impl From<motcua_app::VersionSummary> for VersionSummaryResponse {
    fn from(view: motcua_app::VersionSummary) -> Self {
        VersionSummaryResponse {
            effective_from: view.effective_from,
            name: view.name,
        }
    }
}

/// A procedure at one version, with its agencies and history.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ProcedureResponse {
    /// National code.
    pub(crate) code: String,
    /// First day this version is in force.
    pub(crate) effective_from: NaiveDate,
    /// "3 ngày làm việc".
    pub(crate) processing_time_text: String,
    /// The content.
    #[serde(flatten)]
    pub(crate) definition: ProcedureDefinition,
    /// Who handles it.
    pub(crate) agencies: Vec<AgencyRefResponse>,
    /// Every version, newest first.
    pub(crate) versions: Vec<VersionSummaryResponse>,
}

impl From<motcua_app::ProcedureView> for ProcedureResponse {
    fn from(view: motcua_app::ProcedureView) -> Self {
        ProcedureResponse {
            code: view.code,
            effective_from: view.effective_from,
            processing_time_text: view.processing_time_text,
            definition: view.definition,
            agencies: view.agencies.into_iter().map(Into::into).collect(),
            versions: view.versions.into_iter().map(Into::into).collect(),
        }
    }
}

/// A procedure in a search result.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ProcedureSummaryResponse {
    /// National code.
    pub(crate) code: String,
    /// Its name, as printed on forms.
    pub(crate) name: String,
    /// The field (lĩnh vực) the procedure belongs to.
    pub(crate) field: String,
    /// Processing time value.
    pub(crate) processing_time: i32,
    /// Processing time unit.
    pub(crate) processing_unit: ProcessingUnit,
    /// "3 ngày làm việc".
    pub(crate) processing_time_text: String,
    /// `none`, `partial` or `full`.
    pub(crate) online_mode: OnlineMode,
    /// First day the shown version is in force.
    pub(crate) effective_from: NaiveDate,
}

impl From<motcua_app::ProcedureSummary> for ProcedureSummaryResponse {
    fn from(view: motcua_app::ProcedureSummary) -> Self {
        ProcedureSummaryResponse {
            code: view.code,
            name: view.name,
            field: view.field,
            processing_time: view.processing_time,
            processing_unit: view.processing_unit,
            processing_time_text: view.processing_time_text,
            online_mode: view.online_mode,
            effective_from: view.effective_from,
        }
    }
}

/// A page of search results.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ProcedureListResponse {
    /// The procedures on this page.
    pub(crate) items: Vec<ProcedureSummaryResponse>,
    /// Page number, from 1.
    pub(crate) page: i64,
    /// Page size.
    pub(crate) per_page: i64,
    /// How many match in all.
    pub(crate) total: i64,
}

impl From<motcua_app::ProcedureList> for ProcedureListResponse {
    fn from(view: motcua_app::ProcedureList) -> Self {
        ProcedureListResponse {
            items: view.items.into_iter().map(Into::into).collect(),
            page: view.page,
            per_page: view.per_page,
            total: view.total,
        }
    }
}
