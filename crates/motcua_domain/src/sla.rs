//! Where a running dossier stands against its deadline, and when a step's
//! clock starts (DOMAIN.md, "Time").

use chrono::{DateTime, Duration, NaiveTime, Utc};
use motcua_calendar::{CalendarError, SlaState, VIETNAM_OFFSET, WorkingCalendar, WorkingDuration};

/// The SLA state of a dossier at `now`, from its stored instants: due soon
/// from `due_soon_at` (one working day before `due_at`), overdue after
/// `due_at`.
pub fn sla_state_at(
    now: DateTime<Utc>,
    due_soon_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
) -> SlaState {
    if now > due_at {
        SlaState::Overdue
    } else if now >= due_soon_at {
        SlaState::DueSoon
    } else {
        SlaState::OnTrack
    }
}

/// When the state of a dossier in `state` can next change: the sweep looks at
/// a dossier only once that instant has passed, so its cost follows the
/// dossiers that change, not the dossiers that are open. `None` once overdue.
pub fn next_sla_check(
    state: SlaState,
    due_soon_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    match state {
        SlaState::OnTrack => Some(due_soon_at),
        // Overdue means strictly after the due instant; stored instants have
        // microsecond precision.
        SlaState::DueSoon => Some(due_at + Duration::microseconds(1)),
        SlaState::Overdue => None,
    }
}

/// The instant one working day before `due_at`: from then on the handler
/// and the unit head are warned.
pub fn due_soon_instant(
    calendar: &WorkingCalendar,
    due_at: DateTime<Utc>,
) -> Result<DateTime<Utc>, CalendarError> {
    let day = calendar.working_day().as_micros();
    calendar.add_working_time(due_at, WorkingDuration::micros(-day))
}

/// After this local time a unit that receives a dossier starts on it the
/// next working morning (DOMAIN.md: counter dossiers after 15:00).
pub const LATE_HAND_OVER: NaiveTime = match NaiveTime::from_hms_opt(15, 0, 0) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// When the clock of a step handed over at `handed_at` starts: at once in
/// office hours before 15:00, else at the next working morning's opening.
pub fn step_start(
    calendar: &WorkingCalendar,
    handed_at: DateTime<Utc>,
) -> Result<DateTime<Utc>, CalendarError> {
    let local = handed_at.with_timezone(&VIETNAM_OFFSET);
    if local.time() < LATE_HAND_OVER {
        return calendar.next_working_instant(handed_at);
    }
    let next_midnight = local
        .date_naive()
        .succ_opt()
        .and_then(|day| {
            day.and_time(NaiveTime::MIN)
                .and_local_timezone(VIETNAM_OFFSET)
                .single()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(handed_at);
    calendar.next_working_instant(next_midnight)
}

/// The due instant of a step of `budget_hours` working hours handed over at
/// `handed_at`.
pub fn step_due(
    calendar: &WorkingCalendar,
    handed_at: DateTime<Utc>,
    budget_hours: u32,
) -> Result<DateTime<Utc>, CalendarError> {
    let start = step_start(calendar, handed_at)?;
    calendar.add_working_time(start, WorkingDuration::hours(i64::from(budget_hours)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::builder()
            .years(2026, 2026)
            .build()
            .unwrap()
    }

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        VIETNAM_OFFSET
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_late_hand_over_starts_the_next_working_morning() {
        let c = calendar();
        // Friday 6 March 2026, 15:30 → Monday 9 March, 07:30.
        assert_eq!(
            step_start(&c, local(2026, 3, 6, 15, 30)).unwrap(),
            local(2026, 3, 9, 7, 30)
        );
        assert_eq!(
            step_start(&c, local(2026, 3, 6, 14, 59)).unwrap(),
            local(2026, 3, 6, 14, 59)
        );
        // A 4-hour step from Monday 10:00: 1h30 before lunch, 2h30 after.
        assert_eq!(
            step_due(&c, local(2026, 3, 9, 10, 0), 4).unwrap(),
            local(2026, 3, 9, 15, 30)
        );
    }

    #[test]
    fn due_soon_is_one_working_day_before() {
        let c = calendar();
        // Due Monday 9 March 10:00 → due soon from Friday 6 March 10:00.
        let due = local(2026, 3, 9, 10, 0);
        let soon = due_soon_instant(&c, due).unwrap();
        assert_eq!(soon, local(2026, 3, 6, 10, 0));
        assert_eq!(
            sla_state_at(local(2026, 3, 6, 9, 59), soon, due),
            SlaState::OnTrack
        );
        assert_eq!(sla_state_at(soon, soon, due), SlaState::DueSoon);
        assert_eq!(sla_state_at(due, soon, due), SlaState::DueSoon);
        assert_eq!(
            sla_state_at(due + Duration::microseconds(1), soon, due),
            SlaState::Overdue
        );
        assert_eq!(next_sla_check(SlaState::OnTrack, soon, due), Some(soon));
        assert_eq!(next_sla_check(SlaState::Overdue, soon, due), None);
    }
}
