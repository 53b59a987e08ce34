//! One of the citizen's applications (`/ho-so-cua-toi/{id}`): while a draft,
//! its tasks (the applicant, a file upload per required document, check and
//! submit); once submitted, where it stands and its files. Checking the
//! answers (`/kiem-tra`) and submitting (`/nop`) end at the confirmation
//! (`/da-nop`) with the dossier's code. A submission carries a key made
//! with its page, so a double click or a refresh submits once, and an
//! application is one dossier whatever comes after.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, AppError, ApplicationView, FileView, Reason};
use motcua_domain::{
    CRITERIA, DossierStatus, Rating, Violation, attachment_disposition, format_date,
    format_date_time, format_vnd, group_thousands, write_day_month_year,
};

use super::{DossierState, application_path, segment};
use crate::csrf::{self, FormToken};
use crate::form::{self, FieldError, FormErrors};
use crate::frame::{Frame, Nav};
use crate::messages::{Lang, Messages};
use crate::session::SignedIn;
use crate::uploads::{self, UploadProblem};
use crate::{WebError, see_other};

/// A file in a list, with its download link.
struct FileLine {
    name: String,
    size: String,
    href: String,
}

/// A required document and its files, with its upload form while the
/// files may change.
struct DocumentBlock {
    index: usize,
    name: String,
    mandatory: bool,
    files: Vec<FileLine>,
    error: Option<String>,
}

/// A question and its answer, on the check page and the draft's page.
struct Answer {
    label: &'static str,
    value: String,
}

fn size(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", group_thousands((bytes + 1023) / 1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    }
}

/// A file of the application at `page`, with its download link.
fn file_line(page: &str, f: &FileView) -> FileLine {
    FileLine {
        name: f.file_name.clone(),
        size: size(f.size_bytes),
        href: format!("{page}/tep/{}", segment(&f.id)),
    }
}

/// A limit in bytes, as the hints and errors say it.
fn limit(bytes: usize) -> String {
    size(i64::try_from(bytes).unwrap_or(i64::MAX))
}

fn documents(view: &ApplicationView, error: Option<(usize, String)>) -> Vec<DocumentBlock> {
    let id = application_path(&view.id);
    view.documents
        .iter()
        .map(|d| DocumentBlock {
            index: d.index,
            name: d.name.clone(),
            mandatory: d.mandatory,
            files: d.files.iter().map(|f| file_line(&id, f)).collect(),
            error: error
                .as_ref()
                .filter(|(index, _)| *index == d.index)
                .map(|(_, message)| message.clone()),
        })
        .collect()
}

fn answers(m: &Messages, view: &ApplicationView) -> Vec<Answer> {
    let a = &view.form.applicant;
    let mut answers = Vec::new();
    if let Some(o) = &a.organization {
        answers.push(Answer {
            label: m.register_organization_name,
            value: o.name.clone(),
        });
        answers.push(Answer {
            label: m.register_tax_code,
            value: o.tax_code.clone(),
        });
    }
    let given = |value: &Option<String>| value.clone().unwrap_or_else(|| m.not_given.to_owned());
    answers.extend([
        Answer {
            label: m.register_full_name,
            value: a.full_name.clone(),
        },
        Answer {
            label: m.id_number_label,
            value: given(&a.id_number),
        },
        Answer {
            label: m.birth_date_short,
            value: given(&a.birth_date.map(write_day_month_year)),
        },
        Answer {
            label: m.account_phone,
            value: given(&a.phone),
        },
        Answer {
            label: m.email_label,
            value: given(&a.email),
        },
        Answer {
            label: m.address_label,
            value: a.address.clone(),
        },
    ]);
    let delivery = &view.form.result_delivery;
    let method = match delivery.method.as_str() {
        "online" => m.delivery_choices[0].to_owned(),
        "counter" => m.delivery_choices[1].to_owned(),
        _ => format!(
            "{}: {}",
            m.delivery_choices[2],
            delivery.address.clone().unwrap_or_default()
        ),
    };
    answers.push(Answer {
        label: m.delivery_legend,
        value: method,
    });
    answers
}

