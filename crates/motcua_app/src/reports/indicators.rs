//! The indicators a head of agency is judged by (Decision 766/QĐ-TTg), for
//! an agency (with or without the agencies under it), a unit, a procedure, a
//! channel and a period, with a breakdown, and who made the dossiers late.
//!
//! Computed from the dossiers and their events on each request: the
//! period's dossiers are read through indexes, so the cost follows the
//! period, and there is no second copy of the figures to drift from the
//! events. A dossier counts for the agency that decides it: the one it was
//! last transferred to, else the one that received it; so a transferred-in
//! dossier is in the figures of the agency that took it over, and not in
//! those of the agency that passed it on.

use chrono::{DateTime, Datelike, Utc};
use motcua_calendar::{VIETNAM_OFFSET, WorkingCalendar};
use motcua_db::indicators::{self as store, ReportDossierRow, ReportEventRow};
use motcua_db::{DbConnection, agencies, from_utc, utc};
use motcua_domain::{
    AgencyCode, Channel, DossierFacts, DossierStatus, Ending, EventKind, Fee, FeeFact, FilePurpose,
    Measure, ProcedureCode, Rating, RequiredDocument, Role, RuleSet, Tally, UnitLateness, UnitStep,
    add_lateness, step_spans,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::app::{App, Services};
use crate::calendars::calendar_error;
use crate::catalogue::procedures::AgencyRef;
use crate::citizens::applications::stored_rating;
use crate::dossiers::reads::{ProcedureRef, UnitRef};
use crate::error::{AppError, AppResult};
use crate::reports::period::ReportPeriod;
use crate::staff::principal::Principal;

/// Who reads the indicators: the head of the agency and its administrator
/// (for their agency and the agencies under it), a unit head (for their
/// unit), the installation's administrator (for any agency).
const READERS: [Role; 4] = [Role::Leader, Role::Admin, Role::UnitHead, Role::SystemAdmin];

/// How the figures are broken down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    /// By the units a dossier passed through (a dossier counts in each).
    Unit,
    /// By procedure.
    Procedure,
    /// By the month of reception.
    Month,
    /// By channel.
    Channel,
}

impl Breakdown {
    /// The breakdown with this API name.
    pub fn parse(text: &str) -> AppResult<Breakdown> {
        match text {
            "unit" => Ok(Breakdown::Unit),
            "procedure" => Ok(Breakdown::Procedure),
            "month" => Ok(Breakdown::Month),
            "channel" => Ok(Breakdown::Channel),
            _ => Err(AppError::invalid(
                "by",
                "unknown_breakdown",
                "unit, procedure, month or channel",
            )),
        }
    }

    /// The API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Breakdown::Unit => "unit",
            Breakdown::Procedure => "procedure",
            Breakdown::Month => "month",
            Breakdown::Channel => "channel",
        }
    }
}

/// What a report is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorQuery {
    /// The agency; the caller's when absent.
    pub agency: Option<AgencyCode>,
    /// With the agencies under it.
    pub include_children: bool,
    /// Only the dossiers that passed through this unit (its id).
    pub unit: Option<String>,
    /// Only this procedure.
    pub procedure: Option<ProcedureCode>,
    /// Only this channel.
    pub channel: Option<Channel>,
    /// The period of reception.
    pub period: ReportPeriod,
    /// The breakdown.
    pub by: Option<Breakdown>,
}

/// The figures of one set of dossiers.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorGroup {
    /// The group's key (`2026-03`, a procedure code, a unit id, `online`);
    /// `total` for the whole.
    pub key: String,
    /// Its name, as a person reads it.
    pub label: String,
    /// The counts.
    pub tally: Tally,
    /// The indicators.
    pub measures: Vec<Measure>,
}

impl IndicatorGroup {
    fn of(key: String, label: String, tally: Tally) -> IndicatorGroup {
        let measures = tally.measures();
        IndicatorGroup {
            key,
            label,
            tally,
            measures,
        }
    }
}

