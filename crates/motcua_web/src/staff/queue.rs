//! The work queue (`/can-bo/ho-so`): the dossiers a staff member works on,
//! soonest due first, coloured by how near the due instant is, with the
//! agency's counts above and the filters a clerk or a head of unit sorts
//! their day with. Every filter is in the address, so a view is a link.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use motcua_app::{App, ClockState, DossierListQuery, DossierSummary, QueueCounts, StaffOnPage};
use motcua_domain::{DossierStatus, ProcedureCode, Role, format_date_time, vietnam_time};

use super::{OnDuty, PREFIX, Section, StaffFrame};
use crate::WebError;
use crate::csrf::FormToken;
use crate::form::FormErrors;
use crate::messages::Lang;
use crate::messages::staff::StaffMessages;
use crate::pages::{DossierState, segment, with_query};

/// How many dossiers a page shows.
const PAGE_SIZE: i64 = 50;

/// The queue's address, as the filters form and its links write it.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct QueueQuery {
    /// `cua-toi`, `phong` or `co-quan`; by role when absent.
    #[serde(default, rename = "pham-vi")]
    scope: String,
    /// A status's API name.
    #[serde(default, rename = "trang-thai")]
    status: String,
    /// `qua-han`, `sap-den-han`, `tam-dung` or `tre-chua-xin-loi`.
    #[serde(default)]
    han: String,
    /// A procedure's code.
    #[serde(default, rename = "thu-tuc")]
    procedure: String,
    /// Received on or after this day (`2026-12-01`).
    #[serde(default, rename = "tu-ngay")]
    from: String,
    /// Received on or before this day.
    #[serde(default, rename = "den-ngay")]
    to: String,
    /// Where the previous page ended.
    #[serde(default)]
    sau: String,
}

/// Whose dossiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Mine,
    Unit,
    Agency,
}

impl Scope {
    fn slug(self) -> &'static str {
        match self {
            Scope::Mine => "cua-toi",
            Scope::Unit => "phong",
            Scope::Agency => "co-quan",
        }
    }

    /// What a role looks at first: a case officer their own, a head of
    /// unit their unit's, the one-stop section and the leaders everything.
    fn default_for(role: Role) -> Scope {
        match role {
            Role::Specialist => Scope::Mine,
            Role::UnitHead => Scope::Unit,
            _ => Scope::Agency,
        }
    }
}

/// How near its due instant a dossier is, as its row is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Due {
    Overdue,
    Today,
    Soon,
    Paused,
    OnTrack,
    Ended,
}

impl Due {
    fn of(d: &DossierSummary, today: NaiveDate) -> Due {
        match d.sla_state {
            None => Due::Ended,
            Some(ClockState::Overdue) => Due::Overdue,
            Some(ClockState::Paused) => Due::Paused,
            Some(_) if vietnam_time(d.due_at).date_naive() == today => Due::Today,
            Some(ClockState::DueSoon) => Due::Soon,
            Some(ClockState::OnTrack) => Due::OnTrack,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Due::Overdue => "due-overdue",
            Due::Today => "due-today",
            Due::Soon => "due-soon",
            Due::Paused => "due-paused",
            Due::OnTrack | Due::Ended => "",
        }
    }

    fn text(self, s: &StaffMessages) -> &'static str {
        match self {
            Due::Overdue => s.due_overdue,
            Due::Today => s.due_today,
            Due::Soon => s.due_soon,
            Due::Paused => s.due_paused,
            Due::OnTrack => s.due_on_track,
            Due::Ended => "",
        }
    }
}

/// One row of the table.
pub(super) struct Row {
    pub(super) code: String,
    pub(super) href: String,
    pub(super) procedure: String,
    pub(super) applicant: String,
    pub(super) status: &'static str,
    pub(super) status_class: &'static str,
    pub(super) due: String,
    pub(super) due_class: &'static str,
    pub(super) due_text: &'static str,
    pub(super) holder: String,
}

/// A link among the scopes or counts, and whether it is the one shown.
struct Choice {
    href: String,
    label: &'static str,
    current: bool,
    count: Option<i64>,
}

/// One option of a select.
struct Opt {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

#[derive(Template)]
#[template(path = "staff/queue.html")]
struct QueuePage {
    frame: StaffFrame,
    errors: FormErrors,
    scopes: Vec<Choice>,
    counts: Vec<Choice>,
    scope: &'static str,
    statuses: Vec<Opt>,
    dues: Vec<Opt>,
    procedure: String,
    from: String,
    to: String,
    filtered: bool,
    /// The search box starts empty here.
    searched: String,
    rows: Vec<Row>,
    shown: String,
    next: Option<String>,
    first: Option<String>,
}

/// `GET /can-bo`: the workspace opens on the queue.
pub async fn home() -> HttpResponse {
    crate::see_other(&format!("{PREFIX}/ho-so"))
}

/// The filters the address asks for, parsed; what is wrong, at its field.
struct Filters {
    scope: Scope,
    statuses: Vec<DossierStatus>,
    han: &'static str,
    procedure: Option<ProcedureCode>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

fn day(errors: &mut FormErrors, s: &StaffMessages, field: &str, text: &str) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        return None;
    }
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
    if day.is_none() {
        errors.push(field, s.filter_date_wrong);
    }
    day
}

