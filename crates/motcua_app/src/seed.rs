//! Demo data: an agency tree, units, one user per staff role and a catalogue
//! of real procedures (`seed/demo_catalogue.json`, sources inside), written
//! only into an empty database.

use chrono::NaiveDate;
use motcua_calendar::{OfficeHours, VIETNAM_OFFSET};
use motcua_db::{DbConnection, agencies, procedures, users, write_transaction};
use motcua_domain::{
    AgencyCode, Applicant, ApplicantFields, CopyType, NoticePreferences, PersonName, ProcedureCode,
    ProcedureDefinition, ResultDelivery, Role, SubmittedDocument,
};
use serde::Deserialize;
use std::collections::HashMap;

use crate::app::{App, Services};
use crate::catalogue::procedures::{ProcedureDraft, definition_of};
use crate::dossiers::intake::{IntakeCommand, Reception};
use crate::error::{AppError, AppResult};
use crate::staff::agencies::{NewAgency, NewUnit, NewUser};

const CATALOGUE: &str = include_str!("../seed/demo_catalogue.json");

/// The demo users: (username, full name, role, agency key, unit key). The
/// ward has one of each staff role; the installation's administrator sits
/// at the city.
pub const DEMO_USERS: [(&str, &str, Role, &str, Option<&str>); 6] = [
    (
        "admin",
        "Trần Quốc Huy",
        Role::Admin,
        "ward",
        Some("office"),
    ),
    (
        "clerk",
        "Nguyễn Thị Lan",
        Role::Clerk,
        "ward",
        Some("one_stop"),
    ),
    (
        "specialist",
        "Lê Văn Minh",
        Role::Specialist,
        "ward",
        Some("economy"),
    ),
    (
        "unit_head",
        "Phạm Thu Hà",
        Role::UnitHead,
        "ward",
        Some("economy"),
    ),
    (
        "leader",
        "Hoàng Đức Thắng",
        Role::Leader,
        "ward",
        Some("office"),
    ),
    (
        "sysadmin",
        "Đặng Minh Quân",
        Role::SystemAdmin,
        "province",
        None,
    ),
];

#[derive(Deserialize)]
struct Catalogue {
    effective_from: NaiveDate,
    agencies: HashMap<String, serde_json::Value>,
    procedures: Vec<SeedProcedure>,
}

#[derive(Deserialize)]
struct SeedAgency {
    code: String,
    name: String,
    parent: Option<String>,
}

#[derive(Deserialize)]
struct SeedProcedure {
    code: String,
    agencies: Vec<String>,
    definition: ProcedureDefinition,
}

/// What seeding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The demo data was written.
    Seeded {
        /// Agencies added.
        agencies: usize,
        /// Users added.
        users: usize,
        /// Procedures added.
        procedures: usize,
    },
    /// The database already holds agencies or users: nothing was written.
    NotEmpty,
}

fn parse<T>(result: Result<T, Vec<motcua_domain::Violation>>) -> AppResult<T> {
    result.map_err(|v| AppError::unexpected("demo catalogue", format!("{v:?}")))
}

impl App {
    /// Writes the demo data into an empty database, every user with
    /// `password`, in one transaction. The demo password is exempt from the
    /// password rules: it is meant to be typed in a demonstration.
    pub async fn seed_demo(&self, password: String) -> AppResult<SeedOutcome> {
        let catalogue: Catalogue = serde_json::from_str(CATALOGUE)
            .map_err(|e| AppError::unexpected("demo catalogue", e))?;
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            write_transaction(&mut conn, |conn| {
                if agencies::count(conn)? > 0 || users::count(conn)? > 0 {
                    return Ok(SeedOutcome::NotEmpty);
                }
                let codes = seed_agencies(s, conn, &catalogue)?;
                let units = seed_units(s, conn, &codes)?;
                seed_users(s, conn, &codes, &units, &password)?;
                seed_procedures(s, conn, &codes, &catalogue)?;
                Ok(SeedOutcome::Seeded {
                    agencies: codes.len(),
                    users: DEMO_USERS.len(),
                    procedures: catalogue.procedures.len(),
                })
            })
        })
        .await
    }
}