#[derive(Template)]
#[template(path = "application.html")]
struct ApplicationPage {
    frame: Frame,
    csrf: String,
    id: String,
    banner: Option<&'static str>,
    procedure: String,
    agency: String,
    /// Drafts show their tasks; a submitted application where it stands.
    draft: bool,
    /// Whether files may change now (a draft, or a supplement asked for).
    editable: bool,
    answers: Vec<Answer>,
    documents: Vec<DocumentBlock>,
    code: Option<String>,
    state: Option<DossierState>,
    appointment: Option<String>,
    received: Option<String>,
    timeline: Vec<(String, String)>,
    started: String,
    upload_hint: String,
    /// The fees asked for, in words.
    fees: Vec<String>,
    /// Whether a fee waits to be paid now.
    payable: bool,
    /// The result's files, once released.
    results: Vec<FileLine>,
    /// The rating form's questions, while the result is out and unrated.
    rating_questions: Vec<RatingQuestion>,
    /// The rating given, in words.
    rated: Option<String>,
    /// Whether the applicant may still ask to withdraw.
    withdrawable: bool,
    withdraw_reason: crate::pages::Input,
    /// What was wrong with a posted rating or withdrawal.
    errors: FormErrors,
    /// What the agency asked to bring or fix.
    supplement_asked: Vec<String>,
}

/// One criterion of the rating form: its radios, 0 to 2.
struct RatingQuestion {
    name: &'static str,
    label: &'static str,
    error: Option<String>,
    /// Each score's value, label and whether it was chosen.
    options: Vec<(u8, &'static str, bool)>,
}

impl RatingQuestion {
    fn new(m: &Messages, name: &'static str, label: &'static str, chosen: Option<u8>) -> Self {
        RatingQuestion {
            name,
            label,
            error: None,
            options: (0u8..)
                .zip(m.rating_scores)
                .map(|(score, text)| (score, text, chosen == Some(score)))
                .collect(),
        }
    }
}

/// Which notice shows above the page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct BannerQuery {
    #[serde(default)]
    tb: String,
}

fn banner(m: &Messages, code: &str) -> Option<&'static str> {
    match code {
        "da-danh-gia" => Some(m.banner_rated),
        "da-yeu-cau-rut" => Some(m.banner_withdrawal_asked),
        "da-luu" => Some(m.banner_saved),
        "da-tai-len" => Some(m.banner_uploaded),
        _ => None,
    }
}

fn application_page(
    lang: Lang,
    req: &HttpRequest,
    csrf: String,
    view: &ApplicationView,
    banner: Option<&'static str>,
    error: Option<(usize, String)>,
) -> ApplicationPage {
    let m = lang.messages();
    let id = segment(&view.id);
    let page = application_path(&view.id);
    let dossier = view.dossier.as_ref();
    let state = dossier.map(|d| DossierState::of(m, d.status.code));
    let status = state.as_ref().map(|s| s.status);
    // The view holds result files only once they are released.
    let released = matches!(
        status,
        Some(DossierStatus::Finished | DossierStatus::Returned)
    );
    let most = req
        .app_data::<web::Data<crate::WebSettings>>()
        .map_or(0, |s| s.max_file_bytes);
    ApplicationPage {
        frame: Frame::new(lang, view.procedure.name.clone(), Nav::Account, req),
        csrf,
        id: id.clone(),
        banner,
        procedure: view.procedure.name.clone(),
        agency: view.agency.name.clone(),
        draft: dossier.is_none(),
        editable: view.editable,
        answers: answers(m, view),
        documents: documents(view, error),
        code: dossier.map(|d| d.code.clone()),
        state,
        appointment: dossier.and_then(|d| d.due_at).map(format_date_time),
        received: dossier.map(|d| format_date_time(d.received_at)),
        timeline: dossier
            .map(|d| {
                d.timeline
                    .iter()
                    .map(|s| (s.step.clone(), format_date_time(s.at)))
                    .collect()
            })
            .unwrap_or_default(),
        started: format_date(view.created_at),
        fees: view
            .payments
            .iter()
            .map(|p| match &p.receipt_number {
                Some(receipt) => (m.fee_paid)(&format_vnd(p.amount_vnd), receipt),
                None => (m.fee_line)(&format_vnd(p.amount_vnd), &format_date(p.requested_at)),
            })
            .collect(),
        results: view.results.iter().map(|f| file_line(&page, f)).collect(),
        rating_questions: if released && view.rating.is_none() {
            CRITERIA
                .iter()
                .zip(m.rating_criteria)
                .map(|(name, label)| RatingQuestion::new(m, name, label, None))
                .collect()
        } else {
            Vec::new()
        },
        rated: view
            .rating
            .as_ref()
            .map(|r| (m.rated_summary)(r.total, &format_date(r.rated_at))),
        // Nothing to withdraw once the result is out, or asked already.
        withdrawable: status
            .is_some_and(|s| !s.is_final() && !released && s != DossierStatus::WithdrawalRequested),
        withdraw_reason: crate::pages::Input::text("withdraw_reason", m.withdraw_reason_label, "")
            .hint(m.withdraw_reason_hint),
        errors: FormErrors::none(),
        supplement_asked: view.supplement_asked.clone(),
        payable: status == Some(DossierStatus::PaymentRequested)
            && view.payments.iter().any(|p| p.paid_at.is_none()),
        upload_hint: (m.upload_hint)(&limit(most)),
    }
}

