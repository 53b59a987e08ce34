//! Reports: the register of dossiers.

use super::catalogue::AgencyRefResponse;
use super::dossiers::{ProcedureRefResponse, StatusResponse, UnitRefResponse};
use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::Outcome;

/// One line of the register.
#[derive(Debug, serde::Serialize)]
pub(crate) struct RegisterEntryResponse {
    /// "15/2026": the line in the book of that year.
    pub(crate) receipt_number: String,
    /// Dossier code.
    pub(crate) code: String,
    /// Procedure name.
    pub(crate) procedure_name: String,
    /// The organisation that applied, else the person.
    pub(crate) applicant: String,
    /// The applicant's address.
    pub(crate) address: String,
    /// The applicant's phone.
    pub(crate) phone: Option<String>,
    /// The agency (and unit) deciding it.
    pub(crate) decided_by: String,
    /// Where it stands.
    pub(crate) status: StatusResponse,
    /// Received or accepted.
    pub(crate) received_at: DateTime<Utc>,
    /// The appointment given at reception.
    pub(crate) original_due_at: DateTime<Utc>,
    /// The appointment now.
    pub(crate) due_at: DateTime<Utc>,
    /// Handed on to be decided.
    pub(crate) handed_on_at: Option<DateTime<Utc>>,
    /// The result came back.
    pub(crate) result_ready_at: Option<DateTime<Utc>>,
    /// The result was handed over.
    pub(crate) returned_at: Option<DateTime<Utc>>,
    /// Early, on time or late.
    pub(crate) outcome: Option<Outcome>,
    /// The register's notes.
    pub(crate) notes: Vec<String>,
}

/// The register of an agency for a period.
#[derive(Debug, serde::Serialize)]
pub(crate) struct RegisterResponse {
    /// The agency.
    pub(crate) agency: AgencyRefResponse,
    /// `vn-2018` or `vn-2025`: which form it prints as.
    pub(crate) rule_set: &'static str,
    /// First day.
    pub(crate) from: NaiveDate,
    /// Last day.
    pub(crate) to: NaiveDate,
    /// The lines, by book and line.
    pub(crate) entries: Vec<RegisterEntryResponse>,
}

impl From<motcua_app::Register> for RegisterResponse {
    fn from(view: motcua_app::Register) -> Self {
        RegisterResponse {
            agency: view.agency.into(),
            rule_set: view.rule_set.name,
            from: view.period.from(),
            to: view.period.to(),
            entries: view
                .entries
                .into_iter()
                .map(|e| RegisterEntryResponse {
                    receipt_number: e.receipt_number,
                    code: e.code,
                    procedure_name: e.procedure_name,
                    applicant: e.applicant,
                    address: e.address,
                    phone: e.phone,
                    decided_by: e.decided_by,
                    status: e.status.into(),
                    received_at: e.received_at,
                    original_due_at: e.original_due_at,
                    due_at: e.due_at,
                    handed_on_at: e.handed_on_at,
                    result_ready_at: e.result_ready_at,
                    returned_at: e.returned_at,
                    outcome: e.outcome,
                    notes: e.notes,
                })
                .collect(),
        }
    }
}

/// One indicator.
#[derive(Debug, serde::Serialize)]
pub(crate) struct MeasureResponse {
    /// Its number in Decision 766, when it is one.
    pub(crate) code: Option<&'static str>,
    /// A stable key.
    pub(crate) key: String,
    /// Its name.
    pub(crate) title: String,
    /// How it is computed.
    pub(crate) formula: String,
    /// The numerator.
    pub(crate) numerator: f64,
    /// The denominator.
    pub(crate) denominator: u64,
    /// The value; null when the denominator is 0.
    pub(crate) value: Option<f64>,
    /// `percent`, `working_days`, `working_hours` or `points`.
    pub(crate) unit: &'static str,
}

/// The counts of a group.
#[derive(Debug, serde::Serialize)]
pub(crate) struct CountsResponse {
    received: u64,
    received_counter: u64,
    received_online: u64,
    received_post: u64,
    ended: u64,
    early: u64,
    on_time: u64,
    late: u64,
    running_on_time: u64,
    running_late: u64,
    paused: u64,
    late_apologised: u64,
    late_without_apology: u64,
    apologies_sent: u64,
    apologies_sent_late: u64,
    with_fee: u64,
    paid_online: u64,
    with_result: u64,
    electronic_result: u64,
    digitised: u64,
    rated: u64,
    unsatisfied: u64,
}

/// A group of the report.
#[derive(Debug, serde::Serialize)]
pub(crate) struct IndicatorGroupResponse {
    /// Its key.
    pub(crate) key: String,
    /// Its name.
    pub(crate) label: String,
    /// The counts.
    pub(crate) counts: CountsResponse,
    /// The indicators.
    pub(crate) indicators: Vec<MeasureResponse>,
}

