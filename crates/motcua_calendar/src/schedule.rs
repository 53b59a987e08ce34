//! Which days of a year are worked: the statutory holidays of the Labour Code,
//! and the schedule the Government announces each year for public servants.

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::lunar::{self, LunarError};

/// Where a year's days off come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ScheduleSource {
    /// The schedule the Government announced for public servants that year.
    Official,
    /// Computed from the Labour Code alone, because no announced schedule was
    /// loaded for the year.
    Statutory,
}

impl fmt::Display for ScheduleSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScheduleSource::Official => "official",
            ScheduleSource::Statutory => "statutory",
        })
    }
}

/// What makes a day differ from the ordinary Monday–Friday week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DayKind {
    /// An ordinary working day.
    Workday,
    /// Saturday or Sunday, the weekly rest days of public servants
    /// (Decision 188/1999/QĐ-TTg).
    Weekend,
    /// A public holiday of Labour Code 2019 Art. 112 (ngày nghỉ lễ, tết).
    Holiday,
    /// A day off because a holiday fell on a weekly rest day (nghỉ bù,
    /// Labour Code 2019 Art. 111(3)).
    Compensatory,
    /// A working day turned into a day off in exchange for a weekend day that
    /// is worked instead (hoán đổi ngày làm việc).
    Swapped,
    /// Any other day off decided by the Government.
    DayOff,
    /// A weekend day worked in exchange for a swapped day (làm bù).
    WorkedWeekend,
}

impl DayKind {
    /// Whether public servants work on a day of this kind.
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::WorkedWeekend)
    }
}

/// A document that decided part of a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Document {
    /// Its number and symbol, e.g. `12729/VPCP-KGVX`; days refer to it by this.
    pub id: String,
    /// The date it was issued.
    pub date: Option<NaiveDate>,
    /// Who issued it.
    pub issuer: String,
    /// What it decided, in a sentence.
    pub title: String,
    /// Where it can be read or where its content was reported.
    #[cfg_attr(feature = "serde", serde(default))]
    pub sources: Vec<String>,
}

/// A day that is not an ordinary Monday–Friday working day or weekend.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ScheduledDay {
    /// The day.
    pub date: NaiveDate,
    /// What it is.
    pub kind: DayKind,
    /// Its name or reason, in Vietnamese, as shown to people.
    pub name: String,
    /// The `id` of the document that decided it.
    pub document: String,
}

/// Why a year's schedule cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// A day is listed that lies in another year.
    #[error("{date} is not in {year}")]
    WrongYear {
        /// The schedule's year.
        year: i32,
        /// The stray day.
        date: NaiveDate,
    },
    /// A day is listed twice.
    #[error("{0} is listed twice")]
    Duplicate(NaiveDate),
    /// A kind that does not fit the weekday, e.g. a worked Wednesday.
    #[error("{date} is a {weekday} and cannot be a day of kind {kind:?}")]
    KindDoesNotFitWeekday {
        /// The day.
        date: NaiveDate,
        /// Its weekday.
        weekday: Weekday,
        /// The kind it was given.
        kind: DayKind,
    },
    /// A day cites a document the schedule does not list.
    #[error("{date} cites document {document:?}, which the schedule does not list")]
    UnknownDocument {
        /// The day.
        date: NaiveDate,
        /// The missing document id.
        document: String,
    },
    /// The file could not be read as a schedule.
    #[error("not a valid schedule file: {0}")]
    Format(String),
    /// The year's lunar holidays cannot be computed.
    #[error(transparent)]
    Lunar(#[from] LunarError),
}

/// The days off and the worked weekend days of one year, with the documents
/// that decided them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct YearSchedule {
    year: i32,
    source: ScheduleSource,
    documents: Vec<Document>,
    days: Vec<ScheduledDay>,
}

pub(crate) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The reference for the statutory holidays themselves.
pub const LABOUR_CODE_HOLIDAYS: &str = "Bộ luật Lao động 2019, Điều 112";
/// The reference for days off given back for holidays on a weekend.
pub const LABOUR_CODE_COMPENSATORY: &str = "Bộ luật Lao động 2019, Điều 111 khoản 3";