fn filters(q: &QueueQuery, role: Role, s: &StaffMessages, errors: &mut FormErrors) -> Filters {
    let scope = match q.scope.as_str() {
        "cua-toi" => Scope::Mine,
        "phong" => Scope::Unit,
        "co-quan" => Scope::Agency,
        _ => Scope::default_for(role),
    };
    let statuses = q
        .status
        .parse::<DossierStatus>()
        .map(|status| vec![status])
        .unwrap_or_default();
    let han = match q.han.as_str() {
        "qua-han" => "qua-han",
        "sap-den-han" => "sap-den-han",
        "tam-dung" => "tam-dung",
        "tre-chua-xin-loi" => "tre-chua-xin-loi",
        _ => "",
    };
    let procedure = if q.procedure.trim().is_empty() {
        None
    } else {
        match ProcedureCode::parse("thu-tuc", q.procedure.trim()) {
            Ok(code) => Some(code),
            Err(v) => {
                errors.push("thu-tuc", (s.violation)("procedure", v.code));
                None
            }
        }
    };
    let from = day(errors, s, "tu-ngay", &q.from).and_then(motcua_app::start_of_local_day);
    let to = day(errors, s, "den-ngay", &q.to)
        .and_then(motcua_app::start_of_local_day)
        .map(|t| t + TimeDelta::days(1));
    Filters {
        scope,
        statuses,
        han,
        procedure,
        from,
        to,
    }
}

fn list_query(f: &Filters, staff: &StaffOnPage, cursor: &str) -> DossierListQuery {
    DossierListQuery {
        statuses: f.statuses.clone(),
        procedure: f.procedure.clone(),
        received_from: f.from,
        received_to: f.to,
        due_before: None,
        unit_id: (f.scope == Scope::Unit)
            .then(|| staff.principal.unit_id.clone())
            .flatten(),
        assignee_id: None,
        mine: f.scope == Scope::Mine,
        due_soon: f.han == "sap-den-han",
        overdue: f.han == "qua-han",
        paused: f.han == "tam-dung",
        late_without_apology: f.han == "tre-chua-xin-loi",
        cursor: Some(cursor.to_owned()).filter(|c| !c.is_empty()),
        limit: PAGE_SIZE,
    }
}

/// `GET /can-bo/ho-so`.
pub async fn list(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    query: web::Query<QueueQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let q = query.into_inner();
    let (m, s) = (lang.messages(), lang.staff());
    let mut errors = FormErrors::none();
    let f = filters(&q, staff.principal.role, s, &mut errors);
    let counts = app.queue_counts(staff.principal.clone()).await?;
    let (list, names) = if errors.any() {
        (None, Names::default())
    } else {
        let list = app
            .list_dossiers(staff.principal.clone(), list_query(&f, &staff, &q.sau))
            .await?;
        (Some(list), Names::load(&app, &staff).await?)
    };
    // The queue's address with these scope, due state and page, the other
    // filters as asked.
    let link = |scope: Scope, han: &str, after: &str| -> String {
        with_query(
            &format!("{PREFIX}/ho-so"),
            &[
                ("pham-vi", scope.slug()),
                ("trang-thai", &q.status),
                ("han", han),
                ("thu-tuc", &q.procedure),
                ("tu-ngay", &q.from),
                ("den-ngay", &q.to),
                ("sau", after),
            ],
        )
    };
    let scopes = [
        (Scope::Mine, s.scope_mine),
        (Scope::Unit, s.scope_unit),
        (Scope::Agency, s.scope_agency),
    ]
    .into_iter()
    .filter(|(scope, _)| *scope != Scope::Unit || staff.principal.unit_id.is_some())
    .map(|(scope, label)| Choice {
        href: link(scope, f.han, ""),
        label,
        current: scope == f.scope,
        count: None,
    })
    .collect();
    let today = app.today();
    let counts = count_links(
        s,
        &counts,
        |han| link(Scope::Agency, han, ""),
        f.scope,
        f.han,
    );
    let rows: Vec<Row> = list
        .as_ref()
        .map(|l| {
            l.items
                .iter()
                .map(|d| row(lang, d, today, &names))
                .collect()
        })
        .unwrap_or_default();
    let next = list
        .as_ref()
        .and_then(|l| l.next_cursor.as_ref())
        .map(|cursor| link(f.scope, f.han, cursor));
    let page = QueuePage {
        frame: StaffFrame::new(
            lang,
            crate::form::title(m, &errors, s.queue_title),
            Section::Dossiers,
            Some(&staff),
            &csrf,
            &req,
        ),
        scopes,
        counts,
        scope: f.scope.slug(),
        statuses: status_options(m, &q.status, s.filter_any),
        dues: due_options(s, f.han),
        procedure: q.procedure.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        searched: String::new(),
        filtered: !(q.status.is_empty()
            && f.han.is_empty()
            && q.procedure.is_empty()
            && q.from.is_empty()
            && q.to.is_empty()),
        shown: (s.queue_shown)(rows.len()),
        rows,
        next,
        first: (!q.sau.is_empty()).then(|| link(f.scope, f.han, "")),
        errors,
    };
    let status = if page.errors.any() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok(crate::html(status, &page))
}

