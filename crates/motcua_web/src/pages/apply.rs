//! Applying online, the first step: who applies, to which agency, and where
//! the result goes (`/nop-truc-tuyen/{procedure}`), pre-filled from the
//! account; the same form edits a draft (`/ho-so-cua-toi/{id}/nguoi-nop`).
//! Posting it makes or updates the draft, and the draft's page takes the
//! documents.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{
    App, AppError, ApplicationForm, CitizenView, NewApplication, ProcedureView, Reason, StoredForm,
};
use motcua_domain::{
    AgencyCode, Applicant, ApplicantFields, NoticePreferences, OnlineMode, ProcedureCode,
    ResultDelivery, Violation, Violations, check_online_delivery, day_month_year, required_text,
    write_day_month_year,
};

use super::{Input, application_path, segment};
use crate::csrf::{self, FormToken};
use crate::form::{self, FormErrors};
use crate::frame::{Frame, Nav};
use crate::messages::{Lang, Messages};
use crate::session::SignedIn;
use crate::{WebError, see_other};

/// What the applicant form posts.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ApplicantForm {
    #[serde(default)]
    csrf: String,
    /// The draft's version, when editing one.
    #[serde(default)]
    version: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    organization_name: String,
    #[serde(default)]
    tax_code: String,
    #[serde(default)]
    delivery: String,
    #[serde(default)]
    post_address: String,
}

impl ApplicantForm {
    /// A new application's form, from the account.
    fn from_account(me: &CitizenView, procedure: &Procedure) -> ApplicantForm {
        ApplicantForm {
            // The only agency is chosen already; of several, none is.
            agency: match procedure.agencies.as_slice() {
                [(only, _)] => only.clone(),
                _ => String::new(),
            },
            full_name: me.full_name.clone(),
            phone: me.phone.clone().unwrap_or_default(),
            email: me.email.clone(),
            organization_name: me
                .organization
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            tax_code: me
                .organization
                .as_ref()
                .map(|o| o.tax_code.clone())
                .unwrap_or_default(),
            ..ApplicantForm::default()
        }
    }

    /// A draft's form as stored.
    fn from_stored(form: &StoredForm, agency: &str, version: i32) -> ApplicantForm {
        let a = &form.applicant;
        ApplicantForm {
            version: version.to_string(),
            agency: agency.to_owned(),
            full_name: a.full_name.clone(),
            id_number: a.id_number.clone().unwrap_or_default(),
            birth_date: a.birth_date.map(write_day_month_year).unwrap_or_default(),
            phone: a.phone.clone().unwrap_or_default(),
            email: a.email.clone().unwrap_or_default(),
            address: a.address.clone(),
            organization_name: a
                .organization
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            tax_code: a
                .organization
                .as_ref()
                .map(|o| o.tax_code.clone())
                .unwrap_or_default(),
            delivery: form.result_delivery.method.clone(),
            post_address: form.result_delivery.address.clone().unwrap_or_default(),
            ..ApplicantForm::default()
        }
    }
}

/// A radio choice.
pub(crate) struct Choice {
    pub(crate) id: String,
    pub(crate) value: String,
    pub(crate) label: String,
    pub(crate) checked: bool,
}

#[derive(Template)]
#[template(path = "apply_applicant.html")]
struct ApplicantPage {
    frame: Frame,
    csrf: String,
    errors: FormErrors,
    action: String,
    back: String,
    procedure: String,
    version: String,
    agencies: Vec<Choice>,
    agency_error: Option<String>,
    full_name: Input,
    id_number: Input,
    birth_date: Input,
    phone: Input,
    email: Input,
    address: Input,
    organization: bool,
    organization_name: Input,
    tax_code: Input,
    deliveries: Vec<Choice>,
    delivery_error: Option<String>,
    post_address: Input,
}

/// What the page needs to know of the procedure.
struct Procedure {
    code: ProcedureCode,
    name: String,
    mode: OnlineMode,
    agencies: Vec<(String, String)>,
}

