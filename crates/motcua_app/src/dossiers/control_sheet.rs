//! Mẫu 05, the control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ):
//! every hand-over of a dossier with giver, receiver, time, the step's due
//! instant and whether that step finished early, on time or late. Read from
//! the dossier's events; a late step names the unit that made the dossier
//! late.

use chrono::{DateTime, FixedOffset, Utc};
use motcua_calendar::{Outcome, VIETNAM_OFFSET};
use motcua_db::dossiers::{self as store, DossierEventRow};
use motcua_db::{DbConnection, agencies, from_utc, procedures, users};
use motcua_domain::{DossierCode, EventKind, FormKind, RuleSet};
use motcua_domain::{StepResult, step_spans};
use std::collections::HashMap;

use crate::app::App;
use crate::catalogue::procedures::AgencyRef;
use crate::dossiers::reads::{ProcedureRef, STAFF, approved_by, own_dossier};
use crate::error::{AppError, AppResult};
use crate::staff::principal::Principal;

/// One side of a hand-over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// The agency, or "Tổ chức, cá nhân" for the applicant.
    pub agency: String,
    /// The unit.
    pub unit: Option<String>,
    /// The person.
    pub person: Option<String>,
}

/// One hand-over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlRow {
    /// The step handed to (0: reception).
    pub step_index: Option<i32>,
    /// The step's name.
    pub step: String,
    /// Who gave the dossier.
    pub giver: Party,
    /// Who received it.
    pub receiver: Party,
    /// When the dossier changed hands (UTC).
    pub handed_at: DateTime<Utc>,
    /// When, local time.
    pub handed_at_local: DateTime<FixedOffset>,
    /// When the receiver's step was due (moved by pauses).
    pub step_due_at: Option<DateTime<Utc>>,
    /// When the receiver handed it on.
    pub completed_at: Option<DateTime<Utc>>,
    /// How the step went against its budget; absent for steps without one.
    pub result: Option<StepResult>,
    /// Free-text remarks for the timeline, at most 2,000 characters.
    pub note: Option<String>,
}

/// The control sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlSheet {
    /// "Mẫu 05" (`vn-2018`) or "Mẫu 06" (`vn-2025`).
    pub form: &'static str,
    /// The title printed on it.
    pub title: &'static str,
    /// The dossier's rule set.
    pub rule_set: RuleSet,
    /// Dossier code.
    pub dossier_code: String,
    /// The receiving agency.
    pub agency: AgencyRef,
    /// The procedure.
    pub procedure: ProcedureRef,
    /// Applicant (organisation or person).
    pub applicant_name: String,
    /// When the dossier was received at the counter or submitted online (UTC).
    pub received_at: DateTime<Utc>,
    /// Appointment now.
    pub due_at: DateTime<Utc>,
    /// Appointment before any apology.
    pub original_due_at: DateTime<Utc>,
    /// The outcome, once finished.
    pub outcome: Option<Outcome>,
    /// Every hand-over, oldest first.
    pub rows: Vec<ControlRow>,
    /// The units whose steps were (or are) late, in order.
    pub late_units: Vec<String>,
}

struct Names {
    agencies: HashMap<String, String>,
    units: HashMap<String, String>,
    people: HashMap<String, String>,
}

impl Names {
    fn load(conn: &mut DbConnection, events: &[DossierEventRow]) -> AppResult<Names> {
        let mut names = Names {
            agencies: HashMap::new(),
            units: HashMap::new(),
            people: HashMap::new(),
        };
        let mut people = Vec::new();
        for e in events {
            for id in [&e.agency_id, &e.receiver_agency_id].into_iter().flatten() {
                if !names.agencies.contains_key(id) {
                    let name = agencies::by_id(conn, id)?
                        .map(|a| a.name)
                        .unwrap_or_default();
                    names.agencies.insert(id.clone(), name);
                }
            }
            for id in [&e.unit_id, &e.receiver_unit_id].into_iter().flatten() {
                if !names.units.contains_key(id) {
                    let name = agencies::unit_by_id(conn, id)?
                        .map(|u| u.name)
                        .unwrap_or_default();
                    names.units.insert(id.clone(), name);
                }
            }
            people.extend(
                [e.actor_id.clone(), e.receiver_id.clone()]
                    .into_iter()
                    .flatten(),
            );
        }
        names.people = users::names(conn, &people)?.into_iter().collect();
        Ok(names)
    }

