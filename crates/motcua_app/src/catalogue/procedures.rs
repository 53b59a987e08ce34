//! The procedure catalogue: admins publish procedures and new versions of
//! them; anyone reads and searches it.

use chrono::NaiveDate;
use motcua_db::agencies::AgencyRow;
use motcua_db::procedures::{self as store, ProcedureRow, ProcedureVersionRow, Search};
use motcua_db::{DbConnection, agencies, is_unique_violation, utc, write_transaction};
use motcua_domain::{
    AgencyCode, OnlineMode, ProcedureCode, ProcedureDefinition, ProcessingUnit, Violation,
    Violations, calendar_date, fold_for_search,
};

use crate::app::{App, Services};
use crate::error::{AppError, AppResult, Reason};
use crate::staff::agencies::{ADMINISTRATORS, require_administers};
use crate::staff::principal::Principal;

/// A procedure version to publish, parsed.
#[derive(Debug, Clone)]
pub struct ProcedureDraft {
    /// First day it is in force.
    pub effective_from: NaiveDate,
    /// The agencies that handle it (at least one).
    pub agencies: Vec<AgencyCode>,
    /// Its content.
    pub definition: ProcedureDefinition,
}

impl ProcedureDraft {
    /// Parses and checks a version.
    pub fn parse(
        effective_from: NaiveDate,
        agencies: &[String],
        definition: ProcedureDefinition,
    ) -> Result<Self, Vec<Violation>> {
        let mut v = Violations::new();
        let effective_from = v.check(calendar_date("effective_from", effective_from));
        if agencies.is_empty() {
            v.push(Violation::new(
                "agencies",
                "required",
                "name at least one agency that handles the procedure",
            ));
        }
        let codes: Vec<AgencyCode> = agencies
            .iter()
            .enumerate()
            .filter_map(|(i, code)| v.check(AgencyCode::parse(&format!("agencies[{i}]"), code)))
            .collect();
        let definition = match ProcedureDefinition::parse(definition) {
            Ok(definition) => Some(definition),
            Err(violations) => {
                violations
                    .into_iter()
                    .for_each(|violation| v.push(violation));
                None
            }
        };
        v.finish(|| {
            Some(ProcedureDraft {
                effective_from: effective_from?,
                agencies: codes,
                definition: definition?,
            })
        })
    }
}

/// An agency, briefly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRef {
    /// Identifier code.
    pub code: String,
    /// Its name, as printed on forms.
    pub name: String,
}

impl AgencyRef {
    /// The reference to a stored agency.
    pub(crate) fn of(agency: &AgencyRow) -> AgencyRef {
        AgencyRef {
            code: agency.code.clone(),
            name: agency.name.clone(),
        }
    }
}

/// A version in a procedure's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSummary {
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Its name then.
    pub name: String,
}

/// A procedure at one version, with its agencies and history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureView {
    /// National code.
    pub code: String,
    /// First day this version is in force.
    pub effective_from: NaiveDate,
    /// "3 ngày làm việc".
    pub processing_time_text: String,
    /// The content.
    pub definition: ProcedureDefinition,
    /// Who handles it.
    pub agencies: Vec<AgencyRef>,
    /// Every version, newest first.
    pub versions: Vec<VersionSummary>,
}

/// A procedure in a search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureSummary {
    /// National code.
    pub code: String,
    /// Its name, as printed on forms.
    pub name: String,
    /// The field (lĩnh vực) the procedure belongs to.
    pub field: String,
    /// Processing time value.
    pub processing_time: i32,
    /// Processing time unit.
    pub processing_unit: ProcessingUnit,
    /// "3 ngày làm việc".
    pub processing_time_text: String,
    /// `none`, `partial` or `full`.
    pub online_mode: OnlineMode,
    /// First day the shown version is in force.
    pub effective_from: NaiveDate,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureList {
    /// The procedures on this page.
    pub items: Vec<ProcedureSummary>,
    /// Page number, from 1.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// How many match in all.
    pub total: i64,
}

/// A field (lĩnh vực) of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldView {
    /// Its name, e.g. "Hộ tịch".
    pub name: String,
    /// How many procedures in force it has.
    pub procedures: i64,
}

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct ProcedureQuery {
    /// Words of the name, code or field, with or without diacritics.
    pub text: Option<String>,
    /// Exact code.
    pub code: Option<String>,
    /// Exact field.
    pub field: Option<String>,
    /// Only those this agency handles.
    pub agency: Option<AgencyCode>,
    /// Page, from 1.
    pub page: i64,
    /// Page size, 1–100.
    pub per_page: i64,
}

