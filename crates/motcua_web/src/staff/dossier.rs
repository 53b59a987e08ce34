//! A dossier's page for staff (`/can-bo/ho-so/{code}`): what it is, who
//! brought it, what happened to it, and the actions this role may take in
//! this status, each a form posting to `/can-bo/ho-so/{code}/{action}`.
//!
//! Every form carries the version of the dossier the page showed. When
//! someone else changed the dossier first, nothing is written: the page
//! comes back saying so, lists what changed since, and keeps what the user
//! typed in the form, now based on the dossier as it is, to send again.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::action_fields::{id, list, note, reason, return_method};
use motcua_app::{
    App, AppError, ColleagueView, DossierAction, DossierEvent, DossierView, ResultRecord,
    StaffOnPage, UnitView,
};
use motcua_domain::{
    Action, AgencyCode, DossierStatus, EventKind, FileKind, Outcome, Role, Violation, Violations,
    attachment_disposition, format_date_time, format_vnd, required_text,
};

use super::apologies::{self, ApologyForm, ApologySection};
use super::{OnDuty, PREFIX, Section, StaffFrame, dossier_code};
use crate::csrf::{self, FormToken};
use crate::form::FormErrors;
use crate::messages::Lang;
use crate::messages::staff::StaffMessages;
use crate::pages::{DossierState, channel_name, copy_type, segment};
use crate::{WebError, see_other};

/// What an action's form posts; each action reads the fields it has.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    csrf: String,
    /// The dossier's version the page showed.
    #[serde(default)]
    version: String,
    /// How many events the page showed: what came after is what changed.
    #[serde(default)]
    seen: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    items: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    assignee_id: String,
    #[serde(default)]
    agency_code: String,
    #[serde(default)]
    amount_vnd: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    document_number: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    tracking_number: String,
}

/// The banner after an action: `?tb=<action>`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    tb: String,
}

/// One input of an action's form.
struct Field {
    /// `{action}-{name}`: unique on the page, the error summary's anchor.
    id: String,
    name: &'static str,
    /// `text`, `number`, `textarea`, `select` or `radios`.
    kind: &'static str,
    label: &'static str,
    hint: &'static str,
    value: String,
    options: Vec<Choice>,
    error: Option<String>,
}

/// An option of a select or a radio group.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// An action the page offers, with its form.
struct ActionBox {
    slug: &'static str,
    name: &'static str,
    hint: &'static str,
    open: bool,
    fields: Vec<Field>,
}

/// A line of the timeline.
struct Line {
    step: String,
    at: String,
    who: String,
    note: Option<String>,
    new: bool,
}

/// A file the applicant uploaded, under its document.
struct Attached {
    name: String,
    href: String,
    image: bool,
    size: String,
}

/// A required document and its files, for an online dossier.
struct Uploaded {
    name: String,
    files: Vec<Attached>,
}

/// A fee asked of the applicant: what and when, whether paid, each try.
struct Fee {
    line: String,
    state: String,
    attempts: Vec<String>,
}

/// The fees of a dossier that was asked for one; none otherwise, without
/// asking the database.
async fn fees(
    app: &App,
    staff: &StaffOnPage,
    s: &StaffMessages,
    d: &DossierView,
) -> Result<Vec<Fee>, WebError> {
    if !d
        .events
        .iter()
        .any(|e| e.kind == EventKind::PaymentRequested)
    {
        return Ok(Vec::new());
    }
    let payments = app
        .dossier_payments(staff.principal.clone(), dossier_code(&d.code)?)
        .await?;
    Ok(payments
        .into_iter()
        .map(|p| {
            let mut state = match p.paid_at {
                Some(at) => (s.payment_paid)(&format_date_time(at)),
                None => s.payment_unpaid.to_owned(),
            };
            if let Some(number) = &p.receipt_number {
                state.push_str(" · ");
                state.push_str(&(s.payment_receipt)(number));
            }
            Fee {
                line: (s.payment_line)(
                    &format_vnd(p.amount_vnd),
                    &format_date_time(p.requested_at),
                ),
                state,
                attempts: p
                    .attempts
                    .iter()
                    .map(|a| {
                        (s.payment_attempt)(
                            &a.gateway,
                            &format_vnd(a.paid_amount_vnd.unwrap_or(a.amount_vnd)),
                            (s.payment_states)(a.state),
                            &format_date_time(a.created_at),
                        )
                    })
                    .collect(),
            }
        })
        .collect())
}

