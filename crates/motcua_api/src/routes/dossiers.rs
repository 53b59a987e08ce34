//! Counter intake and staff reads of dossiers.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use motcua_app::{App, AppError, DossierListQuery, IntakeCommand, IntakeOutcome};
use motcua_domain::{
    Applicant, ApplicantFields, CopyType, DossierStatus, NoticePreferences, ProcedureCode,
    ResultDelivery, SubmittedDocument, Violation, Violations, required_text,
};

use super::{Answer, dossier_code};
use crate::Staff;
use crate::extract::Json;
use crate::extract::instant;
use crate::receipt_html;

/// The applicant in an intake request.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicantRequest {
    full_name: String,
    id_number: Option<String>,
    birth_date: Option<NaiveDate>,
    phone: Option<String>,
    email: Option<String>,
    address: String,
    organization: Option<OrganizationRequest>,
}

/// An organisation applying.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationRequest {
    name: String,
    tax_code: String,
}

impl OrganizationRequest {
    /// Name and tax code, as sent.
    pub(crate) fn fields(&self) -> (&str, &str) {
        (&self.name, &self.tax_code)
    }
}

/// A document handed in: its position in the procedure's list.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRequest {
    index: usize,
    copy_type: CopyType,
    #[serde(default = "one")]
    count: u8,
}

fn one() -> u8 {
    1
}

/// Where the result goes.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryRequest {
    method: String,
    address: Option<String>,
}

/// `POST /api/v1/dossiers` body: a paper dossier at the counter.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeRequest {
    procedure_code: String,
    applicant: ApplicantRequest,
    #[serde(default)]
    documents: Vec<DocumentRequest>,
    result_delivery: DeliveryRequest,
    #[serde(default)]
    supplement_requests: Vec<String>,
    #[serde(default)]
    refusal_reasons: Vec<String>,
    /// `email`, `sms`, both, or none; by default e-mail if given, else SMS.
    notify_by: Option<Vec<String>>,
    /// `vi` (default) or `en`.
    notice_language: Option<String>,
}

impl TryFrom<IntakeRequest> for IntakeCommand {
    type Error = Vec<Violation>;

    fn try_from(request: IntakeRequest) -> Result<Self, Self::Error> {
        let mut v = Violations::new();
        let procedure_code = v.check(ProcedureCode::parse(
            "procedure_code",
            &request.procedure_code,
        ));
        let (applicant, notices, result_delivery) = parse_form(
            &mut v,
            &request.applicant,
            &request.result_delivery,
            request.notify_by.as_deref(),
            request.notice_language.as_deref(),
            false,
        );
        if request.documents.len() > 100 {
            v.push(Violation::new(
                "documents",
                "too_many",
                "at most 100 documents",
            ));
        }
        if request.supplement_requests.len() > 50 || request.refusal_reasons.len() > 50 {
            v.push(Violation::new(
                "",
                "too_many",
                "at most 50 supplement requests and 50 refusal reasons",
            ));
        }
        let documents = request
            .documents
            .iter()
            .map(|d| SubmittedDocument {
                index: d.index,
                copy_type: d.copy_type,
                count: d.count,
            })
            .collect();
        v.finish(|| {
            Some(IntakeCommand {
                procedure_code: procedure_code?,
                applicant: applicant?,
                documents,
                result_delivery: result_delivery?,
                supplement_requests: request.supplement_requests,
                refusal_reasons: request.refusal_reasons,
                notices: notices?,
            })
        })
    }
}

/// Parses the applicant, where the result goes and how notices go, as both
/// counter intake and an online application carry them; `online` allows
/// result delivery `online` (a download).
pub(crate) fn parse_form(
    v: &mut Violations,
    a: &ApplicantRequest,
    delivery: &DeliveryRequest,
    notify_by: Option<&[String]>,
    notice_language: Option<&str>,
    online: bool,
) -> (
    Option<Applicant>,
    Option<NoticePreferences>,
    Option<ResultDelivery>,
) {
    let fields = ApplicantFields {
        full_name: &a.full_name,
        id_number: a.id_number.as_deref(),
        birth_date: a.birth_date,
        phone: a.phone.as_deref(),
        email: a.email.as_deref(),
        address: &a.address,
        organization: a
            .organization
            .as_ref()
            .map(|o| (o.name.as_str(), o.tax_code.as_str())),
    };
    let applicant = match Applicant::parse(&fields) {
        Ok(applicant) => Some(applicant),
        Err(violations) => {
            v.extend_under("applicant", violations);
            None
        }
    };
    let notices = applicant.as_ref().and_then(|applicant| {
        match NoticePreferences::parse(notify_by, notice_language, applicant) {
            Ok(preferences) => Some(preferences),
            Err(violations) => {
                for violation in violations {
                    v.push(violation);
                }
                None
            }
        }
    });
    let result_delivery = match (delivery.method.as_str(), delivery.address.as_deref()) {
        ("counter", _) => Some(ResultDelivery::Counter),
        ("online", _) if online => Some(ResultDelivery::Online),
        ("post", Some(address)) => v
            .check(required_text("result_delivery.address", address, 300))
            .map(|address| ResultDelivery::Post { address }),
        ("post", None) => {
            v.push(Violation::new(
                "result_delivery.address",
                "required",
                "delivery by post needs an address",
            ));
            None
        }
        (other, _) => {
            v.push(Violation::new(
                "result_delivery.method",
                "unknown_method",
                if online {
                    format!("{other:?}: expected counter, post or online")
                } else {
                    format!("{other:?}: expected counter or post")
                },
            ));
            None
        }
    };
    (applicant, notices, result_delivery)
}