pub(crate) fn definition_of(row: &ProcedureVersionRow) -> AppResult<ProcedureDefinition> {
    fn stored<T: serde::de::DeserializeOwned>(what: &'static str, json: &str) -> AppResult<T> {
        serde_json::from_str(json).map_err(|e| AppError::unexpected(what, e))
    }
    Ok(ProcedureDefinition {
        name: row.name.clone(),
        field: row.field.clone(),
        processing_time: u32::try_from(row.processing_time)
            .map_err(|e| AppError::unexpected("stored processing time", e))?,
        processing_unit: *row.processing_unit,
        processing_note: row.processing_note.clone(),
        online_mode: *row.online_mode,
        result_type: row.result_type.clone(),
        documents: stored("stored documents", &row.documents)?,
        fees: stored("stored fees", &row.fees)?,
        fee_wait_pauses_clock: row.fee_wait_pauses_clock,
        steps: stored("stored steps", &row.steps)?,
        legal_basis: stored("stored legal basis", &row.legal_basis)?,
        source_url: row.source_url.clone(),
    })
}

fn version_row(
    procedure: &ProcedureRow,
    draft: &ProcedureDraft,
    by: Option<&str>,
    now: chrono::NaiveDateTime,
) -> AppResult<ProcedureVersionRow> {
    let d = &draft.definition;
    Ok(ProcedureVersionRow {
        id: uuid::Uuid::now_v7().to_string(),
        procedure_id: procedure.id.clone(),
        effective_from: draft.effective_from,
        name: d.name.clone(),
        field: d.field.clone(),
        processing_time: i32::try_from(d.processing_time).unwrap_or(i32::MAX),
        processing_unit: d.processing_unit.into(),
        processing_note: d.processing_note.clone(),
        online_mode: d.online_mode.into(),
        result_type: d.result_type.clone(),
        documents: to_json(&d.documents)?,
        fees: to_json(&d.fees)?,
        steps: to_json(&d.steps)?,
        legal_basis: to_json(&d.legal_basis)?,
        source_url: d.source_url.clone(),
        search_text: fold_for_search(&format!("{} {} {}", procedure.code, d.name, d.field)),
        created_by: by.map(str::to_owned),
        created_at: now,
        fee_wait_pauses_clock: d.fee_wait_pauses_clock,
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string(value).map_err(|e| AppError::unexpected("procedure JSON", e))
}

fn agencies_named(conn: &mut DbConnection, codes: &[AgencyCode]) -> AppResult<Vec<AgencyRow>> {
    codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            agencies::by_code(conn, code.as_str())?.ok_or_else(|| {
                AppError::invalid(
                    &format!("agencies[{i}]"),
                    "unknown_agency",
                    format!("no agency with code {code}"),
                )
            })
        })
        .collect()
}

fn view(
    conn: &mut DbConnection,
    procedure: &ProcedureRow,
    version: &ProcedureVersionRow,
) -> AppResult<ProcedureView> {
    let definition = definition_of(version)?;
    let agencies = store::agencies_of(conn, &procedure.id)?
        .into_iter()
        .map(|a| AgencyRef::of(&a))
        .collect();
    let versions = store::versions(conn, &procedure.id)?
        .into_iter()
        .map(|v| VersionSummary {
            effective_from: v.effective_from,
            name: v.name,
        })
        .collect();
    Ok(ProcedureView {
        code: procedure.code.clone(),
        effective_from: version.effective_from,
        processing_time_text: definition
            .processing_unit
            .describe(definition.processing_time),
        definition,
        agencies,
        versions,
    })
}

impl Services {
    pub(crate) fn publish_procedure(
        &self,
        conn: &mut DbConnection,
        code: &ProcedureCode,
        draft: &ProcedureDraft,
        by: Option<&Principal>,
    ) -> AppResult<ProcedureView> {
        let now = utc(self.clock.now());
        write_transaction(conn, |conn| {
            if store::by_code(conn, code.as_str())?.is_some() {
                return Err(AppError::Conflict(
                    Reason::ProcedureExists,
                    format!("procedure {code} exists; publish a new version with PUT"),
                ));
            }
            let procedure = ProcedureRow {
                id: uuid::Uuid::now_v7().to_string(),
                code: code.to_string(),
                created_at: now,
            };
            store::insert(conn, &procedure).map_err(|e| {
                if is_unique_violation(&e) {
                    AppError::Conflict(Reason::ProcedureExists, format!("procedure {code} exists"))
                } else {
                    e.into()
                }
            })?;
            store_version(conn, &procedure, draft, by, now)
        })
    }
}

/// Adds a version to a procedure and makes its agencies the ones that handle
/// it; inside the caller's transaction. A principal must administer every
/// agency named and every agency that handles the procedure now (the new
/// version replaces them).
fn store_version(
    conn: &mut DbConnection,
    procedure: &ProcedureRow,
    draft: &ProcedureDraft,
    by: Option<&Principal>,
    now: chrono::NaiveDateTime,
) -> AppResult<ProcedureView> {
    let named = agencies_named(conn, &draft.agencies)?;
    if let Some(principal) = by {
        let current = store::agencies_of(conn, &procedure.id)?;
        for agency in named.iter().chain(&current) {
            require_administers(conn, principal, agency)?;
        }
    }
    let ids: Vec<String> = named.into_iter().map(|a| a.id).collect();
    let version = version_row(procedure, draft, by.map(|p| p.user_id.as_str()), now)?;
    store::insert_version(conn, &version)?;
    store::replace_agencies(conn, &procedure.id, &ids)?;
    view(conn, procedure, &version)
}