/// A form of the dossier to print: its name, its PDF and its page.
struct Print {
    name: &'static str,
    pdf: String,
    page: String,
}

/// The forms this dossier has, as it stands: the control sheet always; the
/// receipt once a clerk received it; the refusal, the supplement request or
/// the stop notice in those statuses.
fn prints(s: &StaffMessages, d: &DossierView, status: DossierStatus) -> Vec<Print> {
    let base = format!("{PREFIX}/ho-so/{}/in", segment(&d.code));
    let mut forms = Vec::new();
    match status {
        DossierStatus::Refused => forms.push((s.print_refusal_name, "tu-choi")),
        _ if d.receipt_number.is_some() => forms.push((s.print_receipt_name, "giay-tiep-nhan")),
        _ => {}
    }
    match status {
        DossierStatus::SupplementRequested => {
            forms.push((s.print_supplement_name, "yeu-cau-bo-sung"));
        }
        DossierStatus::Stopped => forms.push((s.print_stop_name, "dung-xu-ly")),
        _ => {}
    }
    forms.push((s.print_control_name, "phieu-kiem-soat"));
    forms
        .into_iter()
        .map(|(name, file)| Print {
            name,
            pdf: format!("{base}/{file}.pdf"),
            page: format!("{base}/{file}"),
        })
        .collect()
}

/// An online dossier's files: the applicant's under each document, then
/// the result's.
async fn uploaded(
    app: &App,
    staff: &StaffOnPage,
    s: &StaffMessages,
    code: &str,
) -> Result<Vec<Uploaded>, WebError> {
    let files = app
        .dossier_files(staff.principal.clone(), dossier_code(code)?)
        .await?;
    let base = format!("{PREFIX}/ho-so/{}/tep", segment(code));
    let attached = |f: motcua_app::FileView| Attached {
        href: format!("{base}/{}", segment(&f.id)),
        image: f.content_type.starts_with("image/"),
        size: format!(
            "{} KB",
            motcua_domain::group_thousands((f.size_bytes + 1023) / 1024)
        ),
        name: f.file_name,
    };
    let documents = files.documents.into_iter().map(|doc| (doc.name, doc.files));
    let results = std::iter::once((s.result_label.to_owned(), files.results));
    Ok(documents
        .chain(results)
        .filter(|(_, files)| !files.is_empty())
        .map(|(name, files)| Uploaded {
            name,
            files: files.into_iter().map(attached).collect(),
        })
        .collect())
}

/// What the page says when the posted action was not taken.
pub(super) struct Refusal {
    title: &'static str,
    text: &'static str,
    /// Whether what was typed is kept in the form, to send again.
    pub(super) kept: bool,
}

#[derive(Template)]
#[template(path = "staff/dossier.html")]
pub(super) struct DossierPage {
    frame: StaffFrame,
    errors: FormErrors,
    banner: Option<String>,
    refusal: Option<Refusal>,
    changes: Vec<Line>,
    d: DossierView,
    status_text: &'static str,
    status_class: &'static str,
    channel: &'static str,
    received: String,
    due: String,
    first_due: Option<String>,
    paused_since: Option<String>,
    outcome: Option<&'static str>,
    birth_date: Option<String>,
    documents: Vec<String>,
    uploaded: Vec<Uploaded>,
    fees: Vec<Fee>,
    prints: Vec<Print>,
    apologies: ApologySection,
    notice_lines: Vec<super::notices::NoticeLine>,
    notices_back: String,
    timeline: Vec<Line>,
    actions: Vec<ActionBox>,
    version: i32,
    seen: usize,
}

