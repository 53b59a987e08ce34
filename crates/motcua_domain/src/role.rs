//! Who does what (DOMAIN.md, "People who use it").

use std::fmt;
use std::str::FromStr;

/// A user's role. Every action is authorised on the server against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A person or organisation (công dân, tổ chức).
    Citizen,
    /// One-stop-section officer (công chức Bộ phận Một cửa): intake, results.
    Clerk,
    /// Processing officer (chuyên viên thụ lý).
    Specialist,
    /// Head of a processing unit (lãnh đạo phòng).
    UnitHead,
    /// Head of the agency (thủ trưởng cơ quan).
    Leader,
    /// An agency's administrator: the units, staff and sub-agencies of
    /// their agency and the agencies under it, and the procedures those
    /// agencies handle.
    Admin,
    /// The installation's administrator (quản trị hệ thống): what an agency
    /// administrator does, for every agency, and top-level agencies. Made
    /// only on the server's command line (`motcua user create`), never
    /// through the API.
    SystemAdmin,
}

impl Role {
    /// Every role, in the order of the table in DOMAIN.md.
    pub const ALL: [Role; 7] = [
        Role::Citizen,
        Role::Clerk,
        Role::Specialist,
        Role::UnitHead,
        Role::Leader,
        Role::Admin,
        Role::SystemAdmin,
    ];

    /// The role's name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Clerk => "clerk",
            Role::Specialist => "specialist",
            Role::UnitHead => "unit_head",
            Role::Leader => "leader",
            Role::Admin => "admin",
            Role::SystemAdmin => "system_admin",
        }
    }

    /// The role in Vietnamese, as forms and pages name it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Citizen => "Công dân, tổ chức",
            Role::Clerk => "Cán bộ Bộ phận Một cửa",
            Role::Specialist => "Chuyên viên",
            Role::UnitHead => "Trưởng đơn vị",
            Role::Leader => "Lãnh đạo cơ quan",
            Role::Admin => "Quản trị cơ quan",
            Role::SystemAdmin => "Quản trị hệ thống",
        }
    }

    /// Whether the role belongs to an agency's staff.
    pub fn is_staff(self) -> bool {
        self != Role::Citizen
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role {0:?}: expected one of citizen, clerk, specialist, unit_head, leader, admin, system_admin"
)]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| UnknownRole(text.to_owned()))
    }
}
