//! Request bodies and query strings of `routes::apologies`, and what each becomes.

/// `POST /api/v1/dossiers/{code}/apologies` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApologyRequest {
    pub(crate) reason: String,
    pub(crate) new_due_at: String,
}

/// `GET …/apologies/{id}` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeQuery {
    pub(crate) format: Option<String>,
}
