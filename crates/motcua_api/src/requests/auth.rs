//! Request bodies and query strings of `routes::auth`, and what each becomes.

/// `POST /api/v1/auth/login` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub(crate) username: String,
    pub(crate) password: String,
}

/// `POST /api/v1/auth/refresh` and `/logout` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub(crate) refresh_token: String,
}