/// The lists an action's form chooses from: the agency's units, its staff
/// who work on dossiers, and the other agencies.
#[derive(Default)]
struct Pickers {
    units: Vec<UnitView>,
    people: Vec<ColleagueView>,
    agencies: Vec<(String, String)>,
    /// Whether the dossier came online (its result may go back online).
    online: bool,
}

impl Pickers {
    async fn load(app: &App, staff: &StaffOnPage, actions: &[Action]) -> Result<Pickers, WebError> {
        let mut pickers = Pickers::default();
        if actions
            .iter()
            .any(|a| matches!(a, Action::Assign | Action::HandOver))
        {
            let colleagues = super::colleagues(app, staff).await?;
            pickers.units = colleagues.units;
            pickers.people = colleagues
                .people
                .into_iter()
                .filter(|p| {
                    p.active && matches!(p.role, Role::Specialist | Role::UnitHead | Role::Leader)
                })
                .collect();
        }
        if actions.contains(&Action::Transfer) {
            pickers.agencies = app
                .list_agencies()
                .await?
                .into_iter()
                .filter(|a| a.code != staff.user.agency.code)
                .map(|a| (a.code, a.name))
                .collect();
        }
        Ok(pickers)
    }
}

/// The national channel code of a dossier submitted online.
const ONLINE: u8 = 2;

/// The actions `role` may take on a dossier in its status, in the order of
/// the work.
fn offered(role: Role, status: DossierStatus, online: bool) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| a.allows(role) && a.possible_from(status))
        // The fee is asked for online only of a dossier submitted online;
        // one received at the counter pays there.
        .filter(|a| *a != Action::RequestPayment || online)
        .collect()
}

/// `GET /can-bo/ho-so/{code}`.
pub async fn show(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let code = dossier_code(&path)?;
    let view = app.get_dossier(staff.principal.clone(), code).await?;
    let done = Action::ALL
        .into_iter()
        .find(|a| a.as_str() == query.tb)
        .map(|a| (lang.staff().banner_done)((lang.staff().action_names)(a)))
        .or_else(|| apologies::banner(lang.staff(), &query.tb));
    let page = Shown {
        banner: done,
        ..Shown::default()
    };
    render(&app, lang, &staff, &csrf, view, page, &req)
        .await
        .map(|p| crate::html(StatusCode::OK, &p))
}

/// What a rendering shows beyond the dossier.
pub(super) struct Shown {
    pub(super) errors: FormErrors,
    pub(super) banner: Option<String>,
    pub(super) refusal: Option<Refusal>,
    /// How many events the user had seen, when the dossier moved under them.
    pub(super) seen: Option<usize>,
    /// The action posted and what was typed in it.
    pub(super) typed: Option<(Action, ActionForm)>,
    /// The apology posted, as typed.
    pub(super) apology: Option<ApologyForm>,
}

impl Default for Shown {
    fn default() -> Shown {
        Shown {
            errors: FormErrors::none(),
            banner: None,
            refusal: None,
            seen: None,
            typed: None,
            apology: None,
        }
    }
}

