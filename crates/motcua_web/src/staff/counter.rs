//! The counter (`/can-bo/tiep-nhan`): a clerk finds the procedure the
//! applicant asks for, ticks the documents handed in against its list,
//! enters the applicant and where the result goes, and receives the
//! dossier, or refuses it; a dossier missing a required document gets the
//! supplement guidance instead. The outcome page prints the right form in
//! one click. Everything works from the keyboard: type, Enter, Tab.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, IntakeCommand, IntakeOutcome, ProcedureQuery, ProcedureView};
use motcua_domain::{
    Applicant, ApplicantFields, CopyType, NoticePreferences, ProcedureCode, ResultDelivery,
    SubmittedDocument, Violation, Violations, day_month_year, required_text,
};

use super::{OnDuty, PREFIX, Section, StaffFrame, agency_of};
use crate::csrf::{self, FormToken};
use crate::form::{self, FormErrors, field};
use crate::messages::Lang;
use crate::pages::{Input, copy_type, segment};
use crate::{WebError, see_other};

/// The search's query.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// A procedure found.
struct Found {
    href: String,
    code: String,
    name: String,
    time: String,
}

#[derive(Template)]
#[template(path = "staff/counter.html")]
struct SearchPage {
    frame: StaffFrame,
    q: String,
    searched: bool,
    found: Vec<Found>,
}

/// `GET /can-bo/tiep-nhan?q=…`: the agency's procedures matching what was
/// typed; a code typed whole goes straight to its form.
pub async fn search(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    query: web::Query<SearchQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let q = query
        .into_inner()
        .q
        .trim()
        .chars()
        .take(200)
        .collect::<String>();
    let s = lang.staff();
    let agency = agency_of(&staff)?;
    let mut found = Vec::new();
    if !q.is_empty() {
        let exact = ProcedureCode::parse("q", &q).is_ok();
        let list = app
            .search_procedures(ProcedureQuery {
                text: (!exact).then(|| q.clone()),
                code: exact.then(|| q.clone()),
                field: None,
                agency: Some(agency),
                page: 1,
                per_page: 30,
            })
            .await?;
        if exact && list.items.len() == 1 {
            return Ok(see_other(&format!(
                "{PREFIX}/tiep-nhan/{}",
                segment(&list.items[0].code)
            )));
        }
        found = list
            .items
            .into_iter()
            .map(|p| Found {
                href: format!("{PREFIX}/tiep-nhan/{}", segment(&p.code)),
                code: p.code,
                name: p.name,
                time: p.processing_time_text,
            })
            .collect();
    }
    let page = SearchPage {
        frame: StaffFrame::new(
            lang,
            s.counter_title,
            Section::Counter,
            Some(&staff),
            &csrf,
            &req,
        ),
        searched: !q.is_empty(),
        q,
        found,
    };
    Ok(crate::html(StatusCode::OK, &page))
}

