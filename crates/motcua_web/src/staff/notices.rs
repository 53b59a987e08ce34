//! The notices that went out (`/can-bo/thong-bao`): the e-mail and text
//! messages to applicants and staff, newest first, by state, with the
//! failed ones sent again in one click; and a dossier's own on its page.
//! The one-stop section and the leaders see the agency's, everyone else
//! their own (the use case decides).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, AppError, NoticeQuery, NoticeView, Reason, StaffOnPage};
use motcua_domain::{DossierCode, NoticeState, Role, format_date_time};

use super::{OnDuty, PREFIX, Section, StaffFrame};
use crate::csrf::{self, FormToken};
use crate::messages::Lang;
use crate::messages::staff::StaffMessages;
use crate::pages::{segment, with_query};
use crate::{WebError, see_other};

/// How many notices a page shows.
const PAGE_SIZE: i64 = 50;
/// The furthest page offered: the outbox keeps everything, a person reads
/// the recent part.
const MAX_OFFSET: i64 = 100_000;

/// The list's address: `?trang-thai=failed&tu=50`, and the banner after a
/// resend.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticesQuery {
    #[serde(default, rename = "trang-thai")]
    state: String,
    #[serde(default)]
    tu: String,
    #[serde(default)]
    tb: String,
}

/// One line of a list of notices.
pub(super) struct NoticeLine {
    pub(super) id: String,
    pub(super) when: String,
    pub(super) kind: &'static str,
    pub(super) dossier: Option<(String, String)>,
    pub(super) to: String,
    pub(super) state: &'static str,
    pub(super) state_class: &'static str,
    pub(super) attempts: String,
    pub(super) error: Option<String>,
    pub(super) resend: bool,
}

/// How a list of notices names and links what it shows.
pub(super) struct Names {
    /// The agency's staff by id, to name the one a warning went to.
    people: HashMap<String, String>,
    /// Whether each line links its dossier (not on the dossier's own page).
    link_dossier: bool,
    /// Whether this person may send a failed notice again.
    overseer: bool,
}

impl Names {
    /// What naming `notices` needs: the agency's staff only when one of
    /// them went to a member of staff (a dossier's own are mostly the
    /// applicant's, and its page should not read the agency's staff for
    /// nothing).
    pub(super) async fn load(
        app: &App,
        staff: &StaffOnPage,
        notices: &[NoticeView],
        link_dossier: bool,
    ) -> Result<Names, WebError> {
        let people = if notices.iter().any(|n| n.recipient_user_id.is_some()) {
            super::colleagues(app, staff)
                .await?
                .people
                .into_iter()
                .map(|p| (p.id, p.full_name))
                .collect()
        } else {
            HashMap::new()
        };
        Ok(Names {
            people,
            link_dossier,
            overseer: oversees(staff.principal.role),
        })
    }
}

/// A notice as a line of the lists.
pub(super) fn line(s: &StaffMessages, n: NoticeView, names: &Names) -> NoticeLine {
    let who = match &n.recipient_user_id {
        Some(id) => match names.people.get(id) {
            Some(name) => format!("{} {name}", s.to_staff),
            None => s.to_staff.to_owned(),
        },
        None => s.to_applicant.to_owned(),
    };
    let to = match &n.address {
        Some(address) => format!("{who}: {} {address}", (s.notice_channels)(n.channel)),
        None => format!("{who}: {}", (s.notice_channels)(n.channel)),
    };
    let resend = names.overseer && n.state == NoticeState::Failed && n.dossier_code.is_some();
    NoticeLine {
        when: format_date_time(n.sent_at.unwrap_or(n.created_at)),
        kind: (s.notice_kinds)(n.kind),
        dossier: n
            .dossier_code
            .filter(|_| names.link_dossier)
            .map(|code| (format!("{PREFIX}/ho-so/{}", segment(&code)), code)),
        to,
        state: (s.notice_states)(n.state),
        state_class: match n.state {
            NoticeState::Sent => "done",
            NoticeState::Failed => "ended",
            NoticeState::Pending | NoticeState::Unaddressed => "waiting",
        },
        attempts: if n.attempts > 0 {
            (s.notice_attempts)(n.attempts)
        } else {
            String::new()
        },
        error: n.last_error,
        resend,
        id: n.id,
    }
}

/// Who may send a failed notice again: the one-stop section and leaders.
pub(super) fn oversees(role: Role) -> bool {
    matches!(role, Role::Clerk | Role::Leader)
}

struct Tab {
    href: String,
    label: &'static str,
    current: bool,
}

#[derive(Template)]
#[template(path = "staff/notices.html")]
struct NoticesPage {
    frame: StaffFrame,
    banner: Option<&'static str>,
    refusal: Option<&'static str>,
    lead: &'static str,
    tabs: Vec<Tab>,
    lines: Vec<NoticeLine>,
    back: String,
    next: Option<String>,
    first: Option<String>,
}