pub(super) async fn render(
    app: &App,
    lang: Lang,
    staff: &StaffOnPage,
    csrf: &str,
    d: DossierView,
    shown: Shown,
    req: &HttpRequest,
) -> Result<DossierPage, WebError> {
    let (m, s) = (lang.messages(), lang.staff());
    let state = DossierState::of(m, d.status.code);
    let online = d.channel.code == ONLINE;
    let actions = offered(staff.principal.role, state.status, online);
    let mut pickers = Pickers::load(app, staff, &actions).await?;
    pickers.online = online;
    let uploaded = if online {
        uploaded(app, staff, s, &d.code).await?
    } else {
        Vec::new()
    };
    let timeline: Vec<Line> = d
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| line(s, e, shown.seen.is_some_and(|seen| i >= seen)))
        .collect();
    let changes = match shown.seen {
        Some(seen) => d
            .events
            .iter()
            .skip(seen)
            .map(|e| line(s, e, true))
            .collect(),
        None => Vec::new(),
    };
    let boxes = actions
        .iter()
        .map(|a| {
            let typed = shown
                .typed
                .as_ref()
                .filter(|(posted, _)| posted == a)
                .map(|(_, form)| form);
            action_box(s, *a, typed, &pickers, &shown.errors)
        })
        .collect();
    let apologies = apologies::section(app, lang, staff, &d, shown.apology.as_ref()).await?;
    let fees = fees(app, staff, s, &d).await?;
    let notice_lines =
        super::notices::of_dossier(app, lang, staff, &dossier_code(&d.code)?, 50).await?;
    let title = crate::form::title(m, &shown.errors, &(s.dossier_title)(&d.code));
    Ok(DossierPage {
        frame: StaffFrame::new(lang, title, Section::Dossiers, Some(staff), csrf, req),
        errors: shown.errors,
        banner: shown.banner,
        refusal: shown.refusal,
        changes,
        status_text: state.text,
        status_class: state.class,
        channel: channel_name(m, d.channel.code),
        received: format_date_time(d.received_at),
        due: format_date_time(d.due_at),
        first_due: (d.original_due_at != d.due_at).then(|| format_date_time(d.original_due_at)),
        paused_since: d.paused_at.map(format_date_time),
        outcome: d.outcome.map(|o| match o {
            Outcome::Early => s.outcomes[0],
            Outcome::OnTime => s.outcomes[1],
            Outcome::Late => s.outcomes[2],
        }),
        birth_date: d.applicant.birth_date.map(motcua_domain::format_day),
        documents: d
            .documents
            .iter()
            .map(|doc| {
                format!(
                    "{} – {}",
                    doc.name,
                    (s.document_line)(copy_type(m, doc.copy_type), doc.count)
                )
            })
            .collect(),
        uploaded,
        fees,
        prints: prints(s, &d, state.status),
        apologies,
        notice_lines,
        notices_back: format!("{PREFIX}/thong-bao"),
        timeline,
        actions: boxes,
        version: d.version,
        seen: d.events.len(),
        d,
    })
}

fn line(s: &StaffMessages, e: &DossierEvent, new: bool) -> Line {
    let mut who = match &e.actor {
        Some(actor) => (s.by_person)(&actor.full_name),
        None => s.by_applicant.to_owned(),
    };
    if let Some(receiver) = &e.receiver {
        who.push_str(", ");
        who.push_str(&(s.to_person)(&receiver.full_name));
    }
    Line {
        step: e.step.clone(),
        at: format_date_time(e.at),
        who,
        note: e.note.clone(),
        new,
    }
}

fn field(action: Action, name: &'static str, kind: &'static str, label: &'static str) -> Field {
    Field {
        id: format!("{}-{name}", action.as_str()),
        name,
        kind,
        label,
        hint: "",
        value: String::new(),
        options: Vec::new(),
        error: None,
    }
}

impl Field {
    fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }

    fn options(mut self, options: Vec<(String, String)>) -> Field {
        self.options = options
            .into_iter()
            .map(|(value, label)| Choice {
                value,
                label,
                selected: false,
            })
            .collect();
        self
    }
}

