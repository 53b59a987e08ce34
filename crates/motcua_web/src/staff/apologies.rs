//! Apology notices (Mẫu 04) in the workspace. On a late dossier's page:
//! the unit holding it writes the reason and the new appointment, the
//! leader signs, the one-stop clerk sends it (the appointment moves), and
//! anyone prints it. On the desk (`/can-bo/xin-loi`): what waits on the
//! agency, to write, to sign and to send, oldest first, signed or sent in
//! one click from the list.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use motcua_app::{ApologyView, ApologyWork, App, AppError, DossierView, StaffOnPage};
use motcua_domain::{
    ApologyState, Role, RuleSet, Violation, Violations, format_date_time, required_text,
    vietnam_time,
};

use super::dossier::{self, Shown};
use super::{OnDuty, PREFIX, Section, StaffFrame, dossier_code};
use crate::csrf::{self, FormToken};
use crate::form::FormErrors;
use crate::messages::Lang;
use crate::messages::staff::StaffMessages;
use crate::pages::{DossierState, segment, with_query};
use crate::{WebError, see_other};

/// What the apology's form posts.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ApologyForm {
    #[serde(default)]
    csrf: String,
    /// How many events the page showed (for the conflict page).
    #[serde(default)]
    seen: String,
    /// Why the result is late.
    #[serde(default)]
    pub(super) reason: String,
    /// The new appointment's day (`2026-12-01`).
    #[serde(default)]
    pub(super) ngay: String,
    /// And its time (`09:00`).
    #[serde(default)]
    pub(super) gio: String,
}

/// What signing or sending posts: the token, and where the click came from.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    seen: String,
    /// `ban` when the click came from the desk, which it returns to.
    #[serde(default)]
    tu: String,
}

/// An apology as the dossier's page shows it.
pub(super) struct Card {
    pub(super) id: String,
    pub(super) state: &'static str,
    pub(super) cause: &'static str,
    pub(super) reason: Option<String>,
    pub(super) old_due: String,
    pub(super) new_due: Option<String>,
    pub(super) written_by: Option<String>,
    pub(super) signed_by: Option<String>,
    pub(super) sent_at: Option<String>,
    pub(super) sent_late: bool,
    pub(super) pdf: String,
    pub(super) page: String,
    pub(super) sign: bool,
    pub(super) send: bool,
}

/// The form that writes (or rewrites) the apology, when this person may.
pub(super) struct WriteBox {
    pub(super) open: bool,
    pub(super) reason: String,
    pub(super) ngay: String,
    pub(super) gio: String,
}

/// Everything the dossier's page shows about apologies.
pub(super) struct ApologySection {
    pub(super) cards: Vec<Card>,
    pub(super) write: Option<WriteBox>,
}

fn rule_set_named(name: &str) -> RuleSet {
    [RuleSet::VN_2018, RuleSet::VN_2025]
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or(RuleSet::VN_2025)
}

fn is_mine(staff: &StaffOnPage, agency_code: &str) -> bool {
    staff.user.agency.code == agency_code
}

/// The apologies of dossier `d` and what `staff` may do with them.
pub(super) async fn section(
    app: &App,
    lang: Lang,
    staff: &StaffOnPage,
    d: &DossierView,
    typed: Option<&ApologyForm>,
) -> Result<ApologySection, WebError> {
    let s = lang.staff();
    let list = app
        .list_apologies(staff.principal.clone(), dossier_code(&d.code)?)
        .await?;
    let role = staff.principal.role;
    let holder = is_mine(staff, &d.holder.agency.code);
    let receiver = is_mine(staff, &d.agency.code);
    let base = format!("{PREFIX}/ho-so/{}/xin-loi", segment(&d.code));
    let cards = list
        .iter()
        .map(|a| card(s, a, &base, role, holder, receiver))
        .collect();
    // Writing is for the unit holding a running or paused dossier that is
    // near or past its appointment, or that has a draft waiting; not while
    // a signed one waits to be sent, nor after the moves the rules allow.
    let open = d.sla_state.is_some();
    let sent = list
        .iter()
        .filter(|a| a.state == ApologyState::Sent)
        .count();
    let signed = list.iter().any(|a| a.state == ApologyState::Signed);
    let pending = list
        .iter()
        .find(|a| matches!(a.state, ApologyState::Draft | ApologyState::Completed));
    let late = matches!(
        d.sla_state,
        Some(motcua_app::ClockState::DueSoon | motcua_app::ClockState::Overdue)
    );
    let may_write = matches!(role, Role::Specialist | Role::UnitHead | Role::Leader)
        && holder
        && open
        && !signed
        && u32::try_from(sent).unwrap_or(u32::MAX) < rule_set_named(d.rule_set).appointment_moves
        && (late || pending.is_some() || typed.is_some());
    let write = may_write.then(|| match typed {
        Some(form) => WriteBox {
            open: true,
            reason: form.reason.clone(),
            ngay: form.ngay.clone(),
            gio: form.gio.clone(),
        },
        None => {
            // A completed one is rewritten from what it says; a new one
            // starts at the current appointment's time of day, which is in
            // office hours.
            let due = vietnam_time(d.due_at);
            let new_due = pending.and_then(|a| a.new_due_at_local).unwrap_or(due);
            WriteBox {
                open: false,
                reason: pending.and_then(|a| a.reason.clone()).unwrap_or_default(),
                ngay: pending
                    .and_then(|a| a.new_due_at_local)
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                gio: new_due.format("%H:%M").to_string(),
            }
        }
    });
    Ok(ApologySection { cards, write })
}