/// One required document's row of the checklist.
struct DocRow {
    index: usize,
    name: String,
    mandatory: bool,
    handed: bool,
    copies: Vec<(String, &'static str, bool)>,
    count: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/intake.html")]
struct IntakePage {
    frame: StaffFrame,
    errors: FormErrors,
    action: String,
    procedure: String,
    code: String,
    time: String,
    documents: Vec<DocRow>,
    full_name: Input,
    id_number: Input,
    birth_date: Input,
    phone: Input,
    email: Input,
    address: Input,
    organization_name: Input,
    tax_code: Input,
    deliveries: Vec<(&'static str, &'static str, bool)>,
    delivery_error: Option<String>,
    post_address: Input,
    more: String,
    more_error: Option<String>,
    reasons: String,
    reasons_error: Option<String>,
    refusing: bool,
}

async fn procedure(app: &App, code: &str) -> Result<ProcedureView, WebError> {
    let code = ProcedureCode::parse("code", code).map_err(|_| WebError::NotFound)?;
    Ok(app.get_procedure(code, None).await?)
}

/// The posted form as name-value pairs: its document rows are numbered.
type Posted = Vec<(String, String)>;

fn intake_page(
    lang: Lang,
    staff: &motcua_app::StaffOnPage,
    (csrf, req): (&str, &HttpRequest),
    p: &ProcedureView,
    posted: Option<&Posted>,
    errors: FormErrors,
) -> IntakePage {
    let (m, s) = (lang.messages(), lang.staff());
    let get = |name: &str| posted.map_or("", |f| field(f, name)).to_owned();
    let documents = p
        .definition
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let chosen = posted.map_or(d.copy_type.as_str().to_owned(), |_| {
                get(&format!("copy-{i}"))
            });
            DocRow {
                index: i,
                name: d.name.clone(),
                mandatory: d.mandatory,
                // A new form starts with nothing ticked: the clerk ticks
                // what is on the desk.
                handed: posted.is_some_and(|f| field(f, &format!("doc-{i}")) == "1"),
                copies: [CopyType::Original, CopyType::CertifiedCopy, CopyType::Copy]
                    .into_iter()
                    .map(|c| (c.as_str().to_owned(), copy_type(m, c), c.as_str() == chosen))
                    .collect(),
                count: posted.map_or(d.count.to_string(), |_| get(&format!("count-{i}"))),
                error: errors.at(&format!("doc-{i}")).map(str::to_owned),
            }
        })
        .collect();
    let delivery = get("delivery");
    let input =
        |id: &'static str, label: &'static str| Input::text(id, label, &get(id)).checked(&errors);
    IntakePage {
        frame: StaffFrame::new(
            lang,
            form::title(m, &errors, s.intake_title),
            Section::Counter,
            Some(staff),
            csrf,
            req,
        ),
        action: format!("{PREFIX}/tiep-nhan/{}", segment(&p.code)),
        procedure: p.definition.name.clone(),
        code: p.code.clone(),
        time: p.processing_time_text.clone(),
        documents,
        full_name: input("full_name", m.register_full_name),
        id_number: input("id_number", m.id_number_label)
            .hint(m.id_number_hint)
            .numeric()
            .width("width-10"),
        birth_date: input("birth_date", m.birth_date_label)
            .hint(m.birth_date_hint)
            .width("width-10"),
        phone: input("phone", m.account_phone)
            .kind("tel")
            .width("width-10"),
        email: input("email", m.email_label).kind("email"),
        address: input("address", m.address_label).hint(m.address_hint),
        organization_name: input("organization_name", m.register_organization_name),
        tax_code: input("tax_code", m.register_tax_code)
            .numeric()
            .width("width-10"),
        deliveries: vec![
            ("counter", m.delivery_choices[1], delivery != "post"),
            ("post", m.delivery_choices[2], delivery == "post"),
        ],
        delivery_error: errors.at("delivery-counter").map(str::to_owned),
        post_address: input("post_address", m.post_address_label).hint(m.post_address_hint),
        more: get("more"),
        more_error: errors.at("more").map(str::to_owned),
        reasons: get("reasons"),
        reasons_error: errors.at("reasons").map(str::to_owned),
        refusing: get("outcome") == "refuse",
        errors,
    }
}

