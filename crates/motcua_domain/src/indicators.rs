//! The figures leaders answer for: the dossier indicators of Decision
//! 766/QĐ-TTg (2022) and the apology counts of Decree 61/2018, counted from
//! what each dossier did. Pure: the caller reads the facts, this module
//! judges and adds them up, so the same code serves the API, the exports and
//! the test that recounts them.
//!
//! The readings chosen where the national description leaves room (each is
//! named in the measure's formula, and in `openapi.yaml`):
//! - the dossiers of a period are those *received* in it (the 766
//!   dashboard's "start date in the period"); a dossier is judged as it
//!   stands when the report is asked for: by its end if it has ended, else
//!   at that instant, or at its pause while it waits for the applicant
//!   (the time the applicant takes is never counted);
//! - early, on time and late compare the end with the first appointment
//!   (moved only by pauses); a dossier whose appointment an apology moved,
//!   or that needed more supplement requests than the rule set allows
//!   ([`RuleSet::supplements_before_late`]), is late whatever its dates;
//! - "not satisfied" is a rating below [`RuleSet::unsatisfied_rating_below`].

use chrono::{DateTime, Utc};
use motcua_calendar::Outcome;

use crate::rating::{CRITERIA, Rating};
use crate::{Channel, RuleSet};

/// How a dossier stands against its appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timing {
    /// Ended on a day before the appointment's day (trước hạn).
    Early,
    /// Ended by the appointment (đúng hạn).
    OnTime,
    /// Ended after it, or counted late by rule (quá hạn).
    Late,
    /// Not ended, within its appointment (đang xử lý trong hạn).
    RunningOnTime,
    /// Not ended, past it or counted late by rule (đang xử lý quá hạn).
    RunningLate,
}

impl Timing {
    /// Late, ended or not.
    pub fn is_late(self) -> bool {
        matches!(self, Timing::Late | Timing::RunningLate)
    }
}

/// How a dossier ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    /// When: the result ready, the refusal, the stop or the withdrawal.
    pub at: DateTime<Utc>,
    /// Whether it ended with a result (statuses 9 and 10), the only ones
    /// whose processing time indicator 2.2 averages.
    pub with_result: bool,
}

/// The fee side of a dossier, for indicator 3.6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeFact {
    /// No fee, or every fee line is 0: not counted.
    None,
    /// A fee is due and was not paid online (paid at the counter, or not yet).
    Due,
    /// A fee was paid online.
    PaidOnline,
}

/// A step the dossier spent in a unit, as the reports need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitStep {
    /// The unit that held it (its id); none for a step given to a whole
    /// agency.
    pub unit: Option<String>,
    /// Done after its due instant, or held past it.
    pub late: bool,
}

/// What one dossier did, read from its row, its events, its apologies, its
/// payments, its files and its rating.
#[derive(Debug, Clone, PartialEq)]
pub struct DossierFacts {
    /// How it came in.
    pub channel: Channel,
    /// The rule set it was received under.
    pub rules: RuleSet,
    /// The appointment the figures compare with: the first one, moved by
    /// pauses, never by an apology.
    pub appointment: DateTime<Utc>,
    /// Whether a sent apology moved the appointment.
    pub appointment_moved: bool,
    /// When its clock stopped to wait for the applicant, if it waits now.
    pub paused_at: Option<DateTime<Utc>>,
    /// How it ended, if it has.
    pub ending: Option<Ending>,
    /// Supplement requests made after it was received.
    pub supplement_requests: u32,
    /// Whether an apology was sent for it.
    pub apology_sent: bool,
    /// Whether that apology reached the applicant after the lead time.
    pub apology_sent_late: bool,
    /// The fee.
    pub fee: FeeFact,
    /// Ended with a result: whether the result is a file (an electronic
    /// result). `None` when it has no result.
    pub electronic_result: Option<bool>,
    /// Every mandatory document of its procedure is a file.
    pub digitised: bool,
    /// The applicant's rating.
    pub rating: Option<Rating>,
    /// The working time processing took (the applicant's waits taken out),
    /// in seconds, for those that ended with a result.
    pub processing_seconds: Option<i64>,
    /// The length of a working day of its agency, in seconds.
    pub working_day_seconds: i64,
    /// The steps it spent in units, oldest first.
    pub steps: Vec<UnitStep>,
}