impl App {
    /// Publishes a new procedure (admin).
    pub async fn create_procedure(
        &self,
        principal: Principal,
        code: ProcedureCode,
        draft: ProcedureDraft,
    ) -> AppResult<ProcedureView> {
        principal.require(&ADMINISTRATORS)?;
        self.blocking(move |s| {
            s.publish_procedure(&mut *s.db.get()?, &code, &draft, Some(&principal))
        })
        .await
    }

    /// Publishes a new version of a procedure, in force from its date, which
    /// must come after every earlier version's: dossiers keep the version they
    /// started on, so history is only ever added to (admin).
    pub async fn add_procedure_version(
        &self,
        principal: Principal,
        code: ProcedureCode,
        draft: ProcedureDraft,
    ) -> AppResult<ProcedureView> {
        principal.require(&ADMINISTRATORS)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let now = utc(s.clock.now());
            write_transaction(&mut conn, |conn| {
                let procedure = store::by_code(conn, code.as_str())?
                    .ok_or_else(|| AppError::missing(Reason::NoSuchProcedure, &code))?;
                let latest = store::versions(conn, &procedure.id)?
                    .first()
                    .map(|v| v.effective_from);
                if let Some(latest) = latest.filter(|latest| draft.effective_from <= *latest) {
                    return Err(AppError::Conflict(
                        Reason::VersionNotAfterLatest,
                        format!("a new version must take effect after the latest one ({latest})"),
                    ));
                }
                store_version(conn, &procedure, &draft, Some(&principal), now)
            })
        })
        .await
    }

    /// A procedure as in force on `on` (today when absent).
    pub async fn get_procedure(
        &self,
        code: ProcedureCode,
        on: Option<NaiveDate>,
    ) -> AppResult<ProcedureView> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let on = on.unwrap_or_else(|| s.today());
            let procedure = store::by_code(&mut conn, code.as_str())?
                .ok_or_else(|| AppError::missing(Reason::NoSuchProcedure, &code))?;
            let version =
                store::version_in_force(&mut conn, &procedure.id, on)?.ok_or_else(|| {
                    AppError::NotFound(
                        Reason::ProcedureNotInForce,
                        format!("procedure {code} is not in force on {on}"),
                    )
                })?;
            view(&mut conn, &procedure, &version)
        })
        .await
    }

    /// The catalogue's fields, with the number of procedures in force in
    /// each, by name.
    pub async fn procedure_fields(&self) -> AppResult<Vec<FieldView>> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let ids = store::versions_in_force(&mut conn, s.today())?;
            let mut fields: Vec<FieldView> = store::fields(&mut conn, &ids)?
                .into_iter()
                .map(|(name, procedures)| FieldView { name, procedures })
                .collect();
            // In the order of the Vietnamese alphabet, near enough: "Đất đai"
            // among the d's, not after the z's where its bytes put it.
            fields.sort_by_cached_key(|f| fold_for_search(&f.name));
            Ok(fields)
        })
        .await
    }

    /// Searches the procedures in force today.
    pub async fn search_procedures(&self, query: ProcedureQuery) -> AppResult<ProcedureList> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let agency_id = match &query.agency {
                Some(code) => match agencies::by_code(&mut conn, code.as_str())? {
                    Some(agency) => Some(agency.id),
                    None => {
                        return Ok(ProcedureList {
                            items: vec![],
                            page: query.page,
                            per_page: query.per_page,
                            total: 0,
                        });
                    }
                },
                None => None,
            };
            let ids = store::versions_in_force(&mut conn, s.today())?;
            let search = Search {
                text: query
                    .text
                    .as_deref()
                    .map(fold_for_search)
                    .filter(|t| !t.is_empty()),
                code: query.code.clone(),
                field: query.field.clone(),
                agency_id,
            };
            let (rows, total) = store::search(
                &mut conn,
                &ids,
                &search,
                (query.page - 1) * query.per_page,
                query.per_page,
            )?;
            let items = rows
                .into_iter()
                .map(|(procedure, version)| {
                    let unit = *version.processing_unit;
                    Ok(ProcedureSummary {
                        code: procedure.code,
                        processing_time_text: unit
                            .describe(u32::try_from(version.processing_time).unwrap_or(0)),
                        name: version.name,
                        field: version.field,
                        processing_time: version.processing_time,
                        processing_unit: unit,
                        online_mode: *version.online_mode,
                        effective_from: version.effective_from,
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            Ok(ProcedureList {
                items,
                page: query.page,
                per_page: query.per_page,
                total,
            })
        })
        .await
    }
}