/// The two articles of the Labour Code, as documents a day may cite.
fn labour_code_documents() -> Vec<Document> {
    let article = |id: &str, title: &str| Document {
        id: id.into(),
        date: NaiveDate::from_ymd_opt(2019, 11, 20),
        issuer: "Quốc hội".into(),
        title: title.into(),
        sources: vec!["https://vanban.chinhphu.vn/?pageid=27160&docid=198540".into()],
    };
    vec![
        article(
            LABOUR_CODE_HOLIDAYS,
            "Bộ luật Lao động số 45/2019/QH14: ngày nghỉ lễ, tết",
        ),
        article(
            LABOUR_CODE_COMPENSATORY,
            "Bộ luật Lao động số 45/2019/QH14: nghỉ bù khi ngày nghỉ lễ, tết trùng ngày nghỉ hằng tuần",
        ),
    ]
}

impl YearSchedule {
    /// A schedule announced by the Government, checked for consistency: every
    /// day in `year`, listed once, of a kind that fits its weekday, and citing
    /// one of `documents` (or the Labour Code articles themselves).
    pub fn official(
        year: i32,
        mut documents: Vec<Document>,
        mut days: Vec<ScheduledDay>,
    ) -> Result<Self, ScheduleError> {
        days.sort_by_key(|d| d.date);
        // The Labour Code articles may be cited without being listed; list
        // them when they are cited, so that every day's document is described.
        for article in labour_code_documents() {
            let listed = documents.iter().any(|d| d.id == article.id);
            if !listed && days.iter().any(|d| d.document == article.id) {
                documents.push(article);
            }
        }
        let cited: BTreeSet<&str> = documents.iter().map(|d| d.id.as_str()).collect();
        for pair in days.windows(2) {
            if pair[0].date == pair[1].date {
                return Err(ScheduleError::Duplicate(pair[0].date));
            }
        }
        for day in &days {
            if day.date.year() != year {
                return Err(ScheduleError::WrongYear {
                    year,
                    date: day.date,
                });
            }
            let fits = match day.kind {
                DayKind::WorkedWeekend | DayKind::Weekend => is_weekend(day.date),
                DayKind::Compensatory | DayKind::Swapped | DayKind::DayOff | DayKind::Workday => {
                    !is_weekend(day.date)
                }
                DayKind::Holiday => true,
            };
            if !fits || matches!(day.kind, DayKind::Workday | DayKind::Weekend) {
                return Err(ScheduleError::KindDoesNotFitWeekday {
                    date: day.date,
                    weekday: day.date.weekday(),
                    kind: day.kind,
                });
            }
            if !cited.contains(day.document.as_str()) {
                return Err(ScheduleError::UnknownDocument {
                    date: day.date,
                    document: day.document.clone(),
                });
            }
        }
        Ok(YearSchedule {
            year,
            source: ScheduleSource::Official,
            documents,
            days,
        })
    }

    /// The days off that Labour Code 2019 alone gives public servants in
    /// `year`, for years whose schedule the Government has not announced (or
    /// that nobody loaded):
    ///
    /// - 1 January; 30 April; 1 May; Hùng Kings' day (10/3 lunar);
    /// - five days of Tết: the Prime Minister picks them each year; without a
    ///   decision we take the last day of the old lunar year and the first four
    ///   of the new one, the split the ministry proposed most often;
    /// - 2 September and one adjacent day, which the Government also picks each
    ///   year: we take the one that joins a weekend (Monday or Friday), else a
    ///   weekday, preferring 1 September, which reproduces every choice made
    ///   since the rule took effect in 2021;
    /// - for each of these on a Saturday or Sunday, the next working day off
    ///   (Art. 111(3)).
    ///
    /// No swapped days: those are never statutory.
    pub fn statutory(year: i32) -> Result<Self, ScheduleError> {
        let date = |m, d| {
            NaiveDate::from_ymd_opt(year, m, d).ok_or(LunarError::OutOfRange(format!("{year}")))
        };
        let mut holidays: BTreeMap<NaiveDate, String> = BTreeMap::new();
        holidays.insert(date(1, 1)?, "Tết Dương lịch".into());

        let tet = lunar::tet(year)?;
        let eve = tet
            .pred_opt()
            .ok_or(LunarError::OutOfRange(tet.to_string()))?;
        holidays.insert(eve, "Tết Nguyên đán (ngày cuối năm âm lịch)".into());
        for offset in 0..4u32 {
            let day = tet + chrono::Days::new(offset.into());
            holidays.insert(day, format!("Tết Nguyên đán (mùng {})", offset + 1));
        }
        holidays.insert(
            lunar::hung_kings_day(year)?,
            "Giỗ Tổ Hùng Vương (10/3 âm lịch)".into(),
        );
        holidays.insert(date(4, 30)?, "Ngày Chiến thắng (30/4)".into());
        holidays.insert(date(5, 1)?, "Ngày Quốc tế Lao động (1/5)".into());
        let national_day = date(9, 2)?;
        holidays.insert(national_day, "Quốc khánh (2/9)".into());
        let (before, after) = (date(9, 1)?, date(9, 3)?);
        let joins_weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Mon | Weekday::Fri);
        let adjacent = [before, after]
            .into_iter()
            .find(|&d| joins_weekend(d))
            .or_else(|| [before, after].into_iter().find(|&d| !is_weekend(d)))
            .unwrap_or(before);
        holidays.insert(adjacent, "Quốc khánh (ngày liền kề 2/9)".into());
        // Tết falls between 21 January and 20 February, so all five days lie
        // in `year`.

