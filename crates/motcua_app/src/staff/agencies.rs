//! Agencies, their units and their staff (admin use cases).

use motcua_calendar::OfficeHours;
use motcua_db::agencies::{AgencyRow, UnitRow};
use motcua_db::users::UserRow;
use motcua_db::{DbConnection, agencies, is_unique_violation, users, utc, write_transaction};
use motcua_domain::{
    AgencyCode, EmailAddress, PersonName, Role, Violation, Violations, required_text,
};

use crate::app::{App, Services};
use crate::error::{AppError, AppResult, Reason};
use crate::hashing::hash_password;
use crate::staff::principal::Principal;

/// An agency as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyView {
    /// Identifier code.
    pub code: String,
    /// Its name, as printed on forms.
    pub name: String,
    /// The parent agency's code.
    pub parent_code: Option<String>,
    /// Office hours.
    pub office_hours: String,
}

/// A unit as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitView {
    /// Its id (a UUID).
    pub id: String,
    /// Its name, as printed on forms.
    pub name: String,
    /// Whether it is the one-stop section.
    pub one_stop: bool,
}

/// A staff member as the API shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserView {
    /// Its id (a UUID).
    pub id: String,
    /// Sign-in name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// What the user may do (`clerk`, `specialist`, `unit_head`, `leader`, `admin`, `system_admin`).
    pub role: Role,
    /// The agency it belongs to.
    pub agency: AgencyView,
    /// The unit the user works in, if any.
    pub unit: Option<UnitView>,
    /// Where warnings are e-mailed.
    pub email: Option<String>,
}

/// A colleague, as the pages' pickers and the API's list show them: staff
/// choose each other by name, never by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColleagueView {
    /// Its id (a UUID).
    pub id: String,
    /// Sign-in name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// What the user may do.
    pub role: Role,
    /// The unit the user works in, if any.
    pub unit: Option<UnitView>,
    /// Whether the user may sign in (a disabled user stays on the record
    /// of what they did).
    pub active: bool,
}

/// A new agency, parsed.
#[derive(Debug, Clone)]
pub struct NewAgency {
    /// Identifier code.
    pub code: AgencyCode,
    /// Its name, as printed on forms.
    pub name: String,
    /// Parent agency.
    pub parent: Option<AgencyCode>,
    /// Office hours.
    pub office_hours: OfficeHours,
}

impl NewAgency {
    /// Parses the fields of a request; office hours default to the usual ones.
    pub fn parse(
        code: &str,
        name: &str,
        parent: Option<&str>,
        office_hours: Option<&str>,
    ) -> Result<Self, Vec<Violation>> {
        let mut v = Violations::new();
        let code = v.check(AgencyCode::parse("code", code));
        let name = v.check(required_text("name", name, 300));
        let parent = match parent {
            Some(text) => v.check(AgencyCode::parse("parent_code", text)).map(Some),
            None => Some(None),
        };
        let office_hours = match office_hours {
            Some(text) => v.check(text.parse::<OfficeHours>().map_err(|e| {
                Violation::new("office_hours", "invalid_office_hours", e.to_string())
            })),
            None => Some(OfficeHours::default()),
        };
        v.finish(|| {
            Some(NewAgency {
                code: code?,
                name: name?,
                parent: parent?,
                office_hours: office_hours?,
            })
        })
    }
}

/// A new unit, parsed.
#[derive(Debug, Clone)]
pub struct NewUnit {
    /// Its name, as printed on forms.
    pub name: String,
    /// Whether it is the one-stop section.
    pub one_stop: bool,
}

impl NewUnit {
    /// Parses the fields of a request.
    pub fn parse(name: &str, one_stop: bool) -> Result<Self, Vec<Violation>> {
        Ok(NewUnit {
            name: required_text("name", name, 300).map_err(|v| vec![v])?,
            one_stop,
        })
    }
}

/// A new staff member, parsed.
#[derive(Clone)]
pub struct NewUser {
    /// Sign-in name.
    pub username: String,
    /// Password (hashed before it is stored).
    pub password: String,
    /// Full name.
    pub full_name: PersonName,
    /// Role (any but citizen).
    pub role: Role,
    /// The agency it belongs to.
    pub agency: AgencyCode,
    /// Unit of that agency.
    pub unit_id: Option<String>,
    /// Where warnings are e-mailed.
    pub email: Option<EmailAddress>,
}

// Written by hand so that a password never reaches a log through `{:?}`.
impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("role", &self.role)
            .field("agency", &self.agency)
            .field("unit_id", &self.unit_id)
            .finish_non_exhaustive()
    }
}