fn card(
    s: &StaffMessages,
    a: &ApologyView,
    base: &str,
    role: Role,
    holder: bool,
    receiver: bool,
) -> Card {
    let here = format!("{base}/{}", segment(&a.id));
    Card {
        state: (s.apology_states)(a.state),
        cause: (s.apology_causes)(a.drafted_because),
        reason: a.reason.clone(),
        old_due: format_date_time(a.original_due_at),
        new_due: a.new_due_at.map(format_date_time),
        written_by: a.completed_by.clone(),
        signed_by: a.signed_by.clone(),
        sent_at: a.sent_at.map(format_date_time),
        sent_late: a.sent_late,
        pdf: format!("{here}/ban-in.pdf"),
        page: format!("{here}/ban-in"),
        sign: role == Role::Leader && holder && a.state == ApologyState::Completed,
        send: role == Role::Clerk && receiver && a.state == ApologyState::Signed,
        id: a.id.clone(),
    }
}

/// The new appointment the form gives, in UTC; what is wrong, by field.
fn new_appointment(form: &ApologyForm, v: &mut Violations) -> Option<DateTime<Utc>> {
    let day = match form.ngay.trim() {
        "" => {
            v.push(Violation::new("ngay", "required", "the date"));
            None
        }
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| v.push(Violation::new("ngay", "invalid_date", "year-month-day")))
            .ok(),
    };
    let time = NaiveTime::parse_from_str(form.gio.trim(), "%H:%M")
        .map_err(|_| v.push(Violation::new("gio", "invalid_time", "hours:minutes")))
        .ok();
    let midnight = motcua_app::start_of_local_day(day?)?;
    Some(midnight + (time? - NaiveTime::MIN))
}

/// The violations in the page's words, at the apology form's fields.
fn errors_of(s: &StaffMessages, violations: Vec<Violation>) -> FormErrors {
    let mut errors = FormErrors::none();
    for v in violations {
        let (id, field) = match v.field.as_str() {
            "reason" => ("xin-loi-reason", "reason"),
            "gio" => ("xin-loi-gio", "gio"),
            "ngay" => ("xin-loi-ngay", "ngay"),
            _ => ("xin-loi-ngay", "new_due_at"),
        };
        if errors.at(id).is_none() {
            errors.push(id, (s.violation)(field, v.code));
        }
    }
    errors
}

/// `POST /can-bo/ho-so/{code}/xin-loi`: the holding unit writes the
/// apology.
pub async fn write(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    path: web::Path<String>,
    posted: web::Form<ApologyForm>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let form = posted.into_inner();
    csrf::verify(&req, &form.csrf)?;
    let code = dossier_code(&path)?;
    let s = lang.staff();
    let mut v = Violations::new();
    let reason = v.check(required_text("reason", &form.reason, 2000));
    let new_due = new_appointment(&form, &mut v);
    let outcome = match (reason, new_due, v.is_empty()) {
        (Some(reason), Some(new_due), true) => app
            .complete_apology(staff.principal.clone(), code.clone(), reason, new_due)
            .await
            .map(|a| a.state),
        _ => Err(AppError::Validation(v.into_vec())),
    };
    let seen = form.seen.trim().parse().unwrap_or(0);
    match outcome {
        Ok(state) => Ok(done(&code.to_string(), state, "")),
        Err(AppError::Validation(violations)) => {
            let shown = Shown {
                errors: errors_of(s, violations),
                apology: Some(form),
                ..Shown::default()
            };
            again(
                &app,
                lang,
                &staff,
                code,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
                &req,
            )
            .await
        }
        Err(e) => {
            let (refusal, status) = dossier::refusal_of(s, e)?;
            let kept = refusal.kept;
            let shown = Shown {
                refusal: Some(refusal),
                seen: Some(seen),
                apology: kept.then_some(form),
                ..Shown::default()
            };
            again(&app, lang, &staff, code, shown, status, &req).await
        }
    }
}