impl DossierFacts {
    /// Late whatever its dates: its appointment moved, or too many
    /// supplement requests.
    fn late_by_rule(&self) -> bool {
        self.appointment_moved || self.supplement_requests > self.rules.supplements_before_late
    }

    /// How it stands, asked at `now`.
    pub fn timing(&self, now: DateTime<Utc>) -> Timing {
        match self.ending {
            Some(end) => {
                if self.late_by_rule() {
                    return Timing::Late;
                }
                match Outcome::of(self.appointment, end.at) {
                    Outcome::Early => Timing::Early,
                    Outcome::OnTime => Timing::OnTime,
                    Outcome::Late => Timing::Late,
                }
            }
            None => {
                let at = self.paused_at.map_or(now, |p| p.min(now));
                if self.late_by_rule() || at > self.appointment {
                    Timing::RunningLate
                } else {
                    Timing::RunningOnTime
                }
            }
        }
    }

    fn unsatisfied(&self) -> bool {
        self.rating
            .is_some_and(|r| r.total() < self.rules.unsatisfied_rating_below)
    }
}

/// The counts behind the indicators of a set of dossiers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Dossiers received.
    pub received: u64,
    /// Received at the counter.
    pub received_counter: u64,
    /// Received online.
    pub received_online: u64,
    /// Received by post.
    pub received_post: u64,
    /// Ended (result, refusal, stop or withdrawal).
    pub ended: u64,
    /// Ended early.
    pub early: u64,
    /// Ended on time.
    pub on_time: u64,
    /// Ended late.
    pub late: u64,
    /// Running within their appointment.
    pub running_on_time: u64,
    /// Running past it.
    pub running_late: u64,
    /// Waiting for the applicant now.
    pub paused: u64,
    /// Late (ended or running) with an apology sent.
    pub late_apologised: u64,
    /// Apologies sent.
    pub apologies_sent: u64,
    /// Apologies sent after the lead time.
    pub apologies_sent_late: u64,
    /// With a fee due.
    pub with_fee: u64,
    /// With a fee paid online.
    pub paid_online: u64,
    /// Ended with a result.
    pub with_result: u64,
    /// Whose result is a file.
    pub electronic_result: u64,
    /// Digitised.
    pub digitised: u64,
    /// Rated.
    pub rated: u64,
    /// Rated not satisfied.
    pub unsatisfied: u64,
    /// The ratings' totals, added.
    pub rating_points: u64,
    /// Each criterion's scores, added.
    pub criterion_points: [u64; 9],
    /// Processing time of those ended with a result, in working seconds.
    pub processing_seconds: i64,
    /// The same, in working days (each dossier by its agency's day).
    pub processing_days: f64,
}

impl Tally {
    /// Counts one dossier, judged at `now`.
    pub fn add(&mut self, facts: &DossierFacts, now: DateTime<Utc>) {
        self.received += 1;
        match facts.channel {
            Channel::Counter => self.received_counter += 1,
            Channel::Online => self.received_online += 1,
            Channel::Post => self.received_post += 1,
        }
        let timing = facts.timing(now);
        match timing {
            Timing::Early => self.early += 1,
            Timing::OnTime => self.on_time += 1,
            Timing::Late => self.late += 1,
            Timing::RunningOnTime => self.running_on_time += 1,
            Timing::RunningLate => self.running_late += 1,
        }
        if facts.ending.is_some() {
            self.ended += 1;
        } else if facts.paused_at.is_some() {
            self.paused += 1;
        }
        if timing.is_late() && facts.apology_sent {
            self.late_apologised += 1;
        }
        if facts.apology_sent {
            self.apologies_sent += 1;
            if facts.apology_sent_late {
                self.apologies_sent_late += 1;
            }
        }
        match facts.fee {
            FeeFact::None => {}
            FeeFact::Due => self.with_fee += 1,
            FeeFact::PaidOnline => {
                self.with_fee += 1;
                self.paid_online += 1;
            }
        }
        if let Some(file) = facts.electronic_result {
            self.with_result += 1;
            if file {
                self.electronic_result += 1;
            }
        }
        if let (
            Some(seconds),
            Some(Ending {
                with_result: true, ..
            }),
        ) = (facts.processing_seconds, facts.ending)
        {
            self.processing_seconds += seconds;
            #[expect(clippy::cast_precision_loss, reason = "seconds of working time")]
            let days = seconds as f64 / facts.working_day_seconds.max(1) as f64;
            self.processing_days += days;
        }
        if facts.digitised {
            self.digitised += 1;
        }
        if let Some(rating) = facts.rating {
            self.rated += 1;
            self.rating_points += u64::from(rating.total());
            for (sum, score) in self.criterion_points.iter_mut().zip(rating.scores()) {
                *sum += u64::from(score);
            }
            if facts.unsatisfied() {
                self.unsatisfied += 1;
            }
        }
    }