/// `GET /can-bo/tiep-nhan/{code}`: the checklist and the applicant.
pub async fn form(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let p = procedure(&app, &path).await?;
    let page = intake_page(lang, &staff, (&csrf, &req), &p, None, FormErrors::none());
    Ok(crate::html(StatusCode::OK, &page))
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The posted form as the intake command; violations named by the form's ids.
fn parse(p: &ProcedureView, f: &Posted, lang: Lang) -> Result<IntakeCommand, Vec<Violation>> {
    let mut v = Violations::new();
    let procedure_code = v.check(ProcedureCode::parse("code", &p.code));
    let mut documents = Vec::new();
    for (i, _) in p.definition.documents.iter().enumerate() {
        if field(f, &format!("doc-{i}")) != "1" {
            continue;
        }
        let copy = match field(f, &format!("copy-{i}")) {
            "original" => Some(CopyType::Original),
            "certified_copy" => Some(CopyType::CertifiedCopy),
            "copy" => Some(CopyType::Copy),
            _ => None,
        };
        let count = field(f, &format!("count-{i}"))
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=99).contains(n));
        match (copy, count) {
            (Some(copy_type), Some(count)) => documents.push(SubmittedDocument {
                index: i,
                copy_type,
                count,
            }),
            _ => v.push(Violation::new(
                format!("doc-{i}"),
                "invalid_count",
                "1 to 99",
            )),
        }
    }
    let birth_date = form::optional(&mut v, "birth_date", field(f, "birth_date"), day_month_year);
    let organization = (!field(f, "organization_name").is_empty()
        || !field(f, "tax_code").is_empty())
    .then(|| (field(f, "organization_name"), field(f, "tax_code")));
    let fields = ApplicantFields {
        full_name: field(f, "full_name"),
        id_number: Some(field(f, "id_number")),
        birth_date: birth_date.flatten(),
        phone: Some(field(f, "phone")),
        email: Some(field(f, "email")),
        address: field(f, "address"),
        organization,
    };
    let applicant = match Applicant::parse(&fields) {
        Ok(applicant) => Some(applicant),
        Err(violations) => {
            for x in violations {
                let name = match x.field.as_str() {
                    "organization.name" => "organization_name".to_owned(),
                    "organization.tax_code" => "tax_code".to_owned(),
                    other => other.to_owned(),
                };
                v.push(Violation::new(name, x.code, x.message));
            }
            None
        }
    };
    let notices = applicant.as_ref().and_then(|a| {
        NoticePreferences::parse(None, Some(lang.code()), a)
            .map_err(|e| {
                for x in e {
                    v.push(Violation::new("email", x.code, x.message));
                }
            })
            .ok()
    });
    let result_delivery = match field(f, "delivery") {
        "post" => form::required(
            &mut v,
            "post_address",
            field(f, "post_address"),
            |name, text| required_text(name, text, 300),
        )
        .map(|address| ResultDelivery::Post { address }),
        "counter" | "" => Some(ResultDelivery::Counter),
        _ => {
            v.push(Violation::new("delivery-counter", "required", "choose"));
            None
        }
    };
    let refusing = field(f, "outcome") == "refuse";
    let refusal_reasons = if refusing {
        lines(field(f, "reasons"))
    } else {
        Vec::new()
    };
    if refusing && refusal_reasons.is_empty() {
        v.push(Violation::new("reasons", "required", "give the reasons"));
    }
    let supplement_requests = lines(field(f, "more"));
    for (name, list) in [
        ("more", &supplement_requests),
        ("reasons", &refusal_reasons),
    ] {
        if list.len() > 50 {
            v.push(Violation::new(name, "out_of_range", "at most 50"));
        }
        for (i, item) in list.iter().enumerate() {
            if v.check(required_text(&format!("{name}[{i}]"), item, 1000))
                .is_none()
            {
                break;
            }
        }
    }
    v.finish(|| {
        Some(IntakeCommand {
            procedure_code: procedure_code?,
            applicant: applicant?,
            documents,
            result_delivery: result_delivery?,
            supplement_requests,
            refusal_reasons,
            notices: notices?,
            arrived_by_post_at: None,
        })
    })
}

/// The violations in the clerk's words, each at its field.
fn errors_of(lang: Lang, violations: Vec<Violation>) -> FormErrors {
    let (m, s) = (lang.messages(), lang.staff());
    let mut errors = FormErrors::none();
    for v in violations {
        let id = v.field.split('[').next().unwrap_or(&v.field).to_owned();
        if errors.at(&id).is_some() {
            continue;
        }
        let message = match id.as_str() {
            "more" => (s.violation)("items", v.code),
            "reasons" => (s.violation)("reasons", v.code),
            d if d.starts_with("doc-") => (s.violation)("count", v.code),
            _ => (m.violation)(&id, v.code),
        };
        errors.push(&id, message);
    }
    errors
}

/// `POST /can-bo/tiep-nhan/{code}`: receives, refuses or guides, and goes on
/// to the outcome with its form to print.
pub async fn receive(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    path: web::Path<String>,
    posted: web::Form<Posted>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let posted = posted.into_inner();
    csrf::verify(&req, field(&posted, "csrf"))?;
    let p = procedure(&app, &path).await?;
    let errors = match parse(&p, &posted, lang) {
        Ok(command) => match app.receive_dossier(staff.principal.clone(), command).await {
            Ok(
                IntakeOutcome::Received { dossier, .. } | IntakeOutcome::Refused { dossier, .. },
            ) => {
                return Ok(see_other(&format!(
                    "{PREFIX}/ho-so/{}/ket-qua-tiep-nhan",
                    segment(&dossier.code)
                )));
            }
            Ok(IntakeOutcome::SupplementNeeded(notice)) => {
                return Ok(see_other(&format!(
                    "{PREFIX}/phieu-bo-sung/{}",
                    segment(&notice.id)
                )));
            }
            Err(motcua_app::AppError::Validation(violations)) => errors_of(lang, violations),
            Err(e) => return Err(e.into()),
        },
        Err(violations) => errors_of(lang, violations),
    };
    let csrf = csrf::token_of(&req)?;
    let page = intake_page(lang, &staff, (&csrf, &req), &p, Some(&posted), errors);
    Ok(crate::html(StatusCode::UNPROCESSABLE_ENTITY, &page))
}