impl From<motcua_app::IndicatorGroup> for IndicatorGroupResponse {
    fn from(g: motcua_app::IndicatorGroup) -> Self {
        let t = &g.tally;
        IndicatorGroupResponse {
            counts: CountsResponse {
                received: t.received,
                received_counter: t.received_counter,
                received_online: t.received_online,
                received_post: t.received_post,
                ended: t.ended,
                early: t.early,
                on_time: t.on_time,
                late: t.late,
                running_on_time: t.running_on_time,
                running_late: t.running_late,
                paused: t.paused,
                late_apologised: t.late_apologised,
                late_without_apology: t.late_all() - t.late_apologised,
                apologies_sent: t.apologies_sent,
                apologies_sent_late: t.apologies_sent_late,
                with_fee: t.with_fee,
                paid_online: t.paid_online,
                with_result: t.with_result,
                electronic_result: t.electronic_result,
                digitised: t.digitised,
                rated: t.rated,
                unsatisfied: t.unsatisfied,
            },
            indicators: g
                .measures
                .into_iter()
                .map(|m| MeasureResponse {
                    code: m.code,
                    key: m.key,
                    title: m.title,
                    formula: m.formula,
                    numerator: m.numerator,
                    denominator: m.denominator,
                    value: m.value,
                    unit: m.unit.as_str(),
                })
                .collect(),
            key: g.key,
            label: g.label,
        }
    }
}

/// A unit's part in the late dossiers.
#[derive(Debug, serde::Serialize)]
pub(crate) struct LateUnitResponse {
    /// The unit; null for late dossiers no unit's step made late.
    pub(crate) unit: Option<UnitRefResponse>,
    /// Its agency's name.
    pub(crate) agency: Option<String>,
    /// Steps held past their due instant.
    pub(crate) late_steps: u64,
    /// Late dossiers in which it held a late step.
    pub(crate) dossiers_made_late: u64,
    /// The apologies those dossiers owe.
    pub(crate) apologies_owed: u64,
    /// How many of them were sent.
    pub(crate) apologies_issued: u64,
}

/// The period of a report.
#[derive(Debug, serde::Serialize)]
pub(crate) struct PeriodResponse {
    /// First day.
    pub(crate) from: NaiveDate,
    /// Last day.
    pub(crate) to: NaiveDate,
}

/// The indicators of an agency for a period.
#[derive(Debug, serde::Serialize)]
pub(crate) struct IndicatorReportResponse {
    agency: AgencyRefResponse,
    include_children: bool,
    unit: Option<UnitRefResponse>,
    procedure: Option<ProcedureRefResponse>,
    channel: Option<&'static str>,
    period: PeriodResponse,
    computed_at: DateTime<Utc>,
    total: IndicatorGroupResponse,
    by: Option<&'static str>,
    groups: Vec<IndicatorGroupResponse>,
    late_units: Vec<LateUnitResponse>,
}

impl From<motcua_app::IndicatorReport> for IndicatorReportResponse {
    fn from(r: motcua_app::IndicatorReport) -> Self {
        IndicatorReportResponse {
            agency: r.agency.into(),
            include_children: r.include_children,
            unit: r.unit.map(Into::into),
            procedure: r.procedure.map(Into::into),
            channel: r.channel.map(|c| c.as_str()),
            period: PeriodResponse {
                from: r.period.from(),
                to: r.period.to(),
            },
            computed_at: r.computed_at,
            total: r.total.into(),
            by: r.by.map(|b| b.as_str()),
            groups: r.groups.into_iter().map(Into::into).collect(),
            late_units: r
                .late_units
                .into_iter()
                .map(|u| LateUnitResponse {
                    unit: u.unit.map(Into::into),
                    agency: u.agency,
                    late_steps: u.lateness.late_steps,
                    dossiers_made_late: u.lateness.dossiers_made_late,
                    apologies_owed: u.lateness.apologies_owed(),
                    apologies_issued: u.lateness.apologies_issued,
                })
                .collect(),
        }
    }
}

/// A share with what it was computed from.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ShareResponse {
    numerator: f64,
    denominator: u64,
    value: Option<f64>,
}

/// One month (or the year) of one agency.
#[derive(Debug, serde::Serialize)]
pub(crate) struct MonthFiguresResponse {
    month: String,
    received: u64,
    finished: u64,
    on_time_rate: ShareResponse,
    received_online: u64,
    paid_online: u64,
    apologies_sent: u64,
}

impl From<&motcua_app::MonthFigures> for MonthFiguresResponse {
    fn from(m: &motcua_app::MonthFigures) -> Self {
        MonthFiguresResponse {
            month: m.month.clone(),
            received: m.received,
            finished: m.finished,
            on_time_rate: ShareResponse {
                numerator: m.on_time.numerator,
                denominator: m.on_time.denominator,
                value: m.on_time.value,
            },
            received_online: m.received_online,
            paid_online: m.paid_online,
            apologies_sent: m.apologies_sent,
        }
    }
}

/// One agency's year.
#[derive(Debug, serde::Serialize)]
pub(crate) struct AgencyFiguresResponse {
    agency: AgencyRefResponse,
    year: MonthFiguresResponse,
    months: Vec<MonthFiguresResponse>,
}

/// The public statistics of a year.
#[derive(Debug, serde::Serialize)]
pub(crate) struct PublicStatisticsResponse {
    year: i32,
    computed_at: DateTime<Utc>,
    agencies: Vec<AgencyFiguresResponse>,
}

impl From<&motcua_app::PublicStatistics> for PublicStatisticsResponse {
    fn from(s: &motcua_app::PublicStatistics) -> Self {
        PublicStatisticsResponse {
            year: s.year,
            computed_at: s.computed_at,
            agencies: s
                .agencies
                .iter()
                .map(|a| AgencyFiguresResponse {
                    agency: a.agency.clone().into(),
                    year: (&a.year).into(),
                    months: a.months.iter().map(Into::into).collect(),
                })
                .collect(),
        }
    }
}