/// `POST /can-bo/ho-so/{code}/xin-loi/{id}/{step}`: `ky` (the leader
/// signs) or `gui` (the one-stop clerk sends it; the appointment moves).
pub async fn step(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    path: web::Path<(String, String, String)>,
    posted: web::Form<StepForm>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let form = posted.into_inner();
    csrf::verify(&req, &form.csrf)?;
    let (code, id, step) = path.into_inner();
    let code = dossier_code(&code)?;
    let who = staff.principal.clone();
    let outcome = match step.as_str() {
        "ky" => app.sign_apology(who, code.clone(), id).await,
        "gui" => app.send_apology(who, code.clone(), id).await,
        _ => return Err(WebError::NotFound),
    };
    match outcome {
        Ok(a) => Ok(done(&code.to_string(), a.state, &form.tu)),
        Err(AppError::NotFound(..)) => Err(WebError::NotFound),
        Err(e) => {
            let (refusal, status) = dossier::refusal_of(lang.staff(), e)?;
            let shown = Shown {
                refusal: Some(refusal),
                seen: Some(form.seen.trim().parse().unwrap_or(usize::MAX)),
                ..Shown::default()
            };
            again(&app, lang, &staff, code, shown, status, &req).await
        }
    }
}

/// Where a step that succeeded goes: back to the desk it came from, or to
/// the dossier, saying what was done.
fn done(code: &str, state: ApologyState, from: &str) -> HttpResponse {
    if from == "ban" {
        let waiting = match state {
            ApologyState::Signed => ApologyState::Completed,
            _ => ApologyState::Signed,
        };
        return see_other(&with_query(
            &format!("{PREFIX}/xin-loi"),
            &[("cho", tab_slug(waiting)), ("tb", state.as_str())],
        ));
    }
    see_other(&format!(
        "{PREFIX}/ho-so/{}?tb=xin-loi-{}#xin-loi",
        segment(code),
        state.as_str()
    ))
}

/// The dossier's page again, with what `shown` says.
async fn again(
    app: &App,
    lang: Lang,
    staff: &StaffOnPage,
    code: motcua_domain::DossierCode,
    shown: Shown,
    status: StatusCode,
    req: &HttpRequest,
) -> Result<HttpResponse, WebError> {
    let view = app.get_dossier(staff.principal.clone(), code).await?;
    let csrf = csrf::token_of(req)?;
    let page = dossier::render(app, lang, staff, &csrf, view, shown, req).await?;
    Ok(crate::html(status, &page))
}

/// `GET /can-bo/ho-so/{code}/xin-loi/{id}/ban-in[.pdf]`: the notice.
pub async fn print(
    app: web::Data<App>,
    OnDuty(staff): OnDuty,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, WebError> {
    let (code, id, file) = path.into_inner();
    let pdf = match file.as_str() {
        "ban-in" => false,
        "ban-in.pdf" => true,
        _ => return Err(WebError::NotFound),
    };
    let notice = app
        .apology_notice(staff.principal, dossier_code(&code)?, id)
        .await?;
    super::printed::printed(&notice, pdf).await
}

/// The desk's tabs, in the order of the work.
const TABS: [ApologyState; 3] = [
    ApologyState::Draft,
    ApologyState::Completed,
    ApologyState::Signed,
];

fn tab_slug(state: ApologyState) -> &'static str {
    match state {
        ApologyState::Draft => "viet",
        ApologyState::Completed => "ky",
        ApologyState::Signed | ApologyState::Sent => "gui",
    }
}

/// The desk's address: `?cho=viet|ky|gui`, and the banner after a step.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DeskQuery {
    #[serde(default)]
    cho: String,
    #[serde(default)]
    tb: String,
}

struct Tab {
    href: String,
    label: &'static str,
    count: usize,
    current: bool,
}

