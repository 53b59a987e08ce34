//! Request bodies and query strings of `routes::dossiers`, and what each becomes.

use chrono::NaiveDate;
use motcua_app::{DossierListQuery, IntakeCommand};

use motcua_domain::{
    Applicant, ApplicantFields, CopyType, DossierStatus, NoticePreferences, ProcedureCode,
    ResultDelivery, SubmittedDocument, Violation, Violations, required_text,
};

use crate::extract::instant;

/// The applicant in an intake request.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicantRequest {
    pub(crate) full_name: String,
    pub(crate) id_number: Option<String>,
    pub(crate) birth_date: Option<NaiveDate>,
    pub(crate) phone: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) address: String,
    pub(crate) organization: Option<OrganizationRequest>,
}

/// An organisation applying.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationRequest {
    pub(crate) name: String,
    pub(crate) tax_code: String,
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
    pub(crate) index: usize,
    pub(crate) copy_type: CopyType,
    #[serde(default = "one")]
    pub(crate) count: u8,
}

pub(crate) fn one() -> u8 {
    1
}

/// Where the result goes.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryRequest {
    pub(crate) method: String,
    pub(crate) address: Option<String>,
}

/// `POST /api/v1/dossiers` body: a paper dossier at the counter.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeRequest {
    pub(crate) procedure_code: String,
    pub(crate) applicant: ApplicantRequest,
    #[serde(default)]
    pub(crate) documents: Vec<DocumentRequest>,
    pub(crate) result_delivery: DeliveryRequest,
    #[serde(default)]
    pub(crate) supplement_requests: Vec<String>,
    #[serde(default)]
    pub(crate) refusal_reasons: Vec<String>,
    /// `email`, `sms`, both, or none; by default e-mail if given, else SMS.
    pub(crate) notify_by: Option<Vec<String>>,
    /// `vi` (default) or `en`.
    pub(crate) notice_language: Option<String>,
    /// By post (channel 3): when the post handed the dossier over (RFC
    /// 3339), its reception instant.
    pub(crate) arrived_by_post_at: Option<String>,
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
        let arrived_by_post_at = request
            .arrived_by_post_at
            .as_deref()
            .and_then(|text| v.check(crate::extract::instant("arrived_by_post_at", text)));
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
                arrived_by_post_at,
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
    pub(crate) status: Option<String>,
    pub(crate) procedure: Option<String>,
    pub(crate) received_from: Option<String>,
    pub(crate) received_to: Option<String>,
    pub(crate) due_before: Option<String>,
    pub(crate) unit: Option<String>,
    pub(crate) assignee: Option<String>,
    pub(crate) mine: Option<bool>,
    pub(crate) due_soon: Option<bool>,
    pub(crate) overdue: Option<bool>,
    pub(crate) paused: Option<bool>,
    pub(crate) late_without_apology: Option<bool>,
    pub(crate) cursor: Option<String>,
    pub(crate) limit: Option<i64>,
}

impl TryFrom<ListQuery> for DossierListQuery {
    type Error = Vec<Violation>;

    /// Every filter parsed, every mistake reported at once.
    fn try_from(q: ListQuery) -> Result<Self, Self::Error> {
        let mut v = Violations::new();
        let statuses = q
            .status
            .as_deref()
            .map_or_else(Vec::new, |list| statuses(&mut v, list));
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
        let unit_id = q.unit.as_deref().and_then(|t| v.check(uuid("unit", t)));
        let assignee_id = q
            .assignee
            .as_deref()
            .and_then(|t| v.check(uuid("assignee", t)));
        let limit = q.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            v.push(Violation::new("limit", "out_of_range", "limit is 1 to 200"));
        }
        v.finish(|| {
            Some(DossierListQuery {
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
                late_without_apology: q.late_without_apology.unwrap_or(false),
                cursor: q.cursor,
                limit,
            })
        })
    }
}

/// A comma-separated list of statuses (`received,processing`); empty
/// items are skipped.
fn statuses(v: &mut Violations, list: &str) -> Vec<DossierStatus> {
    list.split(',')
        .filter(|s| !s.is_empty())
        .filter_map(|s| {
            v.check(
                s.trim()
                    .parse::<DossierStatus>()
                    .map_err(|e| Violation::new("status", "unknown_status", e.to_string())),
            )
        })
        .collect()
}

/// An id in a query string: a UUID, in its canonical spelling.
fn uuid(field: &str, text: &str) -> Result<String, Violation> {
    uuid::Uuid::parse_str(text)
        .map(|id| id.to_string())
        .map_err(|_| Violation::new(field, "invalid_id", "expected a UUID"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &str) -> ListQuery {
        actix_web::web::Query::<ListQuery>::from_query(pairs)
            .unwrap()
            .into_inner()
    }

    fn codes(q: &str) -> Vec<(String, String)> {
        DossierListQuery::try_from(query(q))
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|v| (v.field, v.code.to_owned()))
            .collect()
    }

    #[test]
    fn no_filters_lists_fifty_by_due_instant() {
        let q = DossierListQuery::try_from(query("")).unwrap();
        assert_eq!(q.limit, 50);
        assert!(q.statuses.is_empty() && q.procedure.is_none() && !q.mine && !q.overdue);
    }

    #[test]
    fn every_filter_is_parsed_into_its_type() {
        let q = DossierListQuery::try_from(query(
            "status=received,,processing&procedure=1.001612&received_from=2026-03-01T00:00:00%2B07:00\
             &due_before=2026-03-31T17:00:00%2B07:00&unit=0190b2a4-7c1e-7d9a-8f00-000000000001\
             &mine=true&overdue=true&limit=200&cursor=abc",
        ))
        .unwrap();
        assert_eq!(
            q.statuses,
            [DossierStatus::Received, DossierStatus::Processing]
        );
        assert_eq!(q.procedure.unwrap().as_str(), "1.001612");
        assert_eq!(
            q.received_from.unwrap().to_rfc3339(),
            "2026-02-28T17:00:00+00:00"
        );
        assert_eq!(
            q.due_before.unwrap().to_rfc3339(),
            "2026-03-31T10:00:00+00:00"
        );
        assert_eq!(
            q.unit_id.as_deref(),
            Some("0190b2a4-7c1e-7d9a-8f00-000000000001")
        );
        assert!(q.mine && q.overdue && !q.due_soon && !q.paused);
        assert_eq!((q.limit, q.cursor.as_deref()), (200, Some("abc")));
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        assert_eq!(
            codes("status=received,lost&procedure=x&received_to=soon&assignee=7&limit=0"),
            [
                ("status".to_owned(), "unknown_status".to_owned()),
                ("procedure".to_owned(), "invalid_procedure_code".to_owned()),
                ("received_to".to_owned(), "invalid_instant".to_owned()),
                ("assignee".to_owned(), "invalid_id".to_owned()),
                ("limit".to_owned(), "out_of_range".to_owned()),
            ]
        );
        assert_eq!(
            codes("limit=201"),
            [("limit".to_owned(), "out_of_range".to_owned())]
        );
    }
}

/// `GET /api/v1/dossiers/{code}/receipt` query: `html` (default) or `pdf`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormQuery {
    pub(crate) format: Option<String>,
}

/// `POST /api/v1/dossiers/search` body: what was typed into the search box.
/// In the body, not the address: it is often someone's name or number.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchRequest {
    pub(crate) query: String,
    pub(crate) limit: Option<i64>,
}