    /// Late, ended or running.
    pub fn late_all(&self) -> u64 {
        self.late + self.running_late
    }

    /// The dossiers ended with a result, whose processing time 2.2 averages.
    fn timed(&self) -> u64 {
        self.with_result
    }

    /// Indicator 2.1, the on-time rate.
    pub fn on_time_rate(&self) -> Measure {
        Measure::share(
            Some("2.1"),
            "on_time_rate",
            "Tỷ lệ hồ sơ giải quyết đúng hạn",
            "Hồ sơ đã giải quyết trước hạn hoặc đúng hạn, cộng hồ sơ đang giải quyết trong hạn, trên tổng số hồ sơ tiếp nhận trong kỳ. Thời gian chờ tổ chức, cá nhân bổ sung hồ sơ, nộp phí không tính; hồ sơ đã hẹn lại bằng phiếu xin lỗi, hoặc phải bổ sung quá số lần cho phép, tính là quá hạn.",
            self.early + self.on_time + self.running_on_time,
            self.received,
        )
    }

    /// The indicators, in the order of Decision 766 and then the apology
    /// counts.
    pub fn measures(&self) -> Vec<Measure> {
        let late = self.late_all();
        #[expect(clippy::cast_precision_loss, reason = "points of ratings")]
        let rating_points = self.rating_points as f64;
        let mut out = vec![
            self.on_time_rate(),
            Measure::average(
                Some("2.2"),
                "average_processing_days",
                "Thời gian giải quyết trung bình (ngày làm việc)",
                "Tổng thời gian giải quyết (giờ hành chính, không tính thời gian chờ tổ chức, cá nhân) của các hồ sơ đã có kết quả, quy ra ngày làm việc, chia cho số hồ sơ đó.",
                self.processing_days,
                self.timed(),
                MeasureUnit::WorkingDays,
            ),
            Measure::average(
                Some("2.2"),
                "average_processing_hours",
                "Thời gian giải quyết trung bình (giờ làm việc)",
                "Như trên, tính bằng giờ làm việc: đơn vị của thủ tục có thời hạn tính theo giờ.",
                seconds_as_hours(self.processing_seconds),
                self.timed(),
                MeasureUnit::WorkingHours,
            ),
            Measure::share(
                None,
                "early_share",
                "Tỷ lệ hồ sơ giải quyết trước hạn",
                "Hồ sơ kết thúc vào ngày trước ngày hẹn trả, trên số hồ sơ đã kết thúc.",
                self.early,
                self.ended,
            ),
            Measure::share(
                None,
                "on_time_share",
                "Tỷ lệ hồ sơ giải quyết đúng hạn (trong ngày hẹn)",
                "Hồ sơ kết thúc trong ngày hẹn trả, không muộn hơn giờ hẹn, trên số hồ sơ đã kết thúc.",
                self.on_time,
                self.ended,
            ),
            Measure::share(
                None,
                "late_share",
                "Tỷ lệ hồ sơ giải quyết quá hạn",
                "Hồ sơ kết thúc sau giờ hẹn trả, hoặc tính quá hạn theo quy định, trên số hồ sơ đã kết thúc.",
                self.late,
                self.ended,
            ),
            Measure::share(
                None,
                "apologised_late_share",
                "Tỷ lệ hồ sơ quá hạn có phiếu xin lỗi",
                "Hồ sơ quá hạn (đã kết thúc hoặc đang giải quyết) đã gửi phiếu xin lỗi và hẹn lại ngày trả kết quả, trên số hồ sơ quá hạn.",
                self.late_apologised,
                late,
            ),
            Measure::share(
                None,
                "late_without_apology_share",
                "Tỷ lệ hồ sơ quá hạn không có phiếu xin lỗi",
                "Hồ sơ quá hạn chưa gửi phiếu xin lỗi, trên số hồ sơ quá hạn.",
                late - self.late_apologised,
                late,
            ),
            Measure::share(
                None,
                "apologies_after_lead_time_share",
                "Tỷ lệ phiếu xin lỗi gửi chậm",
                "Phiếu xin lỗi đến tổ chức, cá nhân muộn hơn thời hạn quy định (ít nhất một ngày làm việc trước ngày hẹn), trên số phiếu đã gửi.",
                self.apologies_sent_late,
                self.apologies_sent,
            ),
            Measure::share(
                Some("3.3"),
                "online_share",
                "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
                "Hồ sơ tiếp nhận qua dịch vụ công trực tuyến, trên tổng số hồ sơ tiếp nhận trong kỳ (Cổng Dịch vụ công quốc gia còn nhân với tỷ lệ đồng bộ).",
                self.received_online,
                self.received,
            ),
            Measure::share(
                Some("3.6"),
                "paid_online_share",
                "Tỷ lệ hồ sơ thanh toán trực tuyến",
                "Hồ sơ đã nộp phí, lệ phí trực tuyến, trên số hồ sơ có phí, lệ phí khác 0.",
                self.paid_online,
                self.with_fee,
            ),
            Measure::share(
                Some("4.1"),
                "electronic_result_share",
                "Tỷ lệ hồ sơ có kết quả điện tử",
                "Hồ sơ đã có kết quả mà kết quả có tệp điện tử, trên số hồ sơ đã có kết quả.",
                self.electronic_result,
                self.with_result,
            ),
            Measure::share(
                Some("4.2"),
                "digitised_share",
                "Tỷ lệ hồ sơ được số hóa",
                "Hồ sơ có tệp điện tử cho mọi thành phần bắt buộc, trên tổng số hồ sơ tiếp nhận trong kỳ.",
                self.digitised,
                self.received,
            ),
            Measure::share(
                Some("5.4"),
                "satisfaction",
                "Mức độ hài lòng trong giải quyết hồ sơ",
                "100% trừ tỷ lệ hồ sơ quá hạn và tỷ lệ hồ sơ bị đánh giá không hài lòng (tổng điểm dưới mức quy định trên 18), tính trên tổng số hồ sơ tiếp nhận trong kỳ.",
                self.received.saturating_sub(late + self.unsatisfied),
                self.received,
            ),
            Measure::average(
                None,
                "rating_total",
                "Điểm đánh giá trung bình (trên 18)",
                "Tổng điểm các phiếu đánh giá, chia cho số phiếu.",
                rating_points,
                self.rated,
                MeasureUnit::Points,
            ),
        ];
        for (index, criterion) in CRITERIA.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "points of ratings")]
            let points = self.criterion_points[index] as f64;
            out.push(Measure {
                code: None,
                key: CriterionKey(criterion).to_string(),
                title: CRITERION_TITLES[index].to_owned(),
                formula: "Tổng điểm của tiêu chí (0, 1 hoặc 2) trên các phiếu đánh giá, chia cho số phiếu.".to_owned(),
                numerator: round2(points),
                denominator: self.rated,
                value: ratio(points, self.rated),
                unit: MeasureUnit::Points,
            });
        }
        out
    }
}