/// The ways a procedure's result may go, as (value, index of its label in
/// `delivery_choices`): the law's (see `check_online_delivery`).
fn deliveries(mode: OnlineMode) -> &'static [(&'static str, usize)] {
    match mode {
        OnlineMode::Full => &[("online", 0), ("post", 2)],
        _ => &[("counter", 1), ("post", 2)],
    }
}

/// The applicant form for `procedure`, with the organisation's fields when
/// the account is an organisation's.
fn applicant_page(
    lang: Lang,
    req: &HttpRequest,
    csrf: String,
    (procedure, organization): (&Procedure, bool),
    typed: &ApplicantForm,
    errors: FormErrors,
    (action, back): (String, String),
) -> ApplicantPage {
    let m = lang.messages();
    let agencies = procedure
        .agencies
        .iter()
        .enumerate()
        .map(|(i, (code, name))| Choice {
            id: format!("agency-{i}"),
            value: code.clone(),
            label: name.clone(),
            checked: typed.agency == *code,
        })
        .collect();
    let deliveries = deliveries(procedure.mode)
        .iter()
        .map(|(value, label)| Choice {
            id: format!("delivery-{value}"),
            value: (*value).to_owned(),
            label: m.delivery_choices[*label].to_owned(),
            checked: typed.delivery == *value,
        })
        .collect::<Vec<_>>();
    ApplicantPage {
        frame: Frame::new(
            lang,
            form::title(m, &errors, m.applicant_title),
            Nav::Account,
            req,
        ),
        csrf,
        action,
        back,
        procedure: procedure.name.clone(),
        version: typed.version.clone(),
        agencies,
        agency_error: errors.at("agency-0").map(str::to_owned),
        full_name: Input::text("full_name", m.register_full_name, &typed.full_name)
            .autocomplete("name")
            .checked(&errors),
        id_number: Input::text("id_number", m.id_number_label, &typed.id_number)
            .hint(m.id_number_hint)
            .numeric()
            .width("width-10")
            .checked(&errors),
        birth_date: Input::text("birth_date", m.birth_date_label, &typed.birth_date)
            .hint(m.birth_date_hint)
            .autocomplete("bday")
            .width("width-10")
            .checked(&errors),
        phone: Input::text("phone", m.account_phone, &typed.phone)
            .kind("tel")
            .autocomplete("tel")
            .width("width-10")
            .checked(&errors),
        email: Input::text("email", m.email_label, &typed.email)
            .hint(m.applicant_email_hint)
            .kind("email")
            .autocomplete("email")
            .checked(&errors),
        address: Input::text("address", m.address_label, &typed.address)
            .hint(m.address_hint)
            .autocomplete("street-address")
            .checked(&errors),
        organization,
        organization_name: Input::text(
            "organization_name",
            m.register_organization_name,
            &typed.organization_name,
        )
        .autocomplete("organization")
        .checked(&errors),
        tax_code: Input::text("tax_code", m.register_tax_code, &typed.tax_code)
            .numeric()
            .width("width-10")
            .checked(&errors),
        delivery_error: deliveries
            .first()
            .and_then(|first| errors.at(&first.id).map(str::to_owned)),
        deliveries,
        post_address: Input::text("post_address", m.post_address_label, &typed.post_address)
            .hint(m.post_address_hint)
            .checked(&errors),
        errors,
    }
}

