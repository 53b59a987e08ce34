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

/// `GET /api/v1/apologies` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwaitingQuery {
    pub(crate) state: Option<String>,
}

impl AwaitingQuery {
    /// The state asked for: `draft`, `completed` or `signed`.
    pub(crate) fn state(
        &self,
    ) -> Result<motcua_domain::ApologyState, Vec<motcua_domain::Violation>> {
        use motcua_domain::Violation;
        match self.state.as_deref() {
            None => Err(vec![Violation::new(
                "state",
                "required",
                "draft, completed or signed",
            )]),
            Some(text) => text
                .parse()
                .map_err(|e: motcua_domain::UnknownApologyState| {
                    vec![Violation::new("state", "unknown_state", e.to_string())]
                }),
        }
    }
}
