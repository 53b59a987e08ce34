//! Administrative procedures (thủ tục hành chính) as the national database
//! describes them.

use motcua_calendar::ProcessingTime;
use std::fmt;

use crate::text::required_text;
use crate::{CopyType, Role, Violation, Violations};

/// A procedure code from the national database, e.g. `1.001193`, or a
/// provincial variant with its suffix, e.g. `1.012753.H19`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct ProcedureCode(String);

impl ProcedureCode {
    /// Parses a code.
    pub fn parse(field: &str, text: &str) -> Result<Self, Violation> {
        let invalid = || {
            Violation::new(
                field,
                "invalid_procedure_code",
                "a procedure code looks like 1.001193 or 1.012753.H19",
            )
        };
        let mut parts = text.split('.');
        let (Some(sector), Some(number)) = (parts.next(), parts.next()) else {
            return Err(invalid());
        };
        let suffix = parts.next();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let suffix_ok = suffix.is_none_or(|s| {
            !s.is_empty()
                && s.len() <= 10
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        });
        if sector.len() == 1
            && digits(sector)
            && number.len() == 6
            && digits(number)
            && suffix_ok
            && parts.next().is_none()
        {
            Ok(ProcedureCode(text.to_owned()))
        } else {
            Err(invalid())
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How much of a procedure can be done online (Decree 42/2022: the old levels
/// 1–2 are `none`, level 3 is `partial`, level 4 is `full`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnlineMode {
    /// Only at the counter or by post.
    None,
    /// Một phần: submitted online, finished at the counter.
    Partial,
    /// Toàn trình: submission, fee and result all online.
    Full,
}

impl OnlineMode {
    /// The name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            OnlineMode::None => "none",
            OnlineMode::Partial => "partial",
            OnlineMode::Full => "full",
        }
    }
}

impl std::str::FromStr for OnlineMode {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [OnlineMode::None, OnlineMode::Partial, OnlineMode::Full]
            .into_iter()
            .find(|m| m.as_str() == text)
            .ok_or_else(|| format!("unknown online mode {text:?}"))
    }
}

/// The unit of a processing time, as the procedure's legal text words it
/// (the national procedure database's field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcessingUnit {
    /// Ngày làm việc.
    WorkingDays,
    /// Giờ làm việc.
    WorkingHours,
    /// Ngày (without "làm việc"): days on the calendar, counted as the Civil
    /// Code counts a period.
    CalendarDays,
    /// Tháng.
    Months,
    /// Trong ngày: received before 15:00, done that working day; after it,
    /// the next (the value is always 1).
    WithinTheDay,
}

impl ProcessingUnit {
    /// Every unit, in the order the API lists them.
    pub const ALL: [ProcessingUnit; 5] = [
        ProcessingUnit::WorkingDays,
        ProcessingUnit::WorkingHours,
        ProcessingUnit::CalendarDays,
        ProcessingUnit::Months,
        ProcessingUnit::WithinTheDay,
    ];

    /// The name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ProcessingUnit::WorkingDays => "working_days",
            ProcessingUnit::WorkingHours => "working_hours",
            ProcessingUnit::CalendarDays => "calendar_days",
            ProcessingUnit::Months => "months",
            ProcessingUnit::WithinTheDay => "within_the_day",
        }
    }

    /// The Vietnamese phrase for `value` of this unit ("3 ngày làm việc"),
    /// as a receipt prints it.
    pub fn describe(self, value: u32) -> String {
        match self {
            ProcessingUnit::WorkingDays => format!("{value} ngày làm việc"),
            ProcessingUnit::WorkingHours => format!("{value} giờ làm việc"),
            ProcessingUnit::CalendarDays => format!("{value} ngày"),
            ProcessingUnit::Months => format!("{value} tháng"),
            ProcessingUnit::WithinTheDay => {
                "Trong ngày (nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo)".to_owned()
            }
        }
    }

    /// The most a procedure may take in this unit (a year).
    pub fn most(self) -> u32 {
        match self {
            ProcessingUnit::WorkingDays | ProcessingUnit::CalendarDays => 365,
            ProcessingUnit::WorkingHours => 2_920,
            ProcessingUnit::Months => 12,
            ProcessingUnit::WithinTheDay => 1,
        }
    }

    /// The calendar's processing time for `value` of this unit.
    pub fn processing_time(self, value: u32) -> ProcessingTime {
        match self {
            ProcessingUnit::WorkingDays => ProcessingTime::WorkingDays(value),
            ProcessingUnit::WorkingHours => ProcessingTime::WorkingHours(value),
            ProcessingUnit::CalendarDays => ProcessingTime::CalendarDays(value),
            ProcessingUnit::Months => ProcessingTime::Months(value),
            ProcessingUnit::WithinTheDay => ProcessingTime::WithinTheDay {
                cutoff: motcua_calendar::WITHIN_THE_DAY_CUTOFF,
            },
        }
    }
}