/// `GET /ho-so-cua-toi/{id}`.
pub async fn show(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    FormToken(csrf): FormToken,
    path: web::Path<String>,
    query: web::Query<BannerQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let view = app.my_application(citizen, path.into_inner()).await?;
    let banner = banner(lang.messages(), &query.tb);
    let page = application_page(lang, &req, csrf, &view, banner, None);
    Ok(crate::html(StatusCode::OK, &page))
}

/// `POST /ho-so-cua-toi/{id}/giay-to/{index}`: the files of one document
/// (replacing those it had); what is wrong with them is said at its field.
pub async fn upload(
    app: web::Data<App>,
    settings: web::Data<crate::WebSettings>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    path: web::Path<(String, usize)>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, WebError> {
    let (id, index) = path.into_inner();
    let m = lang.messages();
    let files = uploads::read(&req, payload).await?;
    let (status, message) = match files {
        Ok(files) => match app
            .upload_documents(citizen.clone(), id.clone(), index, files)
            .await
        {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "{}?tb=da-tai-len#tai-lieu-{index}",
                    application_path(&id)
                )));
            }
            Err(AppError::UnsupportedMediaType(_)) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                m.upload_wrong_type.to_owned(),
            ),
            Err(AppError::TooLarge(_)) => {
                (StatusCode::PAYLOAD_TOO_LARGE, m.upload_quota.to_owned())
            }
            Err(AppError::Validation(_)) => (StatusCode::BAD_REQUEST, m.upload_empty.to_owned()),
            Err(AppError::Conflict(Reason::ApplicationSubmitted, _)) => {
                return Ok(see_other(&application_path(&id)));
            }
            Err(e) => return Err(e.into()),
        },
        Err(problem) => match problem {
            UploadProblem::NoFile => (StatusCode::BAD_REQUEST, m.upload_none.to_owned()),
            UploadProblem::TooMany => (StatusCode::BAD_REQUEST, m.upload_too_many.to_owned()),
            UploadProblem::FileTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                (m.upload_file_too_large)(&limit(settings.max_file_bytes)),
            ),
            UploadProblem::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                (m.upload_too_large)(&limit(settings.max_upload_bytes)),
            ),
        },
    };
    let view = app.my_application(citizen, id).await?;
    if !view.documents.iter().any(|d| d.index == index) {
        return Err(WebError::NotFound);
    }
    let mut page = application_page(
        lang,
        &req,
        csrf::token_of(&req)?,
        &view,
        None,
        Some((index, message.clone())),
    );
    // Said at the top too, linking to the file input (GOV.UK's summary).
    page.errors.push(&format!("file-{index}"), message);
    page.frame.title = format!("{}: {}", m.error_prefix, page.frame.title);
    let mut response = crate::html(status, &page);
    // The page came from a POST: a refresh must not send the files again
    // without asking, and no cache keeps it.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Template)]
#[template(path = "check_answers.html")]
struct CheckPage {
    frame: Frame,
    csrf: String,
    id: String,
    key: String,
    procedure: String,
    agency: String,
    answers: Vec<Answer>,
    documents: Vec<DocumentBlock>,
    errors: FormErrors,
    resubmit: bool,
}

