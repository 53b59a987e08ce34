//! The public statistics (số liệu thống kê): for each agency and each month
//! of a year, the dossiers received, finished, on time, online, paid online,
//! and the apologies sent; the figures provincial portals publish. Anyone
//! reads them; each answer is kept for a minute, so a busy portal costs one
//! computation a minute per question, and what anonymous callers can make
//! the server keep is bounded (64 answers, `Services::statistics`).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use motcua_calendar::VIETNAM_OFFSET;
use motcua_db::agencies::{self, AgencyRow};
use motcua_domain::{AgencyCode, Measure, Tally};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::app::App;
use crate::catalogue::procedures::AgencyRef;
use crate::error::{AppError, AppResult};
use crate::limits::ClientKey;
use crate::reports::indicators::{Selection, agencies_under, count_received};
use crate::reports::period::ReportPeriod;

/// The first year asked about: nothing older was received in Motcua.
const FIRST_YEAR: i32 = 2000;

/// One month of one agency.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthFigures {
    /// `2026-03`.
    pub month: String,
    /// Received in the month.
    pub received: u64,
    /// Of those, ended with a result.
    pub finished: u64,
    /// Indicator 2.1 for them.
    pub on_time: Measure,
    /// Received online.
    pub received_online: u64,
    /// With a fee paid online.
    pub paid_online: u64,
    /// Apologies sent for them.
    pub apologies_sent: u64,
}

impl MonthFigures {
    fn of(month: String, tally: &Tally) -> MonthFigures {
        MonthFigures {
            month,
            received: tally.received,
            finished: tally.with_result,
            on_time: tally.on_time_rate(),
            received_online: tally.received_online,
            paid_online: tally.paid_online,
            apologies_sent: tally.apologies_sent,
        }
    }
}

/// One agency's year.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyFigures {
    /// The agency.
    pub agency: AgencyRef,
    /// The year as a whole.
    pub year: MonthFigures,
    /// Each month with a dossier received, in order.
    pub months: Vec<MonthFigures>,
}

/// The statistics of a year.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicStatistics {
    /// The year.
    pub year: i32,
    /// When they were computed (an answer is served again for a minute).
    pub computed_at: DateTime<Utc>,
    /// Each agency, by code.
    pub agencies: Vec<AgencyFigures>,
}

impl App {
    /// The statistics of `year` for every agency, or for `agency` and the
    /// agencies under it; the current year when none is given.
    pub async fn public_statistics(
        &self,
        client: ClientKey,
        year: Option<i32>,
        agency: Option<AgencyCode>,
    ) -> AppResult<Arc<PublicStatistics>> {
        self.services.limits.lookup(&client)?;
        let now = self.services.clock.now();
        let this_year = now.with_timezone(&VIETNAM_OFFSET).year();
        let year = year.unwrap_or(this_year);
        if !(FIRST_YEAR..=this_year).contains(&year) {
            return Err(AppError::invalid(
                "year",
                "out_of_range",
                format!("a year from {FIRST_YEAR} to {this_year}"),
            ));
        }
        let key = format!(
            "{year}/{}",
            agency.as_ref().map(|a| a.as_str()).unwrap_or_default()
        );
        if let Some(kept) = self.services.statistics.get::<PublicStatistics>(&key, now) {
            return Ok(kept);
        }
        let answer = self
            .blocking(move |s| {
                let mut conn = s.db.get()?;
                let all = agencies::all(&mut conn)?;
                let shown = shown_agencies(&all, agency.as_ref())?;
                let period = year_period(year)?;
                let selection = Selection {
                    agency_ids: shown.iter().map(|a| a.id.clone()).collect(),
                    channel: None,
                    procedure_versions: None,
                    unit_id: None,
                };
                let (counted, _) =
                    count_received(s, &mut conn, &selection, period.instants(), now)?;
                let mut tallies: HashMap<&str, (Tally, BTreeMap<String, Tally>)> = HashMap::new();
                for c in &counted {
                    let local = c.received_at.with_timezone(&VIETNAM_OFFSET);
                    let month = format!("{:04}-{:02}", local.year(), local.month());
                    let (whole, months) = tallies.entry(c.decider.as_str()).or_default();
                    whole.add(&c.facts, now);
                    months.entry(month).or_default().add(&c.facts, now);
                }
                let agencies = shown
                    .iter()
                    .map(|a| {
                        let (whole, months) = tallies.remove(a.id.as_str()).unwrap_or_default();
                        AgencyFigures {
                            agency: AgencyRef::of(a),
                            year: MonthFigures::of(year.to_string(), &whole),
                            months: months
                                .iter()
                                .map(|(m, t)| MonthFigures::of(m.clone(), t))
                                .collect(),
                        }
                    })
                    .collect();
                Ok(Arc::new(PublicStatistics {
                    year,
                    computed_at: now,
                    agencies,
                }))
            })
            .await?;
        self.services.statistics.keep(key, Arc::clone(&answer), now);
        Ok(answer)
    }
}

/// Every agency, or `asked` and those under it, by code.
fn shown_agencies(all: &[AgencyRow], asked: Option<&AgencyCode>) -> AppResult<Vec<AgencyRow>> {
    let Some(code) = asked else {
        return Ok(all.to_vec());
    };
    let top = all
        .iter()
        .find(|a| a.code == code.as_str())
        .ok_or_else(|| AppError::invalid("agency", "unknown_agency", "no agency with this code"))?;
    let ids = agencies_under(all, &top.id);
    Ok(all
        .iter()
        .filter(|a| ids.contains(&a.id))
        .cloned()
        .collect())
}

fn year_period(year: i32) -> AppResult<ReportPeriod> {
    let day = |m, d| {
        NaiveDate::from_ymd_opt(year, m, d)
            .ok_or_else(|| AppError::invalid("year", "out_of_range", "not a year"))
    };
    ReportPeriod::new(day(1, 1)?, day(12, 31)?)
}