impl NewUser {
    /// Parses the fields of a request. Usernames are 3–64 characters of
    /// a–z, 0–9, `.`, `_` and `-`; passwords 8–256 characters.
    pub fn parse(
        username: &str,
        password: &str,
        full_name: &str,
        role: &str,
        agency: &str,
        unit_id: Option<&str>,
        email: Option<&str>,
    ) -> Result<Self, Vec<Violation>> {
        let mut v = Violations::new();
        let username_ok = (3..=64).contains(&username.len())
            && username.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            });
        if !username_ok {
            v.push(Violation::new(
                "username",
                "invalid_username",
                "3 to 64 characters of a-z, 0-9, '.', '_' and '-'",
            ));
        }
        if !(8..=256).contains(&password.chars().count()) {
            v.push(Violation::new(
                "password",
                "weak_password",
                "a password has 8 to 256 characters",
            ));
        }
        let full_name = v.check(PersonName::parse("full_name", full_name));
        let role = match role.parse::<Role>() {
            Ok(Role::Citizen) => {
                v.push(Violation::new(
                    "role",
                    "not_a_staff_role",
                    "citizens register themselves",
                ));
                None
            }
            Ok(role) => Some(role),
            Err(e) => {
                v.push(Violation::new("role", "unknown_role", e.to_string()));
                None
            }
        };
        let agency = v.check(AgencyCode::parse("agency_code", agency));
        let email = match email.filter(|e| !e.trim().is_empty()) {
            Some(text) => v.check(EmailAddress::parse("email", text)).map(Some),
            None => Some(None),
        };
        v.finish(|| {
            Some(NewUser {
                username: username.to_owned(),
                password: password.to_owned(),
                full_name: full_name?,
                role: role?,
                agency: agency?,
                unit_id: unit_id.map(str::to_owned),
                email: email?,
            })
        })
    }
}

pub(crate) fn agency_view(conn: &mut DbConnection, row: &AgencyRow) -> AppResult<AgencyView> {
    let parent_code = match &row.parent_id {
        Some(id) => agencies::by_id(conn, id)?.map(|p| p.code),
        None => None,
    };
    Ok(AgencyView {
        code: row.code.clone(),
        name: row.name.clone(),
        parent_code,
        office_hours: row.office_hours.clone(),
    })
}

fn unit_view(row: &UnitRow) -> UnitView {
    UnitView {
        id: row.id.clone(),
        name: row.name.clone(),
        one_stop: row.one_stop,
    }
}

pub(crate) fn user_view(conn: &mut DbConnection, row: &UserRow) -> AppResult<UserView> {
    let agency = agencies::by_id(conn, &row.agency_id)?
        .ok_or_else(|| AppError::unexpected("user view", "the user's agency is missing"))?;
    let unit = match &row.unit_id {
        Some(id) => agencies::unit_by_id(conn, id)?.map(|u| unit_view(&u)),
        None => None,
    };
    Ok(UserView {
        id: row.id.clone(),
        username: row.username.clone(),
        full_name: row.full_name.clone(),
        role: *row.role,
        agency: agency_view(conn, &agency)?,
        unit,
        email: row.email.clone(),
    })
}

/// The roles that administer agencies: an agency's administrator, within
/// their agency and the agencies under it, and the system administrator.
pub(crate) const ADMINISTRATORS: [Role; 2] = [Role::Admin, Role::SystemAdmin];

/// Agency trees are a few levels deep (province, district, commune); a chain
/// longer than this is a loop in the data, not a tree.
const DEEPEST_TREE: usize = 32;

/// Whether `principal` administers the agency `agency_id`: the system
/// administrator every agency, an agency's administrator their own and
/// every agency under it.
pub(crate) fn administers(
    conn: &mut DbConnection,
    principal: &Principal,
    agency_id: &str,
) -> AppResult<bool> {
    match principal.role {
        Role::SystemAdmin => return Ok(true),
        Role::Admin => {}
        _ => return Ok(false),
    }
    let mut current = Some(agency_id.to_owned());
    for _ in 0..DEEPEST_TREE {
        let Some(id) = current else {
            return Ok(false);
        };
        if id == principal.agency_id {
            return Ok(true);
        }
        current = agencies::by_id(conn, &id)?.and_then(|a| a.parent_id);
    }
    Err(AppError::unexpected(
        "agency tree",
        format!("the parents of agency {agency_id} go deeper than {DEEPEST_TREE} levels"),
    ))
}

/// Fails unless `principal` administers the agency `agency`.
pub(crate) fn require_administers(
    conn: &mut DbConnection,
    principal: &Principal,
    agency: &AgencyRow,
) -> AppResult<()> {
    if administers(conn, principal, &agency.id)? {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!(
            "you administer your own agency and the agencies under it, not {}",
            agency.code
        )))
    }
}