/// `GET /ho-so-cua-toi/{id}/kiem-tra`: everything the agency will get, to
/// check before submitting; what is missing is said at the top.
pub async fn check(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    FormToken(csrf): FormToken,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    let view = app.my_application(citizen, path.into_inner()).await?;
    let id = segment(&view.id);
    if !view.editable {
        return Ok(see_other(&format!("/ho-so-cua-toi/{id}")));
    }
    let mut errors = FormErrors::none();
    for d in view
        .documents
        .iter()
        .filter(|d| d.mandatory && d.files.is_empty())
    {
        errors.0.push(FieldError {
            field: String::new(),
            message: (m.document_missing)(&d.name),
        });
    }
    let page = CheckPage {
        frame: Frame::new(
            lang,
            crate::form::title(m, &errors, m.check_title),
            Nav::Account,
            &req,
        ),
        csrf,
        key: csrf::random_token()?,
        procedure: view.procedure.name.clone(),
        agency: view.agency.name.clone(),
        answers: answers(m, &view),
        documents: documents(&view, None),
        resubmit: view.dossier.is_some(),
        id,
        errors,
    };
    Ok(crate::html(StatusCode::OK, &page))
}

/// What the submit form posts: the form token and the submission's key.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SubmitForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    key: String,
}

/// What a submission from the pages stores as its answer: only where it
/// went, for a repeat to go there too.
fn submitted(view: &ApplicationView) -> serde_json::Result<serde_json::Value> {
    Ok(serde_json::json!({ "id": view.id }))
}

/// `POST /ho-so-cua-toi/{id}/nop`: submits (or, after a supplement request,
/// submits again), then the confirmation. A repeat with the same key, or a
/// submit of what is submitted already, goes to the same confirmation.
pub async fn submit(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    path: web::Path<String>,
    req: HttpRequest,
    posted: web::Form<SubmitForm>,
) -> Result<HttpResponse, WebError> {
    csrf::verify(&req, &posted.csrf)?;
    let id = path.into_inner();
    let key = posted.key.trim();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(WebError::BadRequest);
    }
    let done = format!("{}/da-nop", application_path(&id));
    match app
        .submit_application(citizen, id.clone(), format!("web:{key}"), submitted)
        .await
    {
        Ok(_) | Err(AppError::Conflict(Reason::ApplicationSubmitted, _)) => Ok(see_other(&done)),
        // Something is missing after all (a file removed in another tab):
        // the check page says what.
        Err(AppError::Validation(_)) => {
            Ok(see_other(&format!("{}/kiem-tra", application_path(&id))))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "submitted.html")]
struct SubmittedPage {
    frame: Frame,
    id: String,
    code: String,
    procedure: String,
    agency: String,
    appointment: Option<String>,
    email: Option<String>,
}

/// `GET /ho-so-cua-toi/{id}/da-nop`: the confirmation, with the code.
pub async fn confirmation(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    let view = app.my_application(citizen, path.into_inner()).await?;
    let Some(dossier) = &view.dossier else {
        return Ok(see_other(&application_path(&view.id)));
    };
    let page = SubmittedPage {
        frame: Frame::new(lang, m.submitted_title, Nav::Account, &req),
        id: segment(&view.id),
        code: dossier.code.clone(),
        procedure: view.procedure.name.clone(),
        agency: view.agency.name.clone(),
        appointment: dossier.due_at.map(format_date_time),
        email: view.form.applicant.email.clone(),
    };
    Ok(crate::html(StatusCode::OK, &page))
}

/// `GET /ho-so-cua-toi/{id}/tep/{file}`: one of the citizen's files, sent
/// for saving (never shown by the browser as a page of ours).
pub async fn file(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (id, file) = path.into_inner();
    let content = app.application_file(citizen, id, file).await?;
    Ok(HttpResponse::Ok()
        .content_type(content.file.content_type.clone())
        .insert_header((
            header::CONTENT_DISPOSITION,
            attachment_disposition(&content.file.file_name),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        // Whatever the bytes are, no page of ours runs them.
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'",
        ))
        .body(content.bytes))
}

/// `POST /ho-so-cua-toi/{id}/xoa`: deletes a draft and its files.
pub async fn delete(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    path: web::Path<String>,
    req: HttpRequest,
    posted: web::Form<crate::pages::account::ButtonForm>,
) -> Result<HttpResponse, WebError> {
    csrf::verify(&req, &posted.csrf)?;
    let id = path.into_inner();
    match app.delete_application(citizen, id.clone()).await {
        Ok(()) => Ok(see_other("/ho-so-cua-toi?tb=da-xoa")),
        Err(AppError::Conflict(..)) => Ok(see_other(&application_path(&id))),
        Err(e) => Err(e.into()),
    }
}