/// A unit's part in the late dossiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateUnit {
    /// The unit; none for dossiers late with no late step (late by rule,
    /// or at a step given to no unit).
    pub unit: Option<UnitRef>,
    /// Its agency's name.
    pub agency: Option<String>,
    /// What it did.
    pub lateness: UnitLateness,
}

/// The report.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorReport {
    /// The agency.
    pub agency: AgencyRef,
    /// With the agencies under it.
    pub include_children: bool,
    /// The unit asked about.
    pub unit: Option<UnitRef>,
    /// The procedure asked about.
    pub procedure: Option<ProcedureRef>,
    /// The channel asked about.
    pub channel: Option<Channel>,
    /// The period of reception.
    pub period: ReportPeriod,
    /// When the dossiers were judged.
    pub computed_at: DateTime<Utc>,
    /// All the dossiers.
    pub total: IndicatorGroup,
    /// The breakdown asked for.
    pub by: Option<Breakdown>,
    /// Its groups.
    pub groups: Vec<IndicatorGroup>,
    /// Who made the dossiers late, the most late first.
    pub late_units: Vec<LateUnit>,
}

/// One dossier, judged, with what its groups need.
pub(crate) struct Counted {
    pub(crate) facts: DossierFacts,
    pub(crate) received_at: DateTime<Utc>,
    /// The agency that decides it.
    pub(crate) decider: String,
    procedure_version_id: String,
    units: Vec<String>,
}

/// Which of the received dossiers a report counts.
pub(crate) struct Selection {
    /// Decided by one of these agencies.
    pub(crate) agency_ids: Vec<String>,
    /// Came in by this channel.
    pub(crate) channel: Option<Channel>,
    /// Of one of these procedure versions.
    pub(crate) procedure_versions: Option<HashSet<String>>,
    /// Passed through this unit.
    pub(crate) unit_id: Option<String>,
}

/// The dossiers `selection` keeps among those received in `[from, to)`,
/// judged at `now`, and the procedure versions they were received under.
pub(crate) fn count_received(
    s: &Services,
    conn: &mut DbConnection,
    selection: &Selection,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> AppResult<(Vec<Counted>, HashMap<String, VersionFacts>)> {
    let rows = store::received_in(conn, &selection.agency_ids, utc(from), utc(to))?;
    let mut reader = FactReader::new(s, conn, &rows)?;
    let mut counted = Vec::new();
    for row in &rows {
        if let Some(c) = reader.count(row, selection, now)? {
            counted.push(c);
        }
    }
    Ok((counted, reader.versions))
}

impl App {
    /// The indicators for `query`, judged now.
    pub async fn indicators(
        &self,
        principal: Principal,
        query: IndicatorQuery,
    ) -> AppResult<IndicatorReport> {
        principal.require(&READERS)?;
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let scope = Scope::resolve(&mut conn, &principal, &query)?;
            let selection = Selection {
                agency_ids: scope.agency_ids.clone(),
                channel: query.channel,
                procedure_versions: scope.procedure_versions.clone(),
                unit_id: scope.unit.as_ref().map(|u| u.id.clone()),
            };
            let (counted, versions) =
                count_received(s, &mut conn, &selection, query.period.instants(), now)?;
            let mut total = Tally::default();
            let mut lateness = BTreeMap::new();
            for c in &counted {
                total.add(&c.facts, now);
                add_lateness(&mut lateness, &c.facts, now);
            }
            let groups = match query.by {
                Some(by) => groups(&mut conn, by, &counted, &versions, now)?,
                None => Vec::new(),
            };
            let late_units = late_units(&mut conn, &scope.agency_names, lateness)?;
            Ok(IndicatorReport {
                agency: AgencyRef::of(&scope.agency),
                include_children: query.include_children,
                unit: scope.unit,
                procedure: scope.procedure,
                channel: query.channel,
                period: query.period,
                computed_at: now,
                total: IndicatorGroup::of("total".into(), "Tổng số".into(), total),
                by: query.by,
                groups,
                late_units,
            })
        })
        .await
    }
}