/// The demo agencies, parents first (the file lists the province before its
/// wards); their codes by the file's keys.
fn seed_agencies(
    s: &Services,
    conn: &mut DbConnection,
    catalogue: &Catalogue,
) -> AppResult<HashMap<String, AgencyCode>> {
    let mut keys: Vec<&String> = catalogue
        .agencies
        .keys()
        .filter(|k| *k != "about")
        .collect();
    keys.sort_by_key(|k| catalogue.agencies[*k].get("parent").is_some());
    let mut codes = HashMap::new();
    for key in keys {
        let agency: SeedAgency = serde_json::from_value(catalogue.agencies[key].clone())
            .map_err(|e| AppError::unexpected("demo agency", e))?;
        let parent = agency
            .parent
            .as_ref()
            .and_then(|p| codes.get(p))
            .map(|c: &AgencyCode| c.to_string());
        let new = parse(NewAgency::parse(
            &agency.code,
            &agency.name,
            parent.as_deref(),
            None,
        ))?;
        s.insert_agency(conn, None, &new)?;
        codes.insert(key.clone(), new.code);
    }
    Ok(codes)
}

/// The demo units of the ward and the police; their ids by key.
fn seed_units(
    s: &Services,
    conn: &mut DbConnection,
    codes: &HashMap<String, AgencyCode>,
) -> AppResult<HashMap<&'static str, String>> {
    let agency = |key: &str| {
        codes
            .get(key)
            .cloned()
            .ok_or_else(|| AppError::unexpected("demo catalogue", format!("no {key}")))
    };
    let (ward, police) = (agency("ward")?, agency("police")?);
    let mut units = HashMap::new();
    for (key, agency, name, one_stop) in [
        (
            "one_stop",
            &ward,
            "Trung tâm Phục vụ hành chính công phường",
            true,
        ),
        ("economy", &ward, "Phòng Kinh tế, Hạ tầng và Đô thị", false),
        ("office", &ward, "Văn phòng HĐND và UBND", false),
        (
            "police_desk",
            &police,
            "Bộ phận tiếp nhận và trả kết quả",
            true,
        ),
    ] {
        let unit = s.insert_unit(conn, None, agency, &parse(NewUnit::parse(name, one_stop))?)?;
        units.insert(key, unit.id);
    }
    Ok(units)
}

/// The demo users, every one with `password`.
fn seed_users(
    s: &Services,
    conn: &mut DbConnection,
    codes: &HashMap<String, AgencyCode>,
    units: &HashMap<&'static str, String>,
    password: &str,
) -> AppResult<()> {
    for (username, full_name, role, agency, unit) in DEMO_USERS {
        let agency = codes.get(agency).cloned().ok_or_else(|| {
            AppError::unexpected("demo catalogue", "a demo user's agency is missing")
        })?;
        let new = NewUser {
            username: username.into(),
            password: password.to_owned(),
            full_name: parse(PersonName::parse("full_name", full_name).map_err(|v| vec![v]))?,
            role,
            agency,
            unit_id: unit.and_then(|u| units.get(u).cloned()),
            email: None,
        };
        s.insert_user(conn, None, &new)?;
    }
    Ok(())
}

/// The demo procedures, handled by the agencies the file names.
fn seed_procedures(
    s: &Services,
    conn: &mut DbConnection,
    codes: &HashMap<String, AgencyCode>,
    catalogue: &Catalogue,
) -> AppResult<()> {
    for procedure in &catalogue.procedures {
        let code = parse(ProcedureCode::parse("code", &procedure.code).map_err(|v| vec![v]))?;
        let agencies: Vec<String> = procedure
            .agencies
            .iter()
            .filter_map(|key| codes.get(key).map(ToString::to_string))
            .collect();
        let draft = parse(ProcedureDraft::parse(
            catalogue.effective_from,
            &agencies,
            procedure.definition.clone(),
        ))?;
        s.publish_procedure(conn, &code, &draft, None)?;
    }
    Ok(())
}

/// Where [`App::seed_dossiers`] put its dossiers, so that a load generator can
/// ask for codes that exist.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoadData {
    /// The agency that received them.
    pub agency: String,
    /// The days (yymmdd), most recent first.
    pub days: Vec<String>,
    /// Dossiers per day (the last day may have fewer: see `total`).
    pub per_day: u32,
    /// How many were written.
    pub total: u32,
}