/// The fields of `action`'s form.
fn fields_of(s: &StaffMessages, action: Action, pickers: &Pickers) -> Vec<Field> {
    let note = || field(action, "note", "textarea", s.note_label).hint(s.optional);
    let reason = || field(action, "reason", "textarea", s.reason_label);
    match action {
        Action::Assign | Action::HandOver => {
            let mut units = vec![(String::new(), s.unit_keep.to_owned())];
            units.extend(pickers.units.iter().map(|u| (u.id.clone(), u.name.clone())));
            let mut people = vec![(String::new(), s.person_none.to_owned())];
            people.extend(pickers.people.iter().map(|p| {
                let unit = p
                    .unit
                    .as_ref()
                    .map(|u| format!(" – {}", u.name))
                    .unwrap_or_default();
                (p.id.clone(), format!("{}{unit}", p.full_name))
            }));
            vec![
                field(action, "unit_id", "select", s.unit_label).options(units),
                field(action, "assignee_id", "select", s.person_label).options(people),
                note(),
            ]
        }
        Action::Transfer => {
            let mut agencies = vec![(String::new(), s.choose.to_owned())];
            agencies.extend(
                pickers
                    .agencies
                    .iter()
                    .map(|(code, name)| (code.clone(), format!("{name} ({code})"))),
            );
            vec![
                field(action, "agency_code", "select", s.agency_label).options(agencies),
                note(),
            ]
        }
        Action::RequestSupplement => {
            vec![field(action, "items", "textarea", s.items_label).hint(s.items_hint)]
        }
        Action::Refuse => {
            vec![field(action, "items", "textarea", s.reasons_label).hint(s.reasons_hint)]
        }
        Action::RequestPayment => vec![
            field(action, "amount_vnd", "number", s.amount_label).hint(s.amount_hint),
            note(),
        ],
        Action::Finish => vec![
            field(action, "summary", "textarea", s.summary_label),
            field(action, "document_number", "text", s.document_number_label).hint(s.optional),
        ],
        Action::ReturnResult => vec![
            field(action, "method", "radios", s.method_label).options(
                ["counter", "post", "online"]
                    .into_iter()
                    .zip(s.methods)
                    .filter(|(v, _)| *v != "online" || pickers.online)
                    .map(|(v, l)| (v.to_owned(), l.to_owned()))
                    .collect(),
            ),
            field(action, "tracking_number", "text", s.tracking_label).hint(s.tracking_hint),
        ],
        Action::SendBack | Action::RequestWithdrawal | Action::DeclineWithdrawal | Action::Stop => {
            vec![reason()]
        }
        Action::Accept
        | Action::RecordSupplement
        | Action::ConfirmWithdrawal
        | Action::ConfirmPayment => vec![note()],
    }
}

fn typed_value<'a>(form: &'a ActionForm, name: &str) -> &'a str {
    match name {
        "note" => &form.note,
        "reason" => &form.reason,
        "items" => &form.items,
        "unit_id" => &form.unit_id,
        "assignee_id" => &form.assignee_id,
        "agency_code" => &form.agency_code,
        "amount_vnd" => &form.amount_vnd,
        "summary" => &form.summary,
        "document_number" => &form.document_number,
        "method" => &form.method,
        "tracking_number" => &form.tracking_number,
        _ => "",
    }
}