/// What the caller may see, and what was asked.
struct Scope {
    agency: agencies::AgencyRow,
    /// Every agency's name, by id (the late units name theirs).
    agency_names: HashMap<String, String>,
    agency_ids: Vec<String>,
    unit: Option<UnitRef>,
    procedure: Option<ProcedureRef>,
    procedure_versions: Option<HashSet<String>>,
}

impl Scope {
    fn resolve(
        conn: &mut DbConnection,
        principal: &Principal,
        query: &IndicatorQuery,
    ) -> AppResult<Scope> {
        let all = agencies::all(conn)?;
        let agency = match &query.agency {
            None => all.iter().find(|a| a.id == principal.agency_id),
            Some(code) => all.iter().find(|a| a.code == code.as_str()),
        }
        .cloned()
        .ok_or_else(|| AppError::invalid("agency", "unknown_agency", "no agency with this code"))?;
        let under = |top: &str| agencies_under(&all, top);
        let sees = match principal.role {
            Role::SystemAdmin => true,
            Role::UnitHead => agency.id == principal.agency_id,
            _ => under(&principal.agency_id).contains(&agency.id),
        };
        if !sees {
            return Err(AppError::Forbidden(
                "you may read the figures of your own agency and of the agencies under it".into(),
            ));
        }
        let agency_ids = if query.include_children {
            under(&agency.id)
        } else {
            vec![agency.id.clone()]
        };
        let unit = Self::unit(conn, principal, query, &agency_ids)?;
        let (procedure, procedure_versions) = match &query.procedure {
            None => (None, None),
            Some(code) => {
                let ids = store::version_ids_of(conn, code.as_str())?;
                let versions = store::versions(conn, &ids)?;
                let latest = versions.last().ok_or_else(|| {
                    AppError::invalid(
                        "procedure",
                        "unknown_procedure",
                        "no procedure with this code",
                    )
                })?;
                let procedure = ProcedureRef {
                    code: latest.procedure_code.clone(),
                    name: latest.name.clone(),
                };
                (
                    Some(procedure),
                    Some(versions.into_iter().map(|v| v.id).collect()),
                )
            }
        };
        Ok(Scope {
            agency,
            agency_names: all.into_iter().map(|a| (a.id, a.name)).collect(),
            agency_ids,
            unit,
            procedure,
            procedure_versions,
        })
    }

    /// The unit asked about: a unit head's own, whatever they ask; another
    /// reader's, a unit of the agencies asked about.
    fn unit(
        conn: &mut DbConnection,
        principal: &Principal,
        query: &IndicatorQuery,
        agency_ids: &[String],
    ) -> AppResult<Option<UnitRef>> {
        let asked = if principal.role == Role::UnitHead {
            let own = principal.unit_id.clone().ok_or_else(|| {
                AppError::Forbidden("a unit head without a unit reads no figures".into())
            })?;
            if query.unit.as_ref().is_some_and(|u| *u != own) {
                return Err(AppError::Forbidden(
                    "a unit head reads the figures of their own unit".into(),
                ));
            }
            Some(own)
        } else {
            query.unit.clone()
        };
        let Some(id) = asked else {
            return Ok(None);
        };
        match agencies::unit_by_id(conn, &id)? {
            Some(unit) if agency_ids.contains(&unit.agency_id) => Ok(Some(UnitRef {
                id: unit.id,
                name: unit.name,
            })),
            _ => Err(AppError::invalid(
                "unit",
                "unknown_unit",
                "no unit with this id in the agencies asked about",
            )),
        }
    }
}

/// The ids of agency `top` and of every agency under it.
pub(crate) fn agencies_under(all: &[agencies::AgencyRow], top: &str) -> Vec<String> {
    let mut ids = vec![top.to_owned()];
    let mut at = 0;
    while at < ids.len() {
        let parent = ids[at].clone();
        ids.extend(
            all.iter()
                .filter(|a| a.parent_id.as_deref() == Some(parent.as_str()))
                .map(|a| a.id.clone()),
        );
        at += 1;
    }
    ids
}