struct CriterionKey(&'static str);

impl std::fmt::Display for CriterionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rating.{}", self.0)
    }
}

/// The nine criteria as the evaluation table names them.
const CRITERION_TITLES: [&str; 9] = [
    "Tổng thời gian giải quyết so với quy định",
    "Thời gian giải quyết của từng cơ quan, đơn vị",
    "Số lần liên hệ để hoàn thiện hồ sơ",
    "Số cơ quan, đơn vị phải liên hệ",
    "Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa",
    "Công khai thủ tục hành chính",
    "Thái độ của công chức",
    "Tiếp nhận, xử lý phản ánh, kiến nghị",
    "Tiến độ, chất lượng dịch vụ công trực tuyến",
];

/// What a measure's value is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureUnit {
    /// A share, 0 to 100.
    Percent,
    /// Working days.
    WorkingDays,
    /// Working hours.
    WorkingHours,
    /// Rating points.
    Points,
}

impl MeasureUnit {
    /// The name in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            MeasureUnit::Percent => "percent",
            MeasureUnit::WorkingDays => "working_days",
            MeasureUnit::WorkingHours => "working_hours",
            MeasureUnit::Points => "points",
        }
    }
}

/// One indicator: its value, and what it was computed from, so a leader
/// can check it.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The indicator's number in Decision 766, when it is one.
    pub code: Option<&'static str>,
    /// A stable key (`on_time_rate`).
    pub key: String,
    /// Its name, in Vietnamese.
    pub title: String,
    /// How it is computed, in words.
    pub formula: String,
    /// The numerator (a count, or a sum for averages), to 2 decimals.
    pub numerator: f64,
    /// The denominator.
    pub denominator: u64,
    /// numerator ÷ denominator (× 100 for shares), to 2 decimals; none
    /// when the denominator is 0.
    pub value: Option<f64>,
    /// What the value counts.
    pub unit: MeasureUnit,
}