fn action_box(
    s: &StaffMessages,
    action: Action,
    typed: Option<&ActionForm>,
    pickers: &Pickers,
    errors: &FormErrors,
) -> ActionBox {
    let mut fields = fields_of(s, action, pickers);
    if let Some(form) = typed {
        for f in &mut fields {
            let value = typed_value(form, f.name);
            f.value = value.to_owned();
            for choice in &mut f.options {
                choice.selected = choice.value == value;
            }
            f.error = errors.at(&f.id).map(str::to_owned);
        }
    }
    ActionBox {
        slug: action.as_str(),
        name: (s.action_names)(action),
        hint: (s.action_hints)(action),
        open: typed.is_some(),
        fields,
    }
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The posted form as the workflow's command; what is wrong, by field.
fn parse(action: Action, f: &ActionForm, v: &mut Violations) -> Option<DossierAction> {
    let remark = |v: &mut Violations| note(v, "note", optional(&f.note));
    Some(match action {
        Action::Accept => DossierAction::Accept { note: remark(v) },
        Action::Assign | Action::HandOver => {
            let unit_id = id(v, "unit_id", optional(&f.unit_id));
            let assignee_id = id(v, "assignee_id", optional(&f.assignee_id));
            let note = remark(v);
            if action == Action::Assign {
                DossierAction::Assign {
                    unit_id,
                    assignee_id,
                    note,
                }
            } else {
                DossierAction::HandOver {
                    unit_id,
                    assignee_id,
                    note,
                }
            }
        }
        Action::SendBack => DossierAction::SendBack {
            reason: reason(v, "reason", &f.reason)?,
        },
        Action::Transfer => {
            let agency = v.check(AgencyCode::parse("agency_code", &f.agency_code));
            let note = remark(v);
            DossierAction::Transfer {
                agency: agency?,
                note,
            }
        }
        Action::RequestSupplement => DossierAction::RequestSupplement {
            items: list(v, "items", &lines(&f.items))?,
        },
        Action::RecordSupplement => DossierAction::RecordSupplement { note: remark(v) },
        Action::RequestPayment => {
            let amount_vnd = match optional(&f.amount_vnd) {
                None => None,
                Some(text) => match text.replace(['.', ',', ' '], "").parse::<i64>() {
                    Ok(n) if (1..=1_000_000_000_000).contains(&n) => Some(n),
                    _ => {
                        v.push(Violation::new("amount_vnd", "out_of_range", "an amount"));
                        None
                    }
                },
            };
            DossierAction::RequestPayment {
                amount_vnd,
                note: remark(v),
            }
        }
        Action::Refuse => DossierAction::Refuse {
            reasons: list(v, "items", &lines(&f.items))?,
        },
        Action::Finish => {
            let summary = reason(v, "summary", &f.summary);
            let document_number = optional(&f.document_number)
                .and_then(|n| v.check(required_text("document_number", &n, 100)));
            DossierAction::Finish {
                result: ResultRecord {
                    document_number,
                    summary: summary?,
                },
            }
        }
        Action::ReturnResult => {
            if f.method.is_empty() {
                v.push(Violation::new("method", "required", "choose"));
                return None;
            }
            let tracking = optional(&f.tracking_number);
            DossierAction::ReturnResult {
                method: return_method(v, &f.method, tracking.as_deref())?,
            }
        }
        Action::RequestWithdrawal => DossierAction::RequestWithdrawal {
            reason: reason(v, "reason", &f.reason)?,
        },
        Action::ConfirmWithdrawal => DossierAction::ConfirmWithdrawal { note: remark(v) },
        Action::DeclineWithdrawal => DossierAction::DeclineWithdrawal {
            reason: reason(v, "reason", &f.reason)?,
        },
        Action::Stop => DossierAction::Stop {
            reason: reason(v, "reason", &f.reason)?,
        },
        // Only a verified gateway callback confirms a payment.
        Action::ConfirmPayment => return None,
    })
}

/// The violations in the page's words, each at its field of `action`'s
/// form (`items[2]` at the list's one box).
fn errors_of(s: &StaffMessages, action: Action, violations: Vec<Violation>) -> FormErrors {
    let mut errors = FormErrors::none();
    for v in violations {
        let name = v.field.split('[').next().unwrap_or(&v.field);
        let id = format!("{}-{name}", action.as_str());
        if errors.at(&id).is_none() {
            let message = if action == Action::Refuse && name == "items" {
                (s.violation)("reasons", v.code)
            } else {
                (s.violation)(name, v.code)
            };
            errors.push(&id, message);
        }
    }
    errors
}

/// `POST /can-bo/ho-so/{code}/{action}`.
pub async fn act(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    path: web::Path<(String, String)>,
    posted: web::Form<ActionForm>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let form = posted.into_inner();
    csrf::verify(&req, &form.csrf)?;
    let (code_text, slug) = path.into_inner();
    let code = dossier_code(&code_text)?;
    let action = Action::ALL
        .into_iter()
        .find(|a| a.as_str() == slug && *a != Action::ConfirmPayment)
        .ok_or(WebError::NotFound)?;
    let version: i32 = form
        .version
        .trim()
        .parse()
        .map_err(|_| WebError::BadRequest)?;
    let seen: usize = form.seen.trim().parse().unwrap_or(0);
    let s = lang.staff();
    let mut v = Violations::new();
    let parsed = parse(action, &form, &mut v);
    let (shown, status) = match parsed.filter(|_| v.is_empty()) {
        None => (
            Shown {
                errors: errors_of(s, action, v.into_vec()),
                typed: Some((action, form)),
                ..Shown::default()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Some(command) => match app
            .act_on_dossier(staff.principal.clone(), code.clone(), version, command)
            .await
        {
            Ok(view) => {
                return Ok(see_other(&format!(
                    "{PREFIX}/ho-so/{}?tb={}",
                    segment(&view.code),
                    action.as_str()
                )));
            }
            Err(e) => refused(s, e, action, form, seen)?,
        },
    };
    let view = app.get_dossier(staff.principal.clone(), code).await?;
    let csrf = csrf::token_of(&req)?;
    let page = render(&app, lang, &staff, &csrf, view, shown, &req).await?;
    Ok(crate::html(status, &page))
}

/// What the page says when the workflow refused the action: another
/// change came first, the status no longer allows it, or it is not this
/// person's to take where the dossier is. Anything else is an error page.
fn refused(
    s: &StaffMessages,
    error: AppError,
    action: Action,
    form: ActionForm,
    seen: usize,
) -> Result<(Shown, StatusCode), WebError> {
    if let AppError::Validation(violations) = error {
        return Ok((
            Shown {
                errors: errors_of(s, action, violations),
                typed: Some((action, form)),
                ..Shown::default()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let (refusal, status) = refusal_of(s, error)?;
    Ok((
        Shown {
            refusal: Some(refusal),
            seen: Some(seen),
            typed: Some((action, form)),
            ..Shown::default()
        },
        status,
    ))
}

/// What the page says when a change to the dossier was refused for where
/// it stands (not for what was typed); anything else is an error page.
pub(super) fn refusal_of(
    s: &StaffMessages,
    error: AppError,
) -> Result<(Refusal, StatusCode), WebError> {
    Ok(match error {
        AppError::PreconditionFailed(_) => (
            Refusal {
                title: s.conflict_title,
                text: s.conflict_text,
                kept: true,
            },
            StatusCode::CONFLICT,
        ),
        AppError::IllegalTransition(_) => (
            Refusal {
                title: s.not_now_title,
                text: s.not_now_text,
                kept: false,
            },
            StatusCode::CONFLICT,
        ),
        AppError::Conflict(reason, _) => (
            Refusal {
                title: s.not_now_title,
                text: (s.conflict_reasons)(reason).unwrap_or(s.not_now_text),
                kept: true,
            },
            StatusCode::CONFLICT,
        ),
        AppError::Forbidden(_) => (
            Refusal {
                title: s.not_now_title,
                text: s.not_yours_text,
                kept: false,
            },
            StatusCode::FORBIDDEN,
        ),
        other => return Err(other.into()),
    })
}

/// An instant as the pages write it (for the template).
pub(crate) fn when(at: &chrono::DateTime<chrono::Utc>) -> String {
    format_date_time(*at)
}

/// `GET /can-bo/ho-so/{code}/tep/{file}`: a file of an online dossier. A
/// scan or photo opens in the browser, for the clerk to read beside the
/// checklist; anything else is sent for saving. Nothing in it may run.
pub async fn file(
    app: web::Data<App>,
    OnDuty(staff): OnDuty,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (code, file) = path.into_inner();
    let content = app
        .dossier_file(staff.principal, dossier_code(&code)?, file)
        .await?;
    let kind = FileKind::from_content_type(&content.file.content_type);
    let viewable = kind.is_some_and(FileKind::is_document);
    let disposition = attachment_disposition(&content.file.file_name);
    let disposition = if viewable {
        disposition.replacen("attachment", "inline", 1)
    } else {
        disposition
    };
    // The browser's PDF viewer does not run in a sandboxed document: a PDF
    // gets a policy that loads and runs nothing of ours instead.
    let policy = if kind == Some(FileKind::Pdf) {
        "default-src 'none'; object-src 'none'; frame-ancestors 'self'"
    } else {
        "sandbox; default-src 'none'; img-src 'self'"
    };
    Ok(HttpResponse::Ok()
        .content_type(content.file.content_type.clone())
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_SECURITY_POLICY, policy))
        .body(content.bytes))
}