fn agency_by_code(conn: &mut DbConnection, code: &AgencyCode) -> AppResult<AgencyRow> {
    agencies::by_code(conn, code.as_str())?
        .ok_or_else(|| AppError::missing(Reason::NoSuchAgency, code))
}

impl Services {
    /// Adds an agency; with a principal, only under an agency they
    /// administer (a top-level agency: the system administrator only).
    pub(crate) fn insert_agency(
        &self,
        conn: &mut DbConnection,
        by: Option<&Principal>,
        new: &NewAgency,
    ) -> AppResult<AgencyView> {
        write_transaction(conn, |conn| {
            let parent = match &new.parent {
                Some(code) => Some(agencies::by_code(conn, code.as_str())?.ok_or_else(|| {
                    AppError::invalid(
                        "parent_code",
                        "unknown_agency",
                        format!("no agency with code {code}"),
                    )
                })?),
                None => None,
            };
            match (by, &parent) {
                (Some(principal), Some(parent)) => require_administers(conn, principal, parent)?,
                (Some(principal), None) if principal.role != Role::SystemAdmin => {
                    return Err(AppError::Forbidden(
                        "only the system administrator adds a top-level agency; give parent_code"
                            .into(),
                    ));
                }
                _ => {}
            }
            if agencies::by_code(conn, new.code.as_str())?.is_some() {
                return Err(AppError::Conflict(
                    Reason::AgencyExists,
                    format!("an agency with code {} exists", new.code),
                ));
            }
            let parent_id = parent.map(|p| p.id);
            let row = AgencyRow {
                id: uuid::Uuid::now_v7().to_string(),
                code: new.code.to_string(),
                name: new.name.clone(),
                parent_id,
                office_hours: new.office_hours.to_string(),
                created_at: utc(self.clock.now()),
            };
            agencies::insert(conn, &row)?;
            agency_view(conn, &row)
        })
    }

    pub(crate) fn insert_unit(
        &self,
        conn: &mut DbConnection,
        by: Option<&Principal>,
        agency: &AgencyCode,
        new: &NewUnit,
    ) -> AppResult<UnitView> {
        write_transaction(conn, |conn| {
            let agency = agency_by_code(conn, agency)?;
            if let Some(principal) = by {
                require_administers(conn, principal, &agency)?;
            }
            let row = UnitRow {
                id: uuid::Uuid::now_v7().to_string(),
                agency_id: agency.id,
                name: new.name.clone(),
                one_stop: new.one_stop,
                created_at: utc(self.clock.now()),
            };
            agencies::insert_unit(conn, &row).map_err(|e| {
                if is_unique_violation(&e) {
                    AppError::Conflict(
                        Reason::UnitExists,
                        format!("the agency already has a unit named {:?}", new.name),
                    )
                } else {
                    e.into()
                }
            })?;
            Ok(unit_view(&row))
        })
    }

    /// Adds a staff member; with a principal, only in an agency they
    /// administer, and never a system administrator.
    pub(crate) fn insert_user(
        &self,
        conn: &mut DbConnection,
        by: Option<&Principal>,
        new: &NewUser,
    ) -> AppResult<UserView> {
        if by.is_some() && new.role == Role::SystemAdmin {
            return Err(AppError::Forbidden(
                "a system administrator is made on the server: motcua user create --role system_admin"
                    .into(),
            ));
        }
        // Hash before the transaction: it takes tens of milliseconds.
        let password_hash = hash_password(&new.password)?;
        write_transaction(conn, |conn| {
            let agency = agencies::by_code(conn, new.agency.as_str())?.ok_or_else(|| {
                AppError::invalid(
                    "agency_code",
                    "unknown_agency",
                    format!("no agency with code {}", new.agency),
                )
            })?;
            if let Some(principal) = by {
                require_administers(conn, principal, &agency)?;
            }
            if users::by_username(conn, &new.username)?.is_some() {
                return Err(AppError::Conflict(
                    Reason::UsernameTaken,
                    format!("the username {:?} is taken", new.username),
                ));
            }
            if let Some(unit_id) = &new.unit_id
                && agencies::unit_by_id(conn, unit_id)?.is_none_or(|u| u.agency_id != agency.id)
            {
                return Err(AppError::invalid(
                    "unit_id",
                    "unknown_unit",
                    "no such unit in that agency",
                ));
            }
            let now = utc(self.clock.now());
            let row = UserRow {
                id: uuid::Uuid::now_v7().to_string(),
                username: new.username.clone(),
                password_hash,
                full_name: new.full_name.as_str().to_owned(),
                role: new.role.into(),
                agency_id: agency.id,
                unit_id: new.unit_id.clone(),
                active: true,
                created_at: now,
                updated_at: now,
                email: new.email.as_ref().map(|e| e.as_str().to_owned()),
            };
            users::insert(conn, &row).map_err(|e| {
                if is_unique_violation(&e) {
                    AppError::Conflict(
                        Reason::UsernameTaken,
                        format!("the username {:?} is taken", new.username),
                    )
                } else {
                    e.into()
                }
            })?;
            user_view(conn, &row)
        })
    }
}

