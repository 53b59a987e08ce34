//! Agencies, units, users and sign-in tokens, as the API answers them.

use motcua_domain::Role;

/// An agency as the API shows it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct AgencyResponse {
    /// Identifier code.
    pub(crate) code: String,
    /// Its name, as printed on forms.
    pub(crate) name: String,
    /// The parent agency's code.
    pub(crate) parent_code: Option<String>,
    /// Office hours.
    pub(crate) office_hours: String,
}

impl From<motcua_app::AgencyView> for AgencyResponse {
    fn from(view: motcua_app::AgencyView) -> Self {
        AgencyResponse {
            code: view.code,
            name: view.name,
            parent_code: view.parent_code,
            office_hours: view.office_hours,
        }
    }
}

/// A unit as the API shows it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct UnitResponse {
    /// Its id (a UUID).
    pub(crate) id: String,
    /// Its name, as printed on forms.
    pub(crate) name: String,
    /// Whether it is the one-stop section.
    pub(crate) one_stop: bool,
}

impl From<motcua_app::UnitView> for UnitResponse {
    fn from(view: motcua_app::UnitView) -> Self {
        UnitResponse {
            id: view.id,
            name: view.name,
            one_stop: view.one_stop,
        }
    }
}

/// A staff member as the API shows them.
#[derive(Debug, serde::Serialize)]
pub(crate) struct UserResponse {
    /// Its id (a UUID).
    pub(crate) id: String,
    /// Sign-in name.
    pub(crate) username: String,
    /// Full name.
    pub(crate) full_name: String,
    /// What the user may do (`clerk`, `specialist`, `unit_head`, `leader`, `admin`, `system_admin`).
    pub(crate) role: Role,
    /// The agency it belongs to.
    pub(crate) agency: AgencyResponse,
    /// The unit the user works in, if any.
    pub(crate) unit: Option<UnitResponse>,
    /// Where warnings are e-mailed.
    pub(crate) email: Option<String>,
}

impl From<motcua_app::UserView> for UserResponse {
    fn from(view: motcua_app::UserView) -> Self {
        UserResponse {
            id: view.id,
            username: view.username,
            full_name: view.full_name,
            role: view.role,
            agency: view.agency.into(),
            unit: view.unit.map(Into::into),
            email: view.email,
        }
    }
}

/// A colleague in an agency's list of staff.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ColleagueResponse {
    /// Its id (a UUID).
    pub(crate) id: String,
    /// Sign-in name.
    pub(crate) username: String,
    /// Full name.
    pub(crate) full_name: String,
    /// What the user may do.
    pub(crate) role: Role,
    /// The unit the user works in, if any.
    pub(crate) unit: Option<UnitResponse>,
    /// Whether the user may sign in.
    pub(crate) active: bool,
}

impl From<motcua_app::ColleagueView> for ColleagueResponse {
    fn from(view: motcua_app::ColleagueView) -> Self {
        ColleagueResponse {
            id: view.id,
            username: view.username,
            full_name: view.full_name,
            role: view.role,
            unit: view.unit.map(Into::into),
            active: view.active,
        }
    }
}

/// What a sign-in or a refresh gives.
#[derive(Debug, serde::Serialize)]
pub(crate) struct TokenPairResponse {
    /// The JWT to send as `Authorization: Bearer ...`.
    pub(crate) access_token: String,
    /// Always `Bearer`.
    pub(crate) token_type: &'static str,
    /// Seconds the access token works.
    pub(crate) expires_in: i64,
    /// The token to get the next pair with, once.
    pub(crate) refresh_token: String,
    /// Seconds the refresh token works.
    pub(crate) refresh_expires_in: i64,
    /// Who signed in.
    pub(crate) user: UserResponse,
}

impl From<motcua_app::TokenPair> for TokenPairResponse {
    fn from(view: motcua_app::TokenPair) -> Self {
        TokenPairResponse {
            access_token: view.access_token,
            token_type: view.token_type,
            expires_in: view.expires_in,
            refresh_token: view.refresh_token,
            refresh_expires_in: view.refresh_expires_in,
            user: view.user.into(),
        }
    }
}
