//! The register of dossiers (Sổ theo dõi hồ sơ; Mẫu 06 of Circular
//! 01/2018/TT-VPCP, Mẫu 07 of Circular 03/2025/TT-VPCP): every dossier the
//! one-stop section entered in a period, by receipt number, with when it was
//! received, due, handed on to be decided, decided and returned. Kept on
//! A4 paper, landscape for its fourteen columns.

use chrono::{DateTime, Utc};
use motcua_db::{DbConnection, agencies, from_utc, register, utc};
use motcua_domain::{DeliveryMethod, DossierStatus, Outcome, Role, RuleSet, format_date_time};
use std::collections::HashMap;

use crate::app::App;
use crate::catalogue::procedures::AgencyRef;
use crate::dossiers::reads::StatusView;
use crate::error::{AppError, AppResult};
use crate::reports::period::ReportPeriod;
use crate::staff::principal::Principal;

/// Who keeps and reads the register: the one-stop section's clerks, the
/// leader who answers for it, the agency's administrator.
const KEEPERS: [Role; 3] = [Role::Clerk, Role::Leader, Role::Admin];

/// The most lines one request prints: a busy district's month. A longer
/// period is asked for in parts.
pub const MOST_LINES: usize = 5_000;

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterEntry {
    /// The receipt's number in its book: "15/2026".
    pub receipt_number: String,
    /// Dossier code.
    pub code: String,
    /// The procedure's name.
    pub procedure_name: String,
    /// The organisation that applied, else the person.
    pub applicant: String,
    /// The applicant's address.
    pub address: String,
    /// The applicant's phone.
    pub phone: Option<String>,
    /// Who decides it ("cơ quan chủ trì giải quyết"): the agency holding
    /// it, the receiving one unless it was transferred.
    pub decided_by: String,
    /// Where it stands.
    pub status: StatusView,
    /// Received at the counter, or accepted online.
    pub received_at: DateTime<Utc>,
    /// The appointment given at reception (moved only by pauses).
    pub original_due_at: DateTime<Utc>,
    /// The appointment now (an apology's new one).
    pub due_at: DateTime<Utc>,
    /// When the one-stop section handed it on to be decided.
    pub handed_on_at: Option<DateTime<Utc>>,
    /// When the result came back to the one-stop section.
    pub result_ready_at: Option<DateTime<Utc>>,
    /// When the result was handed to the applicant.
    pub returned_at: Option<DateTime<Utc>>,
    /// Early, on time or late, once decided.
    pub outcome: Option<Outcome>,
    /// What the register's "Ghi chú" says: refused, stopped, late, the new
    /// appointment, how the result went out.
    pub notes: Vec<String>,
}

/// The register of an agency for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    /// The agency whose one-stop section keeps it.
    pub agency: AgencyRef,
    /// The rule set of the period's last day: which form it is printed as.
    pub rule_set: RuleSet,
    /// The period.
    pub period: ReportPeriod,
    /// Its lines, by book and line.
    pub entries: Vec<RegisterEntry>,
    /// When it was printed.
    pub printed_at: DateTime<Utc>,
}

impl App {
    /// The register of the caller's agency for `period` (clerks, leaders,
    /// administrators); 422 `too_many` past 5,000 lines.
    pub async fn register(
        &self,
        principal: Principal,
        period: ReportPeriod,
    ) -> AppResult<Register> {
        principal.require(&KEEPERS)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let agency = agencies::by_id(&mut conn, &principal.agency_id)?
                .ok_or_else(|| AppError::unexpected("register", "agency missing"))?;
            let (from, to) = period.instants();
            let limit = i64::try_from(MOST_LINES + 1).unwrap_or(i64::MAX);
            let rows = register::lines(&mut conn, &agency.id, utc(from), utc(to), limit)?;
            if rows.len() > MOST_LINES {
                return Err(AppError::invalid(
                    "to",
                    "too_many",
                    format!("more than {MOST_LINES} dossiers in the period: ask for a shorter one"),
                ));
            }
            let entries = entries_of(&mut conn, &agency.id, rows)?;
            Ok(Register {
                agency: AgencyRef {
                    code: agency.code,
                    name: agency.name,
                },
                rule_set: RuleSet::for_reception(period.to()),
                period,
                entries,
                printed_at: now,
            })
        })
        .await
    }
}

