//! Request bodies and query strings of `routes::agencies`, and what each becomes.

/// `POST /api/v1/agencies` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyRequest {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) parent_code: Option<String>,
    pub(crate) office_hours: Option<String>,
}

/// `POST /api/v1/agencies/{code}/units` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitRequest {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) one_stop: bool,
}

/// `POST /api/v1/users` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRequest {
    pub(crate) username: String,
    pub(crate) password: String,
    pub(crate) full_name: String,
    pub(crate) role: String,
    pub(crate) agency_code: String,
    pub(crate) unit_id: Option<String>,
    pub(crate) email: Option<String>,
}