/// What the rating form posts: a score per criterion (`0`, `1`, `2`) and
/// a remark.
pub async fn rate(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    path: web::Path<String>,
    req: HttpRequest,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    let posted = posted.into_inner();
    let field = |name: &str| Some(form::field(&posted, name)).filter(|v| !v.is_empty());
    csrf::verify(&req, form::field(&posted, "csrf"))?;
    let id = path.into_inner();
    let mut scores = Vec::new();
    let mut missing = Vec::new();
    for name in CRITERIA {
        match field(&format!("score-{name}")).and_then(|v| v.parse::<i64>().ok()) {
            Some(score) => scores.push((name.to_owned(), score)),
            None => missing.push(name),
        }
    }
    let comment = field("comment").map(str::to_owned);
    let too_long = comment.as_ref().is_some_and(|c| c.chars().count() > 2000);
    let mut errors = FormErrors::none();
    for (number, (name, label)) in CRITERIA.iter().zip(m.rating_criteria).enumerate() {
        if missing.contains(name) {
            errors.push(
                &format!("score-{name}-0"),
                (m.rating_missing_for)(number + 1, label),
            );
        }
    }
    if too_long {
        errors.push("comment", m.comment_too_long);
    }
    if !errors.any() {
        let rating = Rating::parse(&scores).map_err(|_| WebError::BadRequest)?;
        let command = motcua_app::RatingCommand { rating, comment };
        match app
            .rate_application(citizen.clone(), id.clone(), command)
            .await
        {
            Ok(_) | Err(AppError::Conflict(Reason::RatedAlready, _)) => {
                return Ok(see_other(&format!(
                    "{}?tb=da-danh-gia",
                    application_path(&id)
                )));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let view = app.my_application(citizen, id).await?;
    let mut page = application_page(lang, &req, csrf::token_of(&req)?, &view, None, None);
    for q in &mut page.rating_questions {
        let chosen = field(&format!("score-{}", q.name)).and_then(|v| v.parse().ok());
        *q = RatingQuestion::new(m, q.name, q.label, chosen);
        if errors.at(&format!("score-{}-0", q.name)).is_some() {
            q.error = Some(m.rating_missing.to_owned());
        }
    }
    page.frame.title = format!("{}: {}", m.error_prefix, page.frame.title);
    page.errors = errors;
    Ok(crate::html(StatusCode::BAD_REQUEST, &page))
}

/// What the withdrawal form posts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    withdraw_reason: String,
}

/// `POST /ho-so-cua-toi/{id}/rut-ho-so`: asks the agency to withdraw the
/// dossier, with why.
pub async fn withdraw(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    path: web::Path<String>,
    req: HttpRequest,
    posted: web::Form<WithdrawForm>,
) -> Result<HttpResponse, WebError> {
    csrf::verify(&req, &posted.csrf)?;
    let m = lang.messages();
    let id = path.into_inner();
    let reason = motcua_domain::required_text("withdraw_reason", &posted.withdraw_reason, 500);
    let violation = match reason {
        Ok(reason) => match app
            .withdraw_application(citizen.clone(), id.clone(), reason)
            .await
        {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "{}?tb=da-yeu-cau-rut",
                    application_path(&id)
                )));
            }
            Err(AppError::IllegalTransition(_) | AppError::Conflict(..)) => {
                Violation::new("withdraw_reason", "not_now", "not now")
            }
            Err(e) => return Err(e.into()),
        },
        Err(violation) => violation,
    };
    let view = app.my_application(citizen, id).await?;
    let mut page = application_page(lang, &req, csrf::token_of(&req)?, &view, None, None);
    page.errors = FormErrors::from_violations(m, vec![violation]);
    page.withdraw_reason = page
        .withdraw_reason
        .error(page.errors.at("withdraw_reason").map(str::to_owned));
    page.withdraw_reason.value = posted.withdraw_reason.clone();
    page.frame.title = format!("{}: {}", m.error_prefix, page.frame.title);
    Ok(crate::html(StatusCode::BAD_REQUEST, &page))
}