/// What a procedure version says that the indicators need.
pub(crate) struct VersionFacts {
    code: String,
    name: String,
    mandatory: Vec<usize>,
    fee_bearing: bool,
}

/// Reads each dossier's facts from what was loaded for all of them.
struct FactReader<'a> {
    services: &'a Services,
    events: HashMap<String, Vec<ReportEventRow>>,
    apologies: HashMap<String, bool>,
    fees: HashMap<String, FeeFact>,
    files: HashMap<String, (HashSet<usize>, bool)>,
    ratings: HashMap<String, Rating>,
    versions: HashMap<String, VersionFacts>,
    calendars: HashMap<String, Arc<WorkingCalendar>>,
    conn: &'a mut DbConnection,
}

impl<'a> FactReader<'a> {
    fn new(
        services: &'a Services,
        conn: &'a mut DbConnection,
        rows: &[ReportDossierRow],
    ) -> AppResult<FactReader<'a>> {
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let mut events: HashMap<String, Vec<ReportEventRow>> = HashMap::new();
        for e in store::events_of(conn, &ids)? {
            events.entry(e.dossier_id.clone()).or_default().push(e);
        }
        let mut apologies: HashMap<String, bool> = HashMap::new();
        for (id, sent_late) in store::sent_apologies(conn, &ids)? {
            *apologies.entry(id).or_default() |= sent_late;
        }
        let mut fees: HashMap<String, FeeFact> = HashMap::new();
        for (id, amount, paid) in store::fee_requests(conn, &ids)? {
            if amount > 0 {
                let fact = fees.entry(id).or_insert(FeeFact::Due);
                if paid {
                    *fact = FeeFact::PaidOnline;
                }
            }
        }
        let mut files: HashMap<String, (HashSet<usize>, bool)> = HashMap::new();
        for (id, purpose, index) in store::files_of(conn, &ids)? {
            let entry = files.entry(id).or_default();
            match *purpose {
                FilePurpose::Document => {
                    entry.0.insert(usize::try_from(index).unwrap_or(usize::MAX));
                }
                FilePurpose::Result => entry.1 = true,
                FilePurpose::ResultSignature => {}
            }
        }
        let mut ratings = HashMap::new();
        for (id, scores) in store::ratings_of(conn, &ids)? {
            ratings.insert(id, stored_rating(&scores)?);
        }
        let mut version_ids: Vec<String> = rows
            .iter()
            .map(|r| r.procedure_version_id.clone())
            .collect();
        version_ids.sort();
        version_ids.dedup();
        let versions = version_facts(conn, &version_ids)?;
        Ok(FactReader {
            services,
            events,
            apologies,
            fees,
            files,
            ratings,
            versions,
            calendars: HashMap::new(),
            conn,
        })
    }

    fn calendar(&mut self, agency_id: &str) -> AppResult<Arc<WorkingCalendar>> {
        if let Some(c) = self.calendars.get(agency_id) {
            return Ok(Arc::clone(c));
        }
        let c = self.services.calendars.of_agency(self.conn, agency_id)?;
        self.calendars.insert(agency_id.to_owned(), Arc::clone(&c));
        Ok(c)
    }

    /// The dossier's facts, when the selection keeps it.
    fn count(
        &mut self,
        row: &ReportDossierRow,
        selection: &Selection,
        now: DateTime<Utc>,
    ) -> AppResult<Option<Counted>> {
        let no_events = Vec::new();
        let events = self.events.get(&row.id).unwrap_or(&no_events);
        // The agency that decides it: the last it was transferred to.
        let decider = events
            .iter()
            .rev()
            .find(|e| *e.kind == EventKind::Transferred)
            .and_then(|e| e.receiver_agency_id.as_deref())
            .unwrap_or(&row.agency_id);
        let channel = Channel::from_code(row.channel)
            .ok_or_else(|| AppError::unexpected("stored channel", row.channel))?;
        let mut units: Vec<String> = events
            .iter()
            .filter(|e| e.kind.is_hand_over())
            .filter_map(|e| e.receiver_unit_id.clone())
            .collect();
        units.sort();
        units.dedup();
        let kept = selection.agency_ids.iter().any(|a| a == decider)
            && selection.channel.is_none_or(|c| c == channel)
            && selection
                .procedure_versions
                .as_ref()
                .is_none_or(|v| v.contains(&row.procedure_version_id))
            && selection.unit_id.as_ref().is_none_or(|u| units.contains(u));
        if !kept {
            return Ok(None);
        }
        let steps = step_spans(events, now)
            .into_iter()
            .filter(|span| span.result.is_some())
            .map(|span| UnitStep {
                unit: events[span.event].receiver_unit_id.clone(),
                late: span.result.is_some_and(|r| r.is_late()),
            })
            .collect();
        let supplement_requests = events
            .iter()
            .filter(|e| {
                *e.kind == EventKind::SupplementRequested
                    && e.from_status.is_none_or(|s| *s != DossierStatus::Submitted)
            })
            .count();
        let decider = decider.to_owned();
        let facts = self.facts(row, channel, steps, supplement_requests)?;
        Ok(Some(Counted {
            facts,
            decider,
            received_at: from_utc(row.received_at),
            procedure_version_id: row.procedure_version_id.clone(),
            units,
        }))
    }

    fn facts(
        &mut self,
        row: &ReportDossierRow,
        channel: Channel,
        steps: Vec<UnitStep>,
        supplement_requests: usize,
    ) -> AppResult<DossierFacts> {
        let status = *row.status;
        let with_result = matches!(status, DossierStatus::Finished | DossierStatus::Returned);
        let ending = row.finished_at.map(|at| Ending {
            at: from_utc(at),
            with_result,
        });
        let version = self.versions.get(&row.procedure_version_id);
        let (documents, result_file) = self
            .files
            .get(&row.id)
            .map_or((None, false), |(docs, result)| (Some(docs), *result));
        let digitised = documents.is_some_and(|docs| {
            !docs.is_empty() && version.is_none_or(|v| v.mandatory.iter().all(|i| docs.contains(i)))
        });
        let fee = match self.fees.get(&row.id) {
            Some(fact) => *fact,
            None if version.is_some_and(|v| v.fee_bearing) => FeeFact::Due,
            None => FeeFact::None,
        };
        let calendar = self.calendar(&row.agency_id)?;
        let processing_seconds = match ending {
            Some(Ending {
                at,
                with_result: true,
            }) => Some(processing_seconds(&calendar, row, at)?),
            _ => None,
        };
        Ok(DossierFacts {
            channel,
            rules: RuleSet::named(&row.rule_set).unwrap_or(RuleSet::VN_2025),
            appointment: from_utc(row.original_due_at),
            appointment_moved: row.due_at != row.original_due_at,
            paused_at: row.paused_at.map(from_utc),
            ending,
            supplement_requests: u32::try_from(supplement_requests).unwrap_or(u32::MAX),
            apology_sent: self.apologies.contains_key(&row.id),
            apology_sent_late: self.apologies.get(&row.id).copied().unwrap_or(false),
            fee,
            electronic_result: with_result.then_some(result_file),
            digitised,
            rating: self.ratings.get(&row.id).copied(),
            processing_seconds,
            working_day_seconds: calendar.working_day().as_seconds(),
            steps,
        })
    }
}