/// The form's fields, parsed; violations are named by the form's ids.
fn parse(
    f: &ApplicantForm,
    procedure: &Procedure,
    organization: bool,
    lang: Lang,
) -> Result<(AgencyCode, ApplicationForm), Vec<Violation>> {
    let mut v = Violations::new();
    let agency = if procedure.agencies.iter().any(|(code, _)| *code == f.agency) {
        v.check(AgencyCode::parse("agency-0", &f.agency))
    } else {
        v.push(Violation::new("agency-0", "required", "choose an agency"));
        None
    };
    let birth_date = form::optional(&mut v, "birth_date", &f.birth_date, day_month_year);
    let fields = ApplicantFields {
        full_name: &f.full_name,
        id_number: Some(&f.id_number),
        birth_date: birth_date.flatten(),
        phone: Some(&f.phone),
        email: Some(&f.email),
        address: &f.address,
        organization: organization.then_some((f.organization_name.as_str(), f.tax_code.as_str())),
    };
    let applicant = match Applicant::parse(&fields) {
        Ok(applicant) => Some(applicant),
        Err(violations) => {
            for violation in violations {
                v.push(rename(violation));
            }
            None
        }
    };
    let notices = applicant.as_ref().and_then(|applicant| {
        match NoticePreferences::parse(None, Some(lang.code()), applicant) {
            Ok(notices) => Some(notices),
            Err(violations) => {
                for violation in violations {
                    v.push(Violation::new("email", violation.code, violation.message));
                }
                None
            }
        }
    });
    // Only the ways this procedure offers are choices; anything else posted
    // is no choice.
    let choose = || Violation::new(delivery_field(procedure.mode), "required", "choose");
    let delivery = match f.delivery.as_str() {
        "counter" => Some(ResultDelivery::Counter),
        "online" => Some(ResultDelivery::Online),
        "post" => form::required(&mut v, "post_address", &f.post_address, |field, text| {
            required_text(field, text, 300)
        })
        .map(|address| ResultDelivery::Post { address }),
        _ => {
            v.push(choose());
            None
        }
    };
    let delivery = delivery.and_then(|delivery| {
        if check_online_delivery(procedure.mode, &delivery).is_ok() {
            Some(delivery)
        } else {
            v.push(choose());
            None
        }
    });
    v.finish(|| {
        Some((
            agency?,
            ApplicationForm {
                applicant: applicant?,
                result_delivery: delivery?,
                notices: notices?,
            },
        ))
    })
}

/// The id of the first delivery choice, where its error is shown.
fn delivery_field(mode: OnlineMode) -> String {
    format!("delivery-{}", deliveries(mode)[0].0)
}

/// A violation of the domain's parse, named by the form's ids.
fn rename(violation: Violation) -> Violation {
    let field = match violation.field.trim_start_matches("applicant.") {
        "organization.name" => "organization_name",
        "organization.tax_code" => "tax_code",
        "agency_code" => "agency-0",
        "result_delivery.address" => "post_address",
        other => other,
    }
    .to_owned();
    Violation::new(field, violation.code, violation.message)
}

/// The procedure `code` names, if it may be applied for online.
async fn procedure_of(app: &App, code: &str) -> Result<Procedure, WebError> {
    let code = ProcedureCode::parse("code", code).map_err(|_| WebError::NotFound)?;
    let p: ProcedureView = app.get_procedure(code.clone(), None).await?;
    if p.definition.online_mode == OnlineMode::None {
        return Err(WebError::NotFound);
    }
    Ok(Procedure {
        code,
        name: p.definition.name,
        mode: p.definition.online_mode,
        agencies: p.agencies.into_iter().map(|a| (a.code, a.name)).collect(),
    })
}

fn start_links(procedure: &Procedure) -> (String, String) {
    let code = segment(procedure.code.as_str());
    (
        format!("/nop-truc-tuyen/{code}"),
        format!("/thu-tuc/{code}"),
    )
}

/// `GET /nop-truc-tuyen/{procedure}`: the first step of a new application.
pub async fn start_form(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    FormToken(csrf): FormToken,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let procedure = procedure_of(&app, &path).await?;
    let me = app.citizen_me(citizen).await?;
    let page = applicant_page(
        lang,
        &req,
        csrf,
        (&procedure, me.organization.is_some()),
        &ApplicantForm::from_account(&me, &procedure),
        FormErrors::none(),
        start_links(&procedure),
    );
    Ok(crate::html(StatusCode::OK, &page))
}