impl std::str::FromStr for ProcessingUnit {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ProcessingUnit::ALL
            .into_iter()
            .find(|u| u.as_str() == text)
            .ok_or_else(|| format!("unknown processing unit {text:?}"))
    }
}

/// A document the applicant must (or may) hand in (thành phần hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredDocument {
    /// What it is.
    pub name: String,
    /// In which form.
    pub copy_type: CopyType,
    /// How many.
    pub count: u8,
    /// Whether the dossier is incomplete without it.
    pub mandatory: bool,
    /// The blank form to fill in, if there is one (e.g. "Mẫu CT01").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
}

/// A fee or charge (phí, lệ phí), in đồng.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// What is charged.
    pub name: String,
    /// The amount in VND; absent when it depends (on pages, on the province).
    pub amount_vnd: Option<i64>,
    /// The rule behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A step of the procedure's internal process (quy trình nội bộ).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessStep {
    /// What happens.
    pub name: String,
    /// Who does it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Its time budget, in working hours.
    pub budget_working_hours: u32,
}

/// A procedure's content at one version, parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProcedureDefinition {
    /// Its name (tên thủ tục).
    pub name: String,
    /// Its field (lĩnh vực), e.g. "Hộ tịch".
    pub field: String,
    /// Processing time: how many units.
    pub processing_time: u32,
    /// Processing time: which unit.
    pub processing_unit: ProcessingUnit,
    /// What the law says about the time when a number cannot ("same day if
    /// received before 15:00").
    pub processing_note: Option<String>,
    /// How much of it can be done online.
    pub online_mode: OnlineMode,
    /// What the applicant gets (kết quả), e.g. "Giấy khai sinh".
    pub result_type: String,
    /// The documents to hand in.
    pub documents: Vec<RequiredDocument>,
    /// Fees and charges.
    pub fees: Vec<Fee>,
    /// Whether waiting for an online fee (status 6) stops the clock. Most
    /// procedures count their time from the day the fee is paid (Decree
    /// 61/2018 Art. 19: the fee is paid when the dossier is handed in, and
    /// online "the time runs from when the fee is paid"), so the default is
    /// yes; a procedure that takes its fee with the result sets no and its
    /// clock runs while the applicant pays.
    #[serde(default = "pauses_by_default")]
    pub fee_wait_pauses_clock: bool,
    /// The internal process.
    pub steps: Vec<ProcessStep>,
    /// The legal texts it rests on.
    pub legal_basis: Vec<String>,
    /// Where it is published (the national database page).
    pub source_url: Option<String>,
}

impl ProcedureDefinition {
    /// The processing time as the calendar counts it.
    pub fn processing(&self) -> ProcessingTime {
        self.processing_unit.processing_time(self.processing_time)
    }