        let mut days: Vec<ScheduledDay> = holidays
            .iter()
            .map(|(&date, name)| ScheduledDay {
                date,
                kind: DayKind::Holiday,
                name: name.clone(),
                document: LABOUR_CODE_HOLIDAYS.into(),
            })
            .collect();
        let mut taken: BTreeSet<NaiveDate> = holidays.keys().copied().collect();
        for (&date, name) in &holidays {
            if !is_weekend(date) {
                continue;
            }
            let mut next = date;
            while let Some(candidate) = next.succ_opt() {
                next = candidate;
                if !is_weekend(next) && !taken.contains(&next) {
                    break;
                }
            }
            if next.year() != year {
                continue;
            }
            taken.insert(next);
            days.push(ScheduledDay {
                date: next,
                kind: DayKind::Compensatory,
                name: format!(
                    "Nghỉ bù {name}, trùng ngày nghỉ hằng tuần {}",
                    date.format("%d/%m")
                ),
                document: LABOUR_CODE_COMPENSATORY.into(),
            });
        }
        days.sort_by_key(|d| d.date);
        Ok(YearSchedule {
            year,
            source: ScheduleSource::Statutory,
            documents: labour_code_documents(),
            days,
        })
    }

    /// The year this schedule covers.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Whether the Government announced it or it was derived from the law.
    pub fn source(&self) -> ScheduleSource {
        self.source
    }

    /// The documents that decided it.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// The days that are not ordinary, in date order.
    pub fn days(&self) -> &[ScheduledDay] {
        &self.days
    }

    /// Reads a schedule file (`calendars/vn/<year>.toml`), see that folder's
    /// README for its format.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Self, ScheduleError> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            year: i32,
            #[serde(default)]
            documents: Vec<Document>,
            #[serde(default)]
            days: Vec<ScheduledDay>,
        }
        let file: File = toml::from_str(text).map_err(|e| ScheduleError::Format(e.to_string()))?;
        YearSchedule::official(file.year, file.documents, file.days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn days_off(schedule: &YearSchedule) -> Vec<NaiveDate> {
        schedule
            .days()
            .iter()
            .filter(|d| !d.kind.is_working())
            .map(|d| d.date)
            .collect()
    }

    #[test]
    fn statutory_2026_puts_every_holiday_where_the_law_does() {
        let s = YearSchedule::statutory(2026).unwrap();
        assert_eq!(s.source(), ScheduleSource::Statutory);
        let off = days_off(&s);
        for day in [
            d(2026, 1, 1),
            d(2026, 2, 16), // 30 Tết (the lunar year ends on the 29th or 30th)
            d(2026, 2, 17),
            d(2026, 2, 20),
            d(2026, 4, 26), // Hùng Kings' day, a Sunday ...
            d(2026, 4, 27), // ... given back on Monday
            d(2026, 4, 30),
            d(2026, 5, 1),
            d(2026, 9, 1), // 2/9 is a Wednesday: the adjacent day is 1/9
            d(2026, 9, 2),
        ] {
            assert!(off.contains(&day), "{day} should be off: {off:?}");
        }
        // Eleven holidays (one on a Sunday) and the Monday given back for it.
        assert_eq!(off.len(), 12, "{off:?}");
    }

    #[test]
    fn the_adjacent_national_day_follows_the_governments_past_choices() {
        // 2021: Thu → Fri 3/9; 2022: Fri → Thu 1/9; 2023: Sat → Fri 1/9;
        // 2024: Mon → Tue 3/9; 2025: Tue → Mon 1/9; 2026: Wed → Tue 1/9.
        for (year, adjacent) in [
            (2021, 3),
            (2022, 1),
            (2023, 1),
            (2024, 3),
            (2025, 1),
            (2026, 1),
        ] {
            let s = YearSchedule::statutory(year).unwrap();
            assert!(days_off(&s).contains(&d(year, 9, adjacent)), "{year}");
        }
    }

    #[test]
    fn holidays_on_weekends_are_given_back_on_distinct_days() {
        // 2022: 30/4 Saturday and 1/5 Sunday gave Monday 2/5 and Tuesday 3/5.
        let s = YearSchedule::statutory(2022).unwrap();
        let compensatory: Vec<NaiveDate> = s
            .days()
            .iter()
            .filter(|d| d.kind == DayKind::Compensatory)
            .map(|d| d.date)
            .collect();
        assert!(compensatory.contains(&d(2022, 5, 2)));
        assert!(compensatory.contains(&d(2022, 5, 3)));
    }

    #[cfg(feature = "toml")]
    #[test]
    fn schedule_files_are_read_strictly() {
        let good = r#"
            year = 2027
            [[documents]]
            id = "1/VPCP-KGVX"
            issuer = "Văn phòng Chính phủ"
            title = "t"
            [[days]]
            date = "2027-02-05"
            kind = "holiday"
            name = "Tết Nguyên đán"
            document = "1/VPCP-KGVX"
        "#;
        let schedule = YearSchedule::from_toml(good).unwrap();
        assert_eq!((schedule.year(), schedule.days().len()), (2027, 1));
        for bad in [
            good.replace("kind = \"holiday\"", "kind = \"vacation\""),
            good.replace("title = \"t\"", "title = \"t\"\nsoruces = []"),
            good.replace("2027-02-05", "2027-02-30"),
            "year = \"2027\"".to_string(),
            "not toml at all".to_string(),
        ] {
            assert!(
                matches!(YearSchedule::from_toml(&bad), Err(ScheduleError::Format(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn official_schedules_are_checked() {
        let doc = Document {
            id: "1/X".into(),
            date: None,
            issuer: "VPCP".into(),
            title: "t".into(),
            sources: vec![],
        };
        let day = |date, kind, document: &str| ScheduledDay {
            date,
            kind,
            name: "n".into(),
            document: document.into(),
        };
        let worked_wednesday = YearSchedule::official(
            2026,
            vec![doc.clone()],
            vec![day(d(2026, 1, 7), DayKind::WorkedWeekend, "1/X")],
        );
        assert!(matches!(
            worked_wednesday,
            Err(ScheduleError::KindDoesNotFitWeekday { .. })
        ));
        let wrong_year = YearSchedule::official(
            2026,
            vec![doc.clone()],
            vec![day(d(2025, 1, 7), DayKind::DayOff, "1/X")],
        );
        assert!(matches!(wrong_year, Err(ScheduleError::WrongYear { .. })));
        let unknown = YearSchedule::official(
            2026,
            vec![doc.clone()],
            vec![day(d(2026, 1, 7), DayKind::DayOff, "2/Y")],
        );
        assert!(matches!(
            unknown,
            Err(ScheduleError::UnknownDocument { .. })
        ));
        let twice = YearSchedule::official(
            2026,
            vec![doc],
            vec![
                day(d(2026, 1, 7), DayKind::DayOff, "1/X"),
                day(d(2026, 1, 7), DayKind::Swapped, "1/X"),
            ],
        );
        assert!(matches!(twice, Err(ScheduleError::Duplicate(_))));
    }
}