struct DeskRow {
    code: String,
    href: String,
    procedure: String,
    applicant: String,
    status: &'static str,
    status_class: &'static str,
    old_due: String,
    reason: Option<String>,
    new_due: Option<String>,
    written_by: Option<String>,
    action: Option<(String, &'static str)>,
}

#[derive(Template)]
#[template(path = "staff/apologies.html")]
struct DeskPage {
    frame: StaffFrame,
    banner: Option<&'static str>,
    tabs: Vec<Tab>,
    caption: &'static str,
    empty: &'static str,
    rows: Vec<DeskRow>,
    late_href: String,
    late_count: i64,
}

/// What a role looks at first: the leader what to sign, the clerk what to
/// send, the units what to write.
fn default_tab(role: Role) -> ApologyState {
    match role {
        Role::Leader => ApologyState::Completed,
        Role::Clerk => ApologyState::Signed,
        _ => ApologyState::Draft,
    }
}

/// `GET /can-bo/xin-loi`.
pub async fn desk(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    query: web::Query<DeskQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let s = lang.staff();
    let role = staff.principal.role;
    let chosen = TABS
        .into_iter()
        .find(|t| tab_slug(*t) == query.cho)
        .unwrap_or_else(|| default_tab(role));
    let mut lists: Vec<(ApologyState, Vec<ApologyWork>)> = Vec::with_capacity(TABS.len());
    for state in TABS {
        lists.push((
            state,
            app.apologies_awaiting(staff.principal.clone(), state)
                .await?,
        ));
    }
    let counts = app.queue_counts(staff.principal.clone()).await?;
    let tabs = lists
        .iter()
        .map(|(state, list)| Tab {
            href: with_query(&format!("{PREFIX}/xin-loi"), &[("cho", tab_slug(*state))]),
            label: (s.desk_tabs)(*state),
            count: list.len(),
            current: *state == chosen,
        })
        .collect();
    let rows = lists
        .into_iter()
        .find(|(state, _)| *state == chosen)
        .map(|(_, list)| list)
        .unwrap_or_default()
        .into_iter()
        .map(|w| desk_row(lang, &w, role))
        .collect();
    let banner = query
        .tb
        .parse::<ApologyState>()
        .ok()
        .map(|state| (s.apology_done)(state));
    let page = DeskPage {
        frame: StaffFrame::new(
            lang,
            s.desk_title,
            Section::Apologies,
            Some(&staff),
            &csrf,
            &req,
        ),
        banner,
        tabs,
        caption: (s.desk_caption)(chosen),
        empty: (s.desk_empty)(chosen),
        rows,
        late_href: format!("{PREFIX}/ho-so?pham-vi=co-quan&han=tre-chua-xin-loi"),
        late_count: counts.late_without_apology,
    };
    Ok(crate::html(StatusCode::OK, &page))
}

fn desk_row(lang: Lang, w: &ApologyWork, role: Role) -> DeskRow {
    let (m, s) = (lang.messages(), lang.staff());
    let state = DossierState::of(m, w.dossier.status.code);
    let dossier = format!("{PREFIX}/ho-so/{}", segment(&w.dossier.code));
    let step = format!("{dossier}/xin-loi/{}", segment(&w.apology.id));
    // The desk only lists what waits on this agency: the role decides.
    let action = match (w.apology.state, role) {
        (ApologyState::Completed, Role::Leader) => Some((format!("{step}/ky"), s.apology_sign)),
        (ApologyState::Signed, Role::Clerk) => Some((format!("{step}/gui"), s.apology_send)),
        _ => None,
    };
    DeskRow {
        code: w.dossier.code.clone(),
        href: format!("{dossier}#xin-loi"),
        procedure: w.dossier.procedure.name.clone(),
        applicant: w.dossier.applicant_name.clone(),
        status: state.text,
        status_class: state.class,
        old_due: format_date_time(w.apology.original_due_at),
        reason: w.apology.reason.clone(),
        new_due: w.apology.new_due_at.map(format_date_time),
        written_by: w.apology.completed_by.clone(),
        action,
    }
}

/// The banner on a dossier's page after a step: `?tb=xin-loi-<state>`.
pub(super) fn banner(s: &StaffMessages, tb: &str) -> Option<String> {
    tb.strip_prefix("xin-loi-")
        .and_then(|state| state.parse::<ApologyState>().ok())
        .map(|state| (s.apology_done)(state).to_owned())
}