    /// Checks every field, reporting all that are wrong.
    pub fn parse(raw: ProcedureDefinition) -> Result<Self, Vec<Violation>> {
        let mut v = Violations::new();
        let name = v.check(required_text("name", &raw.name, 500));
        let field = v.check(required_text("field", &raw.field, 200));
        let max = raw.processing_unit.most();
        if !(1..=max).contains(&raw.processing_time) {
            v.push(Violation::new(
                "processing_time",
                "out_of_range",
                format!("must be 1 to {max} {}", raw.processing_unit.as_str()),
            ));
        }
        let processing_note = optional_text(
            &mut v,
            "processing_note",
            raw.processing_note.as_deref(),
            1_000,
        );
        let result_type = v.check(required_text("result_type", &raw.result_type, 300));
        if raw.documents.len() > 100 {
            v.push(Violation::new(
                "documents",
                "too_many",
                "at most 100 documents",
            ));
        }
        let documents: Vec<RequiredDocument> = raw
            .documents
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                let at = format!("documents[{i}]");
                let name = v.check(required_text(&format!("{at}.name"), &d.name, 1_000));
                if !(1..=99).contains(&d.count) {
                    v.push(Violation::new(
                        format!("{at}.count"),
                        "out_of_range",
                        "must be 1 to 99",
                    ));
                }
                let form = optional_text(&mut v, &format!("{at}.form"), d.form.as_deref(), 300);
                Some(RequiredDocument {
                    name: name?,
                    copy_type: d.copy_type,
                    count: d.count,
                    mandatory: d.mandatory,
                    form: form?,
                })
            })
            .collect();
        let fees: Vec<Fee> = raw
            .fees
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let at = format!("fees[{i}]");
                let name = v.check(required_text(&format!("{at}.name"), &f.name, 500));
                if f.amount_vnd
                    .is_some_and(|a| !(0..=1_000_000_000_000).contains(&a))
                {
                    v.push(Violation::new(
                        format!("{at}.amount_vnd"),
                        "out_of_range",
                        "must be 0 to 10^12 đồng",
                    ));
                }
                let note = optional_text(&mut v, &format!("{at}.note"), f.note.as_deref(), 1_000);
                Some(Fee {
                    name: name?,
                    amount_vnd: f.amount_vnd,
                    note: note?,
                })
            })
            .collect();
        let steps: Vec<ProcessStep> = raw
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let at = format!("steps[{i}]");
                let name = v.check(required_text(&format!("{at}.name"), &s.name, 300));
                if !(1..=2_920).contains(&s.budget_working_hours) {
                    v.push(Violation::new(
                        format!("{at}.budget_working_hours"),
                        "out_of_range",
                        "must be 1 to 2920",
                    ));
                }
                Some(ProcessStep {
                    name: name?,
                    role: s.role,
                    budget_working_hours: s.budget_working_hours,
                })
            })
            .collect();
        let legal_basis: Vec<String> = raw
            .legal_basis
            .iter()
            .enumerate()
            .filter_map(|(i, text)| v.check(required_text(&format!("legal_basis[{i}]"), text, 500)))
            .collect();
        let source_url = match raw.source_url.as_deref().map(str::trim) {
            Some(url)
                if !(url.starts_with("https://") || url.starts_with("http://"))
                    || url.len() > 500 =>
            {
                v.push(Violation::new(
                    "source_url",
                    "invalid_url",
                    "must be an http(s) URL of at most 500 characters",
                ));
                None
            }
            other => Some(other.map(str::to_owned)),
        };
        v.finish(|| {
            Some(ProcedureDefinition {
                name: name?,
                field: field?,
                processing_time: raw.processing_time,
                processing_unit: raw.processing_unit,
                processing_note: processing_note?,
                online_mode: raw.online_mode,
                result_type: result_type?,
                documents,
                fees,
                fee_wait_pauses_clock: raw.fee_wait_pauses_clock,
                steps,
                legal_basis,
                source_url: source_url?,
            })
        })
    }
}

fn pauses_by_default() -> bool {
    true
}

fn optional_text(
    v: &mut Violations,
    field: &str,
    text: Option<&str>,
    max: usize,
) -> Option<Option<String>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => v.check(required_text(field, text, max)).map(Some),
        None => Some(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedure_codes() {
        for code in ["1.001193", "2.000815", "1.012753.H19"] {
            assert_eq!(ProcedureCode::parse("c", code).unwrap().as_str(), code);
        }
        for code in [
            "",
            "1.00119",
            "1.0011933",
            "12.001193",
            "1.001193.",
            "1.001193.h19",
            "1.001193.H19.X",
            "a.001193",
        ] {
            assert!(ProcedureCode::parse("c", code).is_err(), "{code}");
        }
    }

    fn sample() -> ProcedureDefinition {
        ProcedureDefinition {
            name: "Đăng ký khai sinh".into(),
            field: "Hộ tịch".into(),
            processing_time: 1,
            processing_unit: ProcessingUnit::WorkingDays,
            processing_note: None,
            online_mode: OnlineMode::Full,
            result_type: "Giấy khai sinh".into(),
            documents: vec![RequiredDocument {
                name: "Tờ khai".into(),
                copy_type: CopyType::Original,
                count: 1,
                mandatory: true,
                form: None,
            }],
            fees: vec![Fee {
                name: "Lệ phí".into(),
                amount_vnd: Some(0),
                note: None,
            }],
            fee_wait_pauses_clock: true,
            steps: vec![],
            legal_basis: vec!["Luật Hộ tịch 2014".into()],
            source_url: Some("https://dichvucong.gov.vn".into()),
        }
    }

    #[test]
    fn a_good_procedure_parses() {
        assert_eq!(ProcedureDefinition::parse(sample()), Ok(sample()));
    }

    #[test]
    fn every_bad_field_is_reported() {
        let mut raw = sample();
        raw.name = " ".into();
        raw.processing_time = 0;
        raw.documents[0].count = 0;
        raw.fees[0].amount_vnd = Some(-1);
        raw.source_url = Some("ftp://x".into());
        let fields: Vec<String> = ProcedureDefinition::parse(raw)
            .unwrap_err()
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert_eq!(
            fields,
            [
                "name",
                "processing_time",
                "documents[0].count",
                "fees[0].amount_vnd",
                "source_url"
            ]
        );
    }
}
