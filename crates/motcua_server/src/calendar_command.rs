//! `motcua calendar ...`: the answers the HTTP API will give under
//! `/api/v1/calendar`, from the command line.

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};
use motcua_calendar::{
    DueExplanation, OfficeHours, ProcessingTime, VIETNAM_OFFSET, WorkingCalendar, YearReport,
    bundled, lunar,
};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Every weekday that is not worked and every weekend day that is.
    Year {
        /// The year, 1900–2199.
        #[arg(value_parser = clap::value_parser!(i32).range(1900..=2199))]
        year: i32,
        #[command(flatten)]
        output: Output,
    },
    /// The due instant of a processing time, and the days it skipped.
    Due(DueArgs),
    /// The lunar date of a civil date (YYYY-MM-DD).
    Lunar {
        /// The civil date, 1900-01-01 to 2199-12-31.
        date: NaiveDate,
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Debug, Args)]
pub struct Output {
    /// Print JSON (the shape the HTTP API returns).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("time").required(true).args(["working_days", "working_hours"])))]
pub struct DueArgs {
    /// When the clock starts (RFC 3339, e.g. 2026-02-13T16:30:00+07:00).
    #[arg(long, value_parser = parse_instant)]
    from: DateTime<Utc>,
    /// Processing time in working days.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=1000))]
    working_days: Option<u32>,
    /// Processing time in working hours.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=8000))]
    working_hours: Option<u32>,
    /// Office hours of the agency.
    #[arg(long, default_value = "07:30-11:30,13:00-17:00")]
    office_hours: OfficeHours,
    #[command(flatten)]
    output: Output,
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.to_utc())
        .map_err(|e| format!("{e}; expected RFC 3339 such as 2026-02-13T16:30:00+07:00"))
}

fn calendar(office_hours: OfficeHours) -> Result<WorkingCalendar, String> {
    bundled::vietnam(office_hours).map_err(|e| e.to_string())
}

fn json(out: &mut impl Write, value: &impl Serialize) -> Result<(), String> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| e.to_string())?;
    writeln!(out).map_err(|e| e.to_string())
}

/// Runs a calendar command, writing its answer to `out`; the error is one line.
pub fn run(command: CalendarCommand, out: &mut impl Write) -> Result<(), String> {
    match command {
        CalendarCommand::Year { year, output } => {
            let report = calendar(OfficeHours::default())?
                .year_report(year)
                .map_err(|e| e.to_string())?;
            if output.json {
                json(out, &report)
            } else {
                print_year(out, &report).map_err(|e| e.to_string())
            }
        }
        CalendarCommand::Due(args) => {
            let time = match (args.working_days, args.working_hours) {
                (Some(days), _) => ProcessingTime::WorkingDays(days),
                (None, Some(hours)) => ProcessingTime::WorkingHours(hours),
                (None, None) => return Err("give --working-days or --working-hours".into()),
            };
            let due = calendar(args.office_hours)?
                .explain_due(args.from, time, &[])
                .map_err(|e| e.to_string())?;
            if args.output.json {
                json(out, &due)
            } else {
                print_due(out, &due).map_err(|e| e.to_string())
            }
        }
        CalendarCommand::Lunar { date, output } => {
            let day = lunar::lunar_day(date).map_err(|e| e.to_string())?;
            if output.json {
                json(out, &day)
            } else {
                let leap = if day.lunar.leap { " nhuận" } else { "" };
                writeln!(
                    out,
                    "{date}: ngày {} tháng {}{leap} năm {} ({})",
                    day.lunar.day, day.lunar.month, day.year_name, day.lunar.year
                )
                .map_err(|e| e.to_string())
            }
        }
    }
}

fn print_year(out: &mut impl Write, report: &YearReport) -> std::io::Result<()> {
    writeln!(out, "{} ({} schedule)", report.year, report.source)?;
    for day in &report.days {
        let status = if day.working { "worked" } else { "off" };
        let document = day.document.as_deref().unwrap_or("");
        writeln!(
            out,
            "{} {}  {status:<6}  {}  [{document}]",
            day.date,
            day.date.format("%a"),
            day.reason
        )?;
    }
    if !report.documents.is_empty() {
        writeln!(out, "Documents:")?;
        for doc in &report.documents {
            let date = doc.date.map(|d| format!(", {d}")).unwrap_or_default();
            writeln!(out, "  {} ({}{date}): {}", doc.id, doc.issuer, doc.title)?;
        }
    }
    Ok(())
}

fn print_due(out: &mut impl Write, due: &DueExplanation) -> std::io::Result<()> {
    let local = |t: DateTime<Utc>| {
        t.with_timezone(&VIETNAM_OFFSET)
            .format("%Y-%m-%d %H:%M (%a)")
            .to_string()
    };
    writeln!(
        out,
        "Due:           {}  [{}]",
        local(due.due),
        due.due.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )?;
    writeln!(out, "Clock started: {}", local(due.clock_started))?;
    if due.skipped.is_empty() {
        writeln!(out, "No day skipped.")?;
    } else {
        writeln!(out, "Skipped:")?;
        for day in &due.skipped {
            writeln!(
                out,
                "  {} {}  {}",
                day.date,
                day.date.format("%a"),
                day.reason
            )?;
        }
    }
    Ok(())
}