/// The lines of stored rows: when each was handed on, and the name of the
/// agency deciding it.
fn entries_of(
    conn: &mut DbConnection,
    own_agency_id: &str,
    rows: Vec<register::RegisterRow>,
) -> AppResult<Vec<RegisterEntry>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let handed_on: HashMap<String, DateTime<Utc>> = register::first_handed_on_of(conn, &ids)?
        .into_iter()
        .filter_map(|(id, at)| Some((id, from_utc(at?))))
        .collect();
    let mut agency_ids: Vec<String> = rows
        .iter()
        .filter_map(|r| r.current_agency_id.clone())
        .collect();
    agency_ids.push(own_agency_id.to_owned());
    agency_ids.sort();
    agency_ids.dedup();
    let agency_names: HashMap<String, String> = register::agency_names(conn, &agency_ids)?
        .into_iter()
        .collect();
    let mut version_ids: Vec<String> = rows
        .iter()
        .map(|r| r.procedure_version_id.clone())
        .collect();
    version_ids.sort();
    version_ids.dedup();
    let procedure_names: HashMap<String, String> = register::version_names(conn, &version_ids)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let holder = row.current_agency_id.as_deref().unwrap_or(&row.agency_id);
            let decided_by = agency_names.get(holder).cloned().unwrap_or_default();
            let handed_on_at = handed_on.get(&row.id).copied();
            let procedure_name = procedure_names
                .get(&row.procedure_version_id)
                .cloned()
                .unwrap_or_default();
            entry(row, procedure_name, decided_by, handed_on_at)
        })
        .collect())
}

/// How many lines a page of the export holds.
const PAGE: i64 = 1_000;

/// Where a page of the export ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterCursor(register::RegisterCursor);

/// A page of the register's export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterPage {
    /// The agency whose register it is.
    pub agency: AgencyRef,
    /// Its lines, in the order of reception.
    pub entries: Vec<RegisterEntry>,
    /// Where the next page starts; none after the last.
    pub next: Option<RegisterCursor>,
    /// Whether it is the first page.
    pub first: bool,
}

impl App {
    /// A page of the caller's agency's register for `period` (up to five
    /// years), after `after`: the export reads it a page at a time, so a
    /// register of any length is written in the memory of one page.
    pub async fn register_page(
        &self,
        principal: Principal,
        period: ReportPeriod,
        after: Option<RegisterCursor>,
    ) -> AppResult<RegisterPage> {
        principal.require(&KEEPERS)?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let agency = agencies::by_id(&mut conn, &principal.agency_id)?
                .ok_or_else(|| AppError::unexpected("register", "agency missing"))?;
            let (from, to) = period.instants();
            let rows = register::lines_page(
                &mut conn,
                &agency.id,
                (utc(from), utc(to)),
                after.as_ref().map(|c| &c.0),
                PAGE,
            )?;
            let next = (rows.len() == usize::try_from(PAGE).unwrap_or(usize::MAX))
                .then(|| {
                    rows.last()
                        .map(|r| RegisterCursor((r.received_at, r.id.clone())))
                })
                .flatten();
            Ok(RegisterPage {
                agency: AgencyRef::of(&agency),
                entries: entries_of(&mut conn, &agency.id, rows)?,
                next,
                first: after.is_none(),
            })
        })
        .await
    }
}

/// A stored line as the register prints it.
fn entry(
    row: register::RegisterRow,
    procedure_name: String,
    decided_by: String,
    handed_on_at: Option<DateTime<Utc>>,
) -> RegisterEntry {
    let status = *row.status;
    let due_at = from_utc(row.due_at);
    let original_due_at = from_utc(row.original_due_at);
    let finished_at = row.finished_at.map(from_utc);
    let mut notes = Vec::new();
    match status {
        DossierStatus::Refused => notes.push("Từ chối giải quyết".to_owned()),
        DossierStatus::Stopped => notes.push("Dừng giải quyết".to_owned()),
        _ => {}
    }
    if due_at != original_due_at {
        notes.push(format!("Hẹn lại: {}", format_date_time(due_at)));
    }
    let outcome = row.outcome.map(|o| *o);
    if outcome == Some(Outcome::Late) {
        notes.push("Trễ hạn".to_owned());
    }
    match (row.return_method.map(|m| *m), row.tracking_number) {
        (Some(DeliveryMethod::Post), Some(tracking)) => {
            notes.push(format!("Trả qua bưu chính, mã vận đơn {tracking}"));
        }
        (Some(DeliveryMethod::Post), None) => notes.push("Trả qua bưu chính".to_owned()),
        (Some(DeliveryMethod::Online), _) => notes.push("Trả kết quả trực tuyến".to_owned()),
        _ => {}
    }
    // A result comes back only for a dossier decided with one; a refusal
    // or a stop is a note, not a result.
    let result_ready_at = match status {
        DossierStatus::Finished | DossierStatus::Returned => finished_at,
        _ => None,
    };
    RegisterEntry {
        receipt_number: match (row.receipt_number, row.receipt_year) {
            (Some(n), Some(year)) => format!("{n}/{year}"),
            _ => String::new(),
        },
        code: row.code,
        procedure_name,
        applicant: row.applicant_organization.unwrap_or(row.applicant_name),
        address: row.applicant_address,
        phone: row.applicant_phone,
        decided_by,
        status: status.into(),
        received_at: from_utc(row.received_at),
        original_due_at,
        due_at,
        handed_on_at,
        result_ready_at,
        returned_at: row.returned_at.map(from_utc),
        outcome,
        notes,
    }
}