/// `GET /api/v1/dossiers` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    status: Option<String>,
    procedure: Option<String>,
    received_from: Option<String>,
    received_to: Option<String>,
    due_before: Option<String>,
    unit: Option<String>,
    assignee: Option<String>,
    mine: Option<bool>,
    due_soon: Option<bool>,
    overdue: Option<bool>,
    paused: Option<bool>,
    cursor: Option<String>,
    limit: Option<i64>,
}

/// Receives a paper dossier: 201 with the receipt, 200 with the supplement
/// notice, or 201 with the refusal.
pub async fn receive(
    app: web::Data<App>,
    Staff(principal): Staff,
    body: Json<IntakeRequest>,
) -> Answer {
    let command = IntakeCommand::try_from(body.into_inner()).map_err(AppError::from)?;
    match app.receive_dossier(principal, command).await? {
        IntakeOutcome::Received { dossier, receipt } => super::created(
            &format!("/api/v1/dossiers/{}", dossier.code),
            &serde_json::json!({"outcome": "received", "dossier": dossier, "receipt": receipt}),
        ),
        IntakeOutcome::SupplementNeeded(notice) => {
            super::ok(&serde_json::json!({"outcome": "supplement_needed", "notice": notice}))
        }
        IntakeOutcome::Refused { dossier, refusal } => super::created(
            &format!("/api/v1/dossiers/{}", dossier.code),
            &serde_json::json!({"outcome": "refused", "dossier": dossier, "refusal": refusal}),
        ),
    }
}

/// A dossier's full record.
pub async fn get(app: web::Data<App>, Staff(principal): Staff, path: web::Path<String>) -> Answer {
    super::workflow::dossier_answer(&app.get_dossier(principal, dossier_code(&path)?).await?)
}

/// The receipt (Mẫu 01) as a printable A5 page.
pub async fn receipt(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
) -> Answer {
    let receipt = app.receipt(principal, dossier_code(&path)?).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .body(receipt_html::render(&receipt)))
}

/// The agency's work list, by due instant.
pub async fn list(
    app: web::Data<App>,
    Staff(principal): Staff,
    query: web::Query<ListQuery>,
) -> Answer {
    let q = query.into_inner();
    let mut v = Violations::new();
    let statuses = q
        .status
        .as_deref()
        .map(|list| {
            list.split(',')
                .filter(|s| !s.is_empty())
                .filter_map(|s| {
                    v.check(
                        s.trim()
                            .parse::<DossierStatus>()
                            .map_err(|e| Violation::new("status", "unknown_status", e.to_string())),
                    )
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let procedure = q
        .procedure
        .as_deref()
        .and_then(|p| v.check(ProcedureCode::parse("procedure", p)));
    let mut when = |field: &str, text: &Option<String>| {
        text.as_deref()
            .and_then(|text| v.check(instant(field, text)))
    };
    let received_from = when("received_from", &q.received_from);
    let received_to = when("received_to", &q.received_to);
    let due_before = when("due_before", &q.due_before);
    let mut uuid = |field: &str, text: &Option<String>| {
        text.as_deref()
            .and_then(|t| match uuid::Uuid::parse_str(t) {
                Ok(id) => Some(id.to_string()),
                Err(_) => {
                    v.push(Violation::new(field, "invalid_id", "expected a UUID"));
                    None
                }
            })
    };
    let unit_id = uuid("unit", &q.unit);
    let assignee_id = uuid("assignee", &q.assignee);
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        v.push(Violation::new("limit", "out_of_range", "limit is 1 to 200"));
    }
    if !v.is_empty() {
        return Err(AppError::Validation(v.into_vec()).into());
    }
    let query = DossierListQuery {
        statuses,
        procedure,
        received_from,
        received_to,
        due_before,
        unit_id,
        assignee_id,
        mine: q.mine.unwrap_or(false),
        due_soon: q.due_soon.unwrap_or(false),
        overdue: q.overdue.unwrap_or(false),
        paused: q.paused.unwrap_or(false),
        cursor: q.cursor,
        limit,
    };
    super::ok(&app.list_dossiers(principal, query).await?)
}