impl Measure {
    fn share(
        code: Option<&'static str>,
        key: &str,
        title: &str,
        formula: &str,
        numerator: u64,
        denominator: u64,
    ) -> Measure {
        #[expect(clippy::cast_precision_loss, reason = "counts of dossiers")]
        let n = numerator as f64;
        Measure {
            code,
            key: key.to_owned(),
            title: title.to_owned(),
            formula: formula.to_owned(),
            numerator: n,
            denominator,
            value: ratio(n * 100.0, denominator),
            unit: MeasureUnit::Percent,
        }
    }

    fn average(
        code: Option<&'static str>,
        key: &str,
        title: &str,
        formula: &str,
        sum: f64,
        denominator: u64,
        unit: MeasureUnit,
    ) -> Measure {
        Measure {
            code,
            key: key.to_owned(),
            title: title.to_owned(),
            formula: formula.to_owned(),
            numerator: round2(sum),
            denominator,
            value: ratio(sum, denominator),
            unit,
        }
    }
}

fn seconds_as_hours(seconds: i64) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "seconds of working time")]
    let s = seconds as f64;
    s / 3600.0
}

/// Rounded to 2 decimals, as the national description asks.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn ratio(numerator: f64, denominator: u64) -> Option<f64> {
    #[expect(clippy::cast_precision_loss, reason = "counts of dossiers")]
    let d = denominator as f64;
    (denominator > 0).then(|| round2(numerator / d))
}

/// What one unit did to the dossiers' time: who made them late, and whether
/// they apologised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitLateness {
    /// Steps it held past their due instant (done late, or held late now).
    pub late_steps: u64,
    /// Late dossiers in which it held a late step.
    pub dossiers_made_late: u64,
    /// Of those, the ones with an apology sent: each late dossier owes one.
    pub apologies_issued: u64,
}

impl UnitLateness {
    /// The apologies its late dossiers owe.
    pub fn apologies_owed(&self) -> u64 {
        self.dossiers_made_late
    }
}