impl App {
    /// Adds an agency under one the principal administers (admin), or at
    /// the top (system administrator).
    pub async fn create_agency(
        &self,
        principal: Principal,
        new: NewAgency,
    ) -> AppResult<AgencyView> {
        principal.require(&ADMINISTRATORS)?;
        self.blocking(move |s| s.insert_agency(&mut *s.db.get()?, Some(&principal), &new))
            .await
    }

    /// Adds an agency without a principal: for the command line, whose user
    /// is the operator of the machine.
    pub async fn create_agency_as_operator(&self, new: NewAgency) -> AppResult<AgencyView> {
        self.blocking(move |s| s.insert_agency(&mut *s.db.get()?, None, &new))
            .await
    }

    /// Every agency (public).
    pub async fn list_agencies(&self) -> AppResult<Vec<AgencyView>> {
        self.blocking(|s| {
            let mut conn = s.db.get()?;
            let rows = agencies::all(&mut conn)?;
            let codes: std::collections::HashMap<String, String> = rows
                .iter()
                .map(|r| (r.id.clone(), r.code.clone()))
                .collect();
            Ok(rows
                .iter()
                .map(|r| AgencyView {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    parent_code: r.parent_id.as_ref().and_then(|id| codes.get(id).cloned()),
                    office_hours: r.office_hours.clone(),
                })
                .collect())
        })
        .await
    }

    /// Adds a unit to an agency the principal administers.
    pub async fn create_unit(
        &self,
        principal: Principal,
        agency: AgencyCode,
        new: NewUnit,
    ) -> AppResult<UnitView> {
        principal.require(&ADMINISTRATORS)?;
        self.blocking(move |s| s.insert_unit(&mut *s.db.get()?, Some(&principal), &agency, &new))
            .await
    }

    /// The units of an agency (public).
    pub async fn list_units(&self, agency: AgencyCode) -> AppResult<Vec<UnitView>> {
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let agency = agency_by_code(&mut conn, &agency)?;
            Ok(agencies::units_of(&mut conn, &agency.id)?
                .iter()
                .map(unit_view)
                .collect())
        })
        .await
    }

    /// The staff of an agency, by name: its own staff see their colleagues
    /// (to assign and hand over), its administrators and those of the
    /// agencies above it see whom they administer; anyone else 403.
    pub async fn list_users(
        &self,
        principal: Principal,
        agency: AgencyCode,
    ) -> AppResult<Vec<ColleagueView>> {
        if !principal.role.is_staff() {
            return Err(AppError::Forbidden(
                "the staff of an agency are listed to staff".into(),
            ));
        }
        self.blocking(move |s| {
            let mut conn = s.db.get()?;
            let agency = agency_by_code(&mut conn, &agency)?;
            if agency.id != principal.agency_id && !administers(&mut conn, &principal, &agency.id)?
            {
                return Err(AppError::Forbidden(format!(
                    "the staff of agency {} are listed to its own staff and its administrators",
                    agency.code
                )));
            }
            let units: std::collections::HashMap<String, UnitView> =
                agencies::units_of(&mut conn, &agency.id)?
                    .iter()
                    .map(|u| (u.id.clone(), unit_view(u)))
                    .collect();
            Ok(users::of_agency(&mut conn, &agency.id)?
                .into_iter()
                .map(|row| ColleagueView {
                    unit: row.unit_id.as_ref().and_then(|id| units.get(id).cloned()),
                    id: row.id,
                    username: row.username,
                    full_name: row.full_name,
                    role: *row.role,
                    active: row.active,
                })
                .collect())
        })
        .await
    }

    /// Adds a staff member to an agency the principal administers.
    pub async fn create_user(&self, principal: Principal, new: NewUser) -> AppResult<UserView> {
        principal.require(&ADMINISTRATORS)?;
        self.blocking(move |s| s.insert_user(&mut *s.db.get()?, Some(&principal), &new))
            .await
    }

    /// Adds a staff member without a principal: for `motcua user create`,
    /// which makes the first administrator.
    pub async fn create_user_as_operator(&self, new: NewUser) -> AppResult<UserView> {
        self.blocking(move |s| s.insert_user(&mut *s.db.get()?, None, &new))
            .await
    }
}