impl App {
    /// Writes `count` received dossiers of the demo ward on the working days
    /// before today, `per_day` a day (at most 5,000, so codes keep four
    /// digits), each recorded exactly as counter intake records one: same
    /// sequence, same calendar, same rows. For benchmarks; needs the demo
    /// data.
    pub async fn seed_dossiers(&self, count: u32, per_day: u32) -> AppResult<LoadData> {
        const BATCH: u32 = 1_000;
        let per_day = per_day.clamp(1, 5_000);
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let missing = || {
                AppError::invalid(
                    "demo",
                    "missing_demo_data",
                    "seed the demo data first (motcua seed --demo)",
                )
            };
            let agency = agencies::by_code(&mut conn, "000.25.01.H26")?.ok_or_else(missing)?;
            let clerk = users::by_username(&mut conn, "clerk")?.ok_or_else(missing)?;
            let procedure = procedures::by_code(&mut conn, "1.001612")?.ok_or_else(missing)?;
            let today = s.today();
            let version = procedures::version_in_force(&mut conn, &procedure.id, today)?
                .ok_or_else(missing)?;
            let definition = definition_of(&version)?;
            let hours: OfficeHours = agency
                .office_hours
                .parse()
                .map_err(|e| AppError::unexpected("office hours", e))?;
            let calendar = s.calendars.for_hours(&hours);
            let command = load_command(&procedure.code)?;

            let reception = Reception {
                agency: &agency,
                version: &version,
                definition: &definition,
                clerk: Some(&clerk),
                command: &command,
                refusal: None,
                at: opening_of(today)?,
            };
            let mut days = Vec::new();
            let mut date = today;
            let mut written = 0u32;
            while written < count {
                date = date
                    .pred_opt()
                    .ok_or_else(|| AppError::unexpected("seed", "ran out of days"))?;
                if !calendar
                    .is_working_day(date)
                    .map_err(|e| AppError::unexpected("calendar", e))?
                {
                    continue;
                }
                let day_count = per_day.min(count - written);
                let opening = opening_of(date)?;
                let mut done = 0;
                while done < day_count {
                    let batch = BATCH.min(day_count - done);
                    write_transaction(&mut conn, |conn| -> AppResult<()> {
                        for i in done..done + batch {
                            // Spread over the working day, a few seconds apart.
                            let at = opening + chrono::TimeDelta::seconds(i64::from(i * 5));
                            let reception = Reception {
                                at,
                                ..reception.clone()
                            };
                            s.record_reception(conn, &reception)?;
                        }
                        Ok(())
                    })?;
                    done += batch;
                }
                written += day_count;
                days.push(date.format("%y%m%d").to_string());
            }
            Ok(LoadData {
                agency: agency.code,
                days,
                per_day,
                total: written,
            })
        })
        .await
    }
}

/// 07:30 in Vietnam on `date`, when the counter opens.
fn opening_of(date: NaiveDate) -> AppResult<chrono::DateTime<chrono::Utc>> {
    date.and_hms_opt(7, 30, 0)
        .and_then(|t| t.and_local_timezone(VIETNAM_OFFSET).single())
        .map(|t| t.to_utc())
        .ok_or_else(|| AppError::unexpected("seed", "no opening time"))
}

/// A simple counter dossier of procedure `code`: one original document,
/// result at the counter, no notices.
fn load_command(code: &str) -> AppResult<IntakeCommand> {
    let applicant = Applicant::parse(&ApplicantFields {
        full_name: "Nguyễn Văn Thử",
        id_number: Some("001203004567"),
        address: "Phường Ba Đình, Hà Nội",
        ..Default::default()
    })
    .map_err(|v| AppError::unexpected("load applicant", format!("{v:?}")))?;
    Ok(IntakeCommand {
        procedure_code: ProcedureCode::parse("code", code)
            .map_err(|v| AppError::unexpected("code", v))?,
        applicant,
        documents: vec![SubmittedDocument {
            index: 0,
            copy_type: CopyType::Original,
            count: 1,
        }],
        result_delivery: ResultDelivery::Counter,
        supplement_requests: Vec::new(),
        refusal_reasons: Vec::new(),
        notices: NoticePreferences::default(),
        arrived_by_post_at: None,
    })
}