/// Adds one dossier to the units' lateness, keyed by unit id (`None`: late
/// with no late step, such as a dossier late by rule, or held by an agency
/// with no unit).
pub fn add_lateness(
    units: &mut std::collections::BTreeMap<Option<String>, UnitLateness>,
    facts: &DossierFacts,
    now: DateTime<Utc>,
) {
    let late = facts.timing(now).is_late();
    let mut blamed: Vec<&Option<String>> = Vec::new();
    for step in facts.steps.iter().filter(|s| s.late) {
        units.entry(step.unit.clone()).or_default().late_steps += 1;
        if !blamed.contains(&&step.unit) {
            blamed.push(&step.unit);
        }
    }
    if !late {
        return;
    }
    if blamed.is_empty() {
        blamed.push(&None);
    }
    for unit in blamed {
        let entry = units.entry(unit.clone()).or_default();
        entry.dossiers_made_late += 1;
        if facts.apology_sent {
            entry.apologies_issued += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn facts() -> DossierFacts {
        DossierFacts {
            channel: Channel::Counter,
            rules: RuleSet::VN_2025,
            appointment: at("2026-03-10T09:30:00Z"),
            appointment_moved: false,
            paused_at: None,
            ending: None,
            supplement_requests: 0,
            apology_sent: false,
            apology_sent_late: false,
            fee: FeeFact::None,
            electronic_result: None,
            digitised: false,
            rating: None,
            processing_seconds: None,
            working_day_seconds: 8 * 3600,
            steps: Vec::new(),
        }
    }

    fn ended(at_text: &str) -> Option<Ending> {
        Some(Ending {
            at: at(at_text),
            with_result: true,
        })
    }

    #[test]
    fn a_dossier_is_judged_by_its_end_or_now_or_its_pause() {
        let now = at("2026-03-12T00:00:00Z");
        let mut f = facts();
        assert_eq!(f.timing(now), Timing::RunningLate);
        assert_eq!(f.timing(at("2026-03-09T00:00:00Z")), Timing::RunningOnTime);
        // Waiting for the applicant since before the appointment: on time.
        f.paused_at = Some(at("2026-03-09T00:00:00Z"));
        assert_eq!(f.timing(now), Timing::RunningOnTime);
        f.paused_at = None;
        f.ending = ended("2026-03-09T03:00:00Z");
        assert_eq!(f.timing(now), Timing::Early);
        f.ending = ended("2026-03-10T09:30:00Z");
        assert_eq!(f.timing(now), Timing::OnTime);
        f.ending = ended("2026-03-10T09:30:01Z");
        assert_eq!(f.timing(now), Timing::Late);
    }

    #[test]
    fn an_apology_or_a_second_supplement_request_counts_late() {
        let now = at("2026-03-01T00:00:00Z");
        let mut f = facts();
        f.ending = ended("2026-03-09T03:00:00Z");
        f.supplement_requests = 1;
        assert_eq!(f.timing(now), Timing::Early);
        f.supplement_requests = 2;
        assert_eq!(f.timing(now), Timing::Late);
        f.supplement_requests = 0;
        f.appointment_moved = true;
        assert_eq!(f.timing(now), Timing::Late);
        f.ending = None;
        assert_eq!(f.timing(now), Timing::RunningLate);
    }

    #[test]
    fn the_measures_show_their_counts() {
        let now = at("2026-03-12T00:00:00Z");
        let mut tally = Tally::default();
        let mut early = facts();
        early.ending = ended("2026-03-09T03:00:00Z");
        early.electronic_result = Some(true);
        early.processing_seconds = Some(12 * 3600);
        early.fee = FeeFact::PaidOnline;
        early.channel = Channel::Online;
        early.rating = Rating::from_scores([2; 9]);
        let mut late = facts();
        late.apology_sent = true;
        late.fee = FeeFact::Due;
        late.rating = Rating::from_scores([0; 9]);
        let running = DossierFacts {
            appointment: at("2026-03-20T00:00:00Z"),
            ..facts()
        };
        for f in [&early, &late, &running] {
            tally.add(f, now);
        }
        let m = tally.measures();
        let get = |key: &str| m.iter().find(|m| m.key == key).unwrap();
        let on_time = get("on_time_rate");
        assert_eq!(
            (on_time.numerator, on_time.denominator, on_time.value),
            (2.0, 3, Some(66.67))
        );
        assert_eq!(get("average_processing_days").value, Some(1.5));
        assert_eq!(get("average_processing_hours").value, Some(12.0));
        assert_eq!(get("apologised_late_share").value, Some(100.0));
        assert_eq!(get("late_without_apology_share").value, Some(0.0));
        assert_eq!(get("online_share").value, Some(33.33));
        assert_eq!(get("paid_online_share").value, Some(50.0));
        assert_eq!(get("electronic_result_share").value, Some(100.0));
        // 100% − (1 late + 1 not satisfied, the same dossier twice) / 3.
        assert_eq!(get("satisfaction").value, Some(33.33));
        assert_eq!(get("rating_total").value, Some(9.0));
        assert_eq!(get("rating.total_time").value, Some(1.0));
        assert_eq!(get("early_share").value, Some(100.0));
        assert_eq!(Tally::default().measures()[0].value, None);
    }

    #[test]
    fn a_unit_that_held_a_late_step_owes_the_late_dossier_its_apology() {
        let now = at("2026-03-12T00:00:00Z");
        let mut units = BTreeMap::new();
        let mut f = facts();
        f.steps = vec![
            UnitStep {
                unit: Some("a".into()),
                late: false,
            },
            UnitStep {
                unit: Some("b".into()),
                late: true,
            },
            UnitStep {
                unit: Some("b".into()),
                late: true,
            },
        ];
        add_lateness(&mut units, &f, now);
        let mut by_rule = facts();
        by_rule.supplement_requests = 3;
        by_rule.apology_sent = true;
        add_lateness(&mut units, &by_rule, now);
        assert_eq!(units.get(&Some("a".into())), None);
        let b = &units[&Some("b".into())];
        assert_eq!(
            (b.late_steps, b.dossiers_made_late, b.apologies_issued),
            (2, 1, 0)
        );
        assert_eq!(b.apologies_owed(), 1);
        let nobody = &units[&None];
        assert_eq!((nobody.dossiers_made_late, nobody.apologies_issued), (1, 1));
    }
}