/// `GET /can-bo/thong-bao`.
pub async fn list(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    query: web::Query<NoticesQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let q = query.into_inner();
    let banner = (q.tb == "gui-lai").then_some(lang.staff().notice_resent);
    render(&app, lang, &staff, &csrf, &q, banner, None, &req)
        .await
        .map(|page| crate::html(StatusCode::OK, &page))
}

#[expect(
    clippy::too_many_arguments,
    reason = "the page's parts, each from its own source"
)]
async fn render(
    app: &App,
    lang: Lang,
    staff: &StaffOnPage,
    csrf: &str,
    q: &NoticesQuery,
    banner: Option<&'static str>,
    refusal: Option<&'static str>,
    req: &HttpRequest,
) -> Result<NoticesPage, WebError> {
    let s = lang.staff();
    let state = NoticeState::ALL
        .into_iter()
        .find(|state| state.as_str() == q.state);
    let offset =
        q.tu.trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=MAX_OFFSET).contains(n))
            .unwrap_or(0);
    let list = app
        .list_notices(
            staff.principal.clone(),
            NoticeQuery {
                state,
                dossier: None,
                mine: false,
                // One more than shown tells whether a next page exists.
                limit: PAGE_SIZE + 1,
                offset,
            },
        )
        .await?;
    let more = list.items.len() as i64 > PAGE_SIZE;
    let names = Names::load(app, staff, &list.items, true).await?;
    let overseer = names.overseer;
    let lines = list
        .items
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|n| line(s, n, &names))
        .collect();
    let slug = state.map_or("", NoticeState::as_str);
    let link = |state: &str, from: i64| {
        let from = if from > 0 {
            from.to_string()
        } else {
            String::new()
        };
        with_query(
            &format!("{PREFIX}/thong-bao"),
            &[("trang-thai", state), ("tu", &from)],
        )
    };
    let mut tabs = vec![Tab {
        href: link("", 0),
        label: s.notices_all,
        current: state.is_none(),
    }];
    tabs.extend(
        [
            NoticeState::Failed,
            NoticeState::Pending,
            NoticeState::Sent,
            NoticeState::Unaddressed,
        ]
        .into_iter()
        .map(|tab| Tab {
            href: link(tab.as_str(), 0),
            label: (s.notice_states)(tab),
            current: state == Some(tab),
        }),
    );
    Ok(NoticesPage {
        frame: StaffFrame::new(
            lang,
            s.notices_title,
            Section::Notices,
            Some(staff),
            csrf,
            req,
        ),
        banner,
        refusal,
        lead: if overseer {
            s.notices_lead
        } else {
            s.notices_own_lead
        },
        tabs,
        lines,
        back: link(slug, offset),
        next: (more && offset + PAGE_SIZE <= MAX_OFFSET).then(|| link(slug, offset + PAGE_SIZE)),
        first: (offset > 0).then(|| link(slug, 0)),
    })
}

/// What the resend button posts: the token and the list to return to.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ResendForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
}

/// `POST /can-bo/thong-bao/{id}/gui-lai`: a failed notice goes into the
/// outbox again.
pub async fn resend(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    path: web::Path<String>,
    posted: web::Form<ResendForm>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let form = posted.into_inner();
    csrf::verify(&req, &form.csrf)?;
    // Only back to a list of notices, never elsewhere.
    let back = Some(form.back.as_str())
        .filter(|b| b.starts_with(&format!("{PREFIX}/thong-bao")) && !b.contains("//"))
        .unwrap_or("/can-bo/thong-bao");
    // A notice's id is a UUID; anything longer is no notice.
    let id = Some(path.into_inner())
        .filter(|id| id.len() <= 36)
        .ok_or(WebError::NotFound)?;
    match app.resend_notice(staff.principal.clone(), id).await {
        Ok(_) => {
            let sep = if back.contains('?') { '&' } else { '?' };
            Ok(see_other(&format!("{back}{sep}tb=gui-lai")))
        }
        Err(AppError::Conflict(Reason::NoticeNotFailed, _)) => {
            let csrf = csrf::token_of(&req)?;
            let q = NoticesQuery::default();
            let refusal = Some(lang.staff().notice_not_failed);
            let page = render(&app, lang, &staff, &csrf, &q, None, refusal, &req).await?;
            Ok(crate::html(StatusCode::CONFLICT, &page))
        }
        Err(e) => Err(e.into()),
    }
}

/// A dossier's notices, newest first, for its page: at most `limit`.
pub(super) async fn of_dossier(
    app: &App,
    lang: Lang,
    staff: &StaffOnPage,
    code: &DossierCode,
    limit: i64,
) -> Result<Vec<NoticeLine>, WebError> {
    let list = app
        .list_notices(
            staff.principal.clone(),
            NoticeQuery {
                state: None,
                dossier: Some(code.clone()),
                mine: false,
                limit,
                offset: 0,
            },
        )
        .await?;
    let names = Names::load(app, staff, &list.items, false).await?;
    Ok(list
        .items
        .into_iter()
        .map(|n| line(lang.staff(), n, &names))
        .collect())
}