    fn party(
        &self,
        agency: &Option<String>,
        unit: &Option<String>,
        person: &Option<String>,
    ) -> Party {
        let get = |map: &HashMap<String, String>, id: &Option<String>| {
            id.as_ref().and_then(|id| map.get(id)).cloned()
        };
        Party {
            agency: get(&self.agencies, agency).unwrap_or_default(),
            unit: get(&self.units, unit),
            person: get(&self.people, person),
        }
    }
}

fn applicant() -> Party {
    Party {
        agency: "Tổ chức, cá nhân".into(),
        unit: None,
        person: None,
    }
}

/// The rows of the sheet from a dossier's events at `now`.
fn rows_of(events: &[DossierEventRow], names: &Names, now: DateTime<Utc>) -> Vec<ControlRow> {
    step_spans(events, now)
        .into_iter()
        .map(|span| {
            let e = &events[span.event];
            let giver = if e.kind == EventKind::Received {
                applicant()
            } else {
                names.party(&e.agency_id, &e.unit_id, &e.actor_id)
            };
            let receiver = if e.kind == EventKind::ResultReturned {
                applicant()
            } else {
                names.party(&e.receiver_agency_id, &e.receiver_unit_id, &e.receiver_id)
            };
            ControlRow {
                step_index: e.step_index,
                step: e.step_name.clone(),
                giver,
                receiver,
                handed_at: from_utc(e.at),
                handed_at_local: from_utc(e.at).with_timezone(&VIETNAM_OFFSET),
                step_due_at: span.due,
                completed_at: span.completed,
                result: span.result,
                note: approval_note(e),
            }
        })
        .collect()
}

/// The row's note: the approval, when the decision was one ("Phê duyệt:
/// Lãnh đạo cơ quan"), before what the actor wrote.
fn approval_note(e: &DossierEventRow) -> Option<String> {
    let approval = approved_by(e).map(|role| format!("Phê duyệt: {}", role.label()));
    match (approval, e.note.clone()) {
        (Some(a), Some(note)) => Some(format!("{a}. {note}")),
        (a, note) => a.or(note),
    }
}

impl App {
    /// The control sheet (Mẫu 05) of a dossier.
    pub async fn control_sheet(
        &self,
        principal: Principal,
        code: DossierCode,
    ) -> AppResult<ControlSheet> {
        principal.require(&STAFF)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let row = own_dossier(&mut conn, &principal, &code)?;
            let agency = agencies::by_id(&mut conn, &row.agency_id)?
                .ok_or_else(|| AppError::unexpected("control sheet", "agency missing"))?;
            let version = procedures::version_by_id(&mut conn, &row.procedure_version_id)?
                .ok_or_else(|| AppError::unexpected("control sheet", "version missing"))?;
            let procedure_code = procedures::code_of(&mut conn, &version.procedure_id)?
                .ok_or_else(|| AppError::unexpected("control sheet", "procedure missing"))?;
            let events = store::events_of(&mut conn, &row.id)?;
            let names = Names::load(&mut conn, &events)?;
            let rows = rows_of(&events, &names, now);
            let mut late_units: Vec<String> = Vec::new();
            for r in &rows {
                if r.result.is_some_and(StepResult::is_late) {
                    let name = r
                        .receiver
                        .unit
                        .clone()
                        .unwrap_or_else(|| r.receiver.agency.clone());
                    if !late_units.contains(&name) {
                        late_units.push(name);
                    }
                }
            }
            let rule_set = *row.rule_set;
            let spec = rule_set.form(FormKind::ControlSheet);
            Ok(ControlSheet {
                form: spec.number.unwrap_or_default(),
                title: spec.title,
                rule_set,
                dossier_code: row.code.clone(),
                agency: AgencyRef::of(&agency),
                procedure: ProcedureRef {
                    code: procedure_code,
                    name: version.name,
                },
                applicant_name: row
                    .applicant_organization
                    .clone()
                    .unwrap_or_else(|| row.applicant_name.clone()),
                received_at: from_utc(row.received_at),
                due_at: from_utc(row.due_at),
                original_due_at: from_utc(row.original_due_at),
                outcome: row.outcome.map(|o| *o),
                rows,
                late_units,
            })
        })
        .await
    }
}