/// The working time processing took, the applicant's waits taken out. A
/// pause moved the first appointment on by the working time it lasted
/// (the 766 rule, and the rule sets' default), so the time paused is the
/// distance between the appointment the processing time gave at reception
/// and the first appointment as it stands.
fn processing_seconds(
    calendar: &WorkingCalendar,
    row: &ReportDossierRow,
    end: DateTime<Utc>,
) -> AppResult<i64> {
    let start = from_utc(row.clock_started_at);
    let time = row
        .processing_unit
        .processing_time(u32::try_from(row.processing_time).unwrap_or(0));
    let first_due = calendar.due(start, time).map_err(calendar_error)?;
    let between = |a: DateTime<Utc>, b: DateTime<Utc>| -> AppResult<i64> {
        Ok(calendar
            .working_time_between(a, b)
            .map_err(calendar_error)?
            .as_seconds())
    };
    let paused =
        (between(start, from_utc(row.original_due_at))? - between(start, first_due)?).max(0);
    Ok((between(start, end.max(start))? - paused).max(0))
}

fn version_facts(
    conn: &mut DbConnection,
    ids: &[String],
) -> AppResult<HashMap<String, VersionFacts>> {
    let mut out = HashMap::new();
    for v in store::versions(conn, ids)? {
        let documents: Vec<RequiredDocument> = serde_json::from_str(&v.documents)
            .map_err(|e| AppError::unexpected("stored documents", e))?;
        let fees: Vec<Fee> =
            serde_json::from_str(&v.fees).map_err(|e| AppError::unexpected("stored fees", e))?;
        out.insert(
            v.id,
            VersionFacts {
                code: v.procedure_code,
                name: v.name,
                mandatory: documents
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.mandatory)
                    .map(|(i, _)| i)
                    .collect(),
                // A fee whose amount depends is still a fee.
                fee_bearing: fees.iter().any(|f| f.amount_vnd != Some(0)),
            },
        );
    }
    Ok(out)
}

