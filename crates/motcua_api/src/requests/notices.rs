//! Request bodies and query strings of `routes::notices`, and what each becomes.

use motcua_app::NoticeQuery;
use motcua_domain::{DossierCode, NoticeState, Violation, Violations};

/// `GET /api/v1/notices` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub(crate) state: Option<String>,
    pub(crate) dossier: Option<String>,
    pub(crate) mine: Option<bool>,
    pub(crate) limit: Option<i64>,
    pub(crate) offset: Option<i64>,
}

impl TryFrom<ListQuery> for NoticeQuery {
    type Error = Vec<Violation>;

    fn try_from(q: ListQuery) -> Result<Self, Self::Error> {
        let mut v = Violations::new();
        let state = q.state.as_deref().and_then(|state| {
            v.check(
                state
                    .parse::<NoticeState>()
                    .map_err(|e| Violation::new("state", "unknown_state", e.to_string())),
            )
        });
        let dossier = q
            .dossier
            .as_deref()
            .and_then(|code| v.check(DossierCode::parse("dossier", code)));
        let limit = q.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            v.push(Violation::new("limit", "out_of_range", "1 to 200"));
        }
        let offset = q.offset.unwrap_or(0);
        if !(0..=1_000_000).contains(&offset) {
            v.push(Violation::new("offset", "out_of_range", "0 to 1000000"));
        }
        v.finish(|| {
            Some(NoticeQuery {
                state,
                dossier,
                mine: q.mine.unwrap_or(false),
                limit,
                offset,
            })
        })
    }
}