/// The agency's counts, each a link to the dossiers it counts.
fn count_links(
    s: &StaffMessages,
    stats: &QueueCounts,
    link: impl Fn(&str) -> String,
    scope: Scope,
    han: &str,
) -> Vec<Choice> {
    let agency = scope == Scope::Agency;
    vec![
        Choice {
            href: link(""),
            label: s.count_open,
            current: agency && han.is_empty(),
            count: Some(stats.open),
        },
        Choice {
            href: link("sap-den-han"),
            label: s.count_due_soon,
            current: agency && han == "sap-den-han",
            count: Some(stats.due_soon),
        },
        Choice {
            href: link("qua-han"),
            label: s.count_overdue,
            current: agency && han == "qua-han",
            count: Some(stats.overdue),
        },
        Choice {
            href: link("tam-dung"),
            label: s.count_paused,
            current: agency && han == "tam-dung",
            count: Some(stats.paused),
        },
        Choice {
            href: link("tre-chua-xin-loi"),
            label: s.count_late_without_apology,
            current: agency && han == "tre-chua-xin-loi",
            count: Some(stats.late_without_apology),
        },
    ]
}

fn status_options(m: &crate::messages::Messages, chosen: &str, any: &'static str) -> Vec<Opt> {
    let mut options = vec![Opt {
        value: "",
        label: any,
        selected: chosen.is_empty(),
    }];
    options.extend(DossierStatus::ALL.into_iter().map(|status| Opt {
        value: status.as_str(),
        label: m.status_texts[usize::from(status.code().saturating_sub(1)).min(9)],
        selected: status.as_str() == chosen,
    }));
    options
}

fn due_options(s: &StaffMessages, chosen: &str) -> Vec<Opt> {
    [
        ("", s.filter_any),
        ("qua-han", s.due_overdue),
        ("sap-den-han", s.due_soon),
        ("tam-dung", s.due_paused),
        ("tre-chua-xin-loi", s.count_late_without_apology),
    ]
    .into_iter()
    .map(|(value, label)| Opt {
        value,
        label,
        selected: value == chosen,
    })
    .collect()
}

/// The names of the agency's units and staff, for the "held by" column.
#[derive(Default)]
pub(super) struct Names {
    units: HashMap<String, String>,
    people: HashMap<String, String>,
}

impl Names {
    pub(super) async fn load(app: &App, staff: &StaffOnPage) -> Result<Names, WebError> {
        let c = super::colleagues(app, staff).await?;
        Ok(Names {
            units: c.units.into_iter().map(|u| (u.id, u.name)).collect(),
            people: c.people.into_iter().map(|p| (p.id, p.full_name)).collect(),
        })
    }
}

pub(super) fn row(lang: Lang, d: &DossierSummary, today: NaiveDate, names: &Names) -> Row {
    let (m, s) = (lang.messages(), lang.staff());
    let state = DossierState::of(m, d.status.code);
    let due = Due::of(d, today);
    let unit = d.unit_id.as_ref().and_then(|id| names.units.get(id));
    let person = d.assignee_id.as_ref().and_then(|id| names.people.get(id));
    let holder = match (unit, person) {
        (Some(u), Some(p)) => format!("{p} – {u}"),
        (Some(u), None) => u.clone(),
        (None, Some(p)) => p.clone(),
        (None, None) => String::new(),
    };
    Row {
        href: format!("{PREFIX}/ho-so/{}", segment(&d.code)),
        code: d.code.clone(),
        procedure: d.procedure.name.clone(),
        applicant: d.applicant_name.clone(),
        status: state.text,
        status_class: state.class,
        due: format_date_time(d.due_at),
        due_class: due.class(),
        due_text: due.text(s),
        holder,
    }
}