/// `POST /nop-truc-tuyen/{procedure}`: makes the draft, and goes on to its
/// documents.
pub async fn start(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    path: web::Path<String>,
    req: HttpRequest,
    posted: web::Form<ApplicantForm>,
) -> Result<HttpResponse, WebError> {
    let typed = posted.into_inner();
    csrf::verify(&req, &typed.csrf)?;
    let m = lang.messages();
    let procedure = procedure_of(&app, &path).await?;
    let me = app.citizen_me(citizen.clone()).await?;
    let organization = me.organization.is_some();
    let (status, errors) = match parse(&typed, &procedure, organization, lang) {
        Ok((agency_code, form)) => {
            let new = NewApplication {
                procedure_code: procedure.code.clone(),
                agency_code,
                form,
            };
            match app.create_application(citizen, new).await {
                Ok(view) => return Ok(see_other(&application_path(&view.id))),
                Err(e) => refused(m, e)?,
            }
        }
        Err(violations) => (
            StatusCode::BAD_REQUEST,
            FormErrors::from_violations(m, violations),
        ),
    };
    let page = applicant_page(
        lang,
        &req,
        typed.csrf.clone(),
        (&procedure, organization),
        &typed,
        errors,
        start_links(&procedure),
    );
    Ok(crate::html(status, &page))
}

/// What the use case refused, said on the form.
fn refused(m: &Messages, error: AppError) -> Result<(StatusCode, FormErrors), WebError> {
    match error {
        AppError::Validation(violations) => Ok((
            StatusCode::BAD_REQUEST,
            FormErrors::from_violations(m, violations.into_iter().map(rename).collect()),
        )),
        AppError::Conflict(Reason::DraftLimit, _) => {
            let mut errors = FormErrors::none();
            errors.push("", m.draft_limit);
            Ok((StatusCode::CONFLICT, errors))
        }
        AppError::PreconditionFailed(_) => {
            let mut errors = FormErrors::none();
            errors.push("", m.changed_meanwhile);
            Ok((StatusCode::PRECONDITION_FAILED, errors))
        }
        other => Err(other.into()),
    }
}

/// `GET /ho-so-cua-toi/{id}/nguoi-nop`: the first step again, for a draft.
pub async fn edit_form(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    FormToken(csrf): FormToken,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let view = app.my_application(citizen, id.clone()).await?;
    if view.dossier.is_some() {
        return Ok(see_other(&application_path(&id)));
    }
    let procedure = procedure_of(&app, &view.procedure.code).await?;
    let typed = ApplicantForm::from_stored(&view.form, &view.agency.code, view.version);
    let page = applicant_page(
        lang,
        &req,
        csrf,
        (&procedure, view.form.applicant.organization.is_some()),
        &typed,
        FormErrors::none(),
        edit_links(&id),
    );
    Ok(crate::html(StatusCode::OK, &page))
}

fn edit_links(id: &str) -> (String, String) {
    let page = application_path(id);
    (format!("{page}/nguoi-nop"), page)
}

/// `POST /ho-so-cua-toi/{id}/nguoi-nop`: saves the draft's form, unless it
/// changed meanwhile (another tab): then what was typed comes back to check
/// and save again.
pub async fn edit(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    path: web::Path<String>,
    req: HttpRequest,
    posted: web::Form<ApplicantForm>,
) -> Result<HttpResponse, WebError> {
    let mut typed = posted.into_inner();
    csrf::verify(&req, &typed.csrf)?;
    let m = lang.messages();
    let id = path.into_inner();
    let view = app.my_application(citizen.clone(), id.clone()).await?;
    if view.dossier.is_some() {
        return Ok(see_other(&application_path(&id)));
    }
    let procedure = procedure_of(&app, &view.procedure.code).await?;
    let organization = view.form.applicant.organization.is_some();
    // The agency is chosen once, when the draft is made.
    typed.agency = view.agency.code.clone();
    let (status, errors) = match parse(&typed, &procedure, organization, lang) {
        Ok((_, form)) => {
            let version = typed.version.parse().unwrap_or(0);
            match app
                .update_application(citizen, id.clone(), version, form)
                .await
            {
                Ok(_) => {
                    return Ok(see_other(&format!("{}?tb=da-luu", application_path(&id))));
                }
                Err(e) => {
                    let answer = refused(m, e)?;
                    // Saving again saves over what changed meanwhile.
                    typed.version = view.version.to_string();
                    answer
                }
            }
        }
        Err(violations) => (
            StatusCode::BAD_REQUEST,
            FormErrors::from_violations(m, violations),
        ),
    };
    let page = applicant_page(
        lang,
        &req,
        typed.csrf.clone(),
        (&procedure, organization),
        &typed,
        errors,
        edit_links(&id),
    );
    Ok(crate::html(status, &page))
}