/// The breakdown's groups, by key.
fn groups(
    conn: &mut DbConnection,
    by: Breakdown,
    counted: &[Counted],
    versions: &HashMap<String, VersionFacts>,
    now: DateTime<Utc>,
) -> AppResult<Vec<IndicatorGroup>> {
    let mut tallies: BTreeMap<String, (String, Tally)> = BTreeMap::new();
    let mut add = |key: String, label: String, facts: &DossierFacts| {
        tallies
            .entry(key)
            .or_insert_with(|| (label, Tally::default()))
            .1
            .add(facts, now);
    };
    for c in counted {
        match by {
            Breakdown::Month => {
                let local = c.received_at.with_timezone(&VIETNAM_OFFSET);
                add(
                    format!("{:04}-{:02}", local.year(), local.month()),
                    format!("Tháng {:02}/{:04}", local.month(), local.year()),
                    &c.facts,
                );
            }
            Breakdown::Channel => add(
                c.facts.channel.as_str().to_owned(),
                c.facts.channel.label().to_owned(),
                &c.facts,
            ),
            Breakdown::Procedure => {
                let (code, name) = versions
                    .get(&c.procedure_version_id)
                    .map(|v| (v.code.clone(), v.name.clone()))
                    .unwrap_or_default();
                add(code, name, &c.facts);
            }
            Breakdown::Unit => {
                for unit in &c.units {
                    add(unit.clone(), String::new(), &c.facts);
                }
            }
        }
    }
    let mut out = Vec::with_capacity(tallies.len());
    for (key, (mut label, tally)) in tallies {
        if by == Breakdown::Unit {
            label = agencies::unit_by_id(conn, &key)?
                .map(|u| u.name)
                .unwrap_or_default();
        }
        out.push(IndicatorGroup::of(key, label, tally));
    }
    Ok(out)
}

/// The units that made dossiers late, named, the most dossiers first.
fn late_units(
    conn: &mut DbConnection,
    agency_names: &HashMap<String, String>,
    lateness: BTreeMap<Option<String>, UnitLateness>,
) -> AppResult<Vec<LateUnit>> {
    let mut out = Vec::with_capacity(lateness.len());
    for (id, lateness) in lateness {
        let (unit, agency) = match id {
            None => (None, None),
            Some(id) => match agencies::unit_by_id(conn, &id)? {
                Some(u) => {
                    let agency = agency_names.get(&u.agency_id).cloned();
                    (
                        Some(UnitRef {
                            id: u.id,
                            name: u.name,
                        }),
                        agency,
                    )
                }
                None => (None, None),
            },
        };
        out.push(LateUnit {
            unit,
            agency,
            lateness,
        });
    }
    out.sort_by(|a, b| {
        (b.lateness.dossiers_made_late, b.lateness.late_steps)
            .cmp(&(a.lateness.dossiers_made_late, a.lateness.late_steps))
    });
    Ok(out)
}
