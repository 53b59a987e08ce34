//! A citizen's own applications (`/api/v1/me/dossiers`): drafts, uploads,
//! submission with an `Idempotency-Key`, reading and withdrawing; and the
//! staff's view of an online dossier's files.

use actix_web::http::header::{self, ContentDisposition, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use motcua_app::{
    App, AppError, ApplicationView, FileContent, NewApplication, RatingCommand, Upload,
};
use motcua_domain::{AgencyCode, ProcedureCode, Rating, Violation, Violations, required_text};

use super::workflow::version_of;
use super::{Answer, dossier_code};
use crate::extract::Citizen;
use crate::extract::Json;
use crate::problem::ApiError;
use crate::requests::online::{
    CreateApplicationRequest, ListQuery, RatingRequest, UpdateApplicationRequest, WithdrawRequest,
    form,
};
use crate::requests::workflow::note;
use crate::responses::{
    ApplicationListResponse, ApplicationResponse, DossierFilesResponse, ResultFilesResponse,
};
use crate::uploads::{read_limited, read_multipart};
use crate::{ApiSettings, Staff};

fn answer(view: ApplicationView) -> Answer {
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, format!("\"{}\"", view.version)))
        .json(ApplicationResponse::from(view)))
}

/// What a submission answers, stored with its `Idempotency-Key` so that a
/// retry gets the very same body.
fn submission_answer(view: &ApplicationView) -> serde_json::Result<serde_json::Value> {
    serde_json::to_value(ApplicationResponse::from(view.clone()))
}

/// Starts a draft.
pub async fn create(
    app: web::Data<App>,
    Citizen(citizen): Citizen,
    body: Json<CreateApplicationRequest>,
) -> Answer {
    let r = body.into_inner();
    let mut v = Violations::new();
    let procedure_code = v.check(ProcedureCode::parse("procedure_code", &r.procedure_code));
    let agency_code = v.check(AgencyCode::parse("agency_code", &r.agency_code));
    let form = form(&mut v, &r.form);
    let new = v
        .finish(|| {
            Some(NewApplication {
                procedure_code: procedure_code?,
                agency_code: agency_code?,
                form: form?,
            })
        })
        .map_err(AppError::Validation)?;
    let view = app.create_application(citizen, new).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/me/dossiers/{}", view.id)))
        .insert_header((header::ETAG, format!("\"{}\"", view.version)))
        .json(ApplicationResponse::from(view)))
}

/// The citizen's applications, newest first.
pub async fn list(
    app: web::Data<App>,
    Citizen(citizen): Citizen,
    query: web::Query<ListQuery>,
) -> Answer {
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(20);
    let offset = q.offset.unwrap_or(0);
    let mut v = Violations::new();
    if !(1..=50).contains(&limit) {
        v.push(Violation::new("limit", "out_of_range", "limit is 1 to 50"));
    }
    if !(0..=1_000_000).contains(&offset) {
        v.push(Violation::new(
            "offset",
            "out_of_range",
            "offset is 0 to 1000000",
        ));
    }
    if !v.is_empty() {
        return Err(AppError::Validation(v.into_vec()).into());
    }
    super::ok(&ApplicationListResponse::from(
        app.my_applications(citizen, limit, offset).await?,
    ))
}

/// One application.
pub async fn get(
    app: web::Data<App>,
    Citizen(citizen): Citizen,
    path: web::Path<String>,
) -> Answer {
    answer(app.my_application(citizen, path.into_inner()).await?)
}

/// Deletes a draft and its files.
pub async fn delete(
    app: web::Data<App>,
    Citizen(citizen): Citizen,
    path: web::Path<String>,
) -> Answer {
    app.delete_application(citizen, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replaces a draft's form.
pub async fn update(
    app: web::Data<App>,
    Citizen(citizen): Citizen,
    path: web::Path<String>,
    req: HttpRequest,
    body: Json<UpdateApplicationRequest>,
) -> Answer {
    let r = body.into_inner();
    let version = version_of(&req, r.version)?;
    let mut v = Violations::new();
    let form = form(&mut v, &r.form);
    let form = v.finish(|| form).map_err(AppError::Validation)?;
    answer(
        app.update_application(citizen, path.into_inner(), version, form)
            .await?,
    )
}

/// Uploads the file(s) of one document, replacing what it had: a raw body
/// (the name in `Content-Disposition: attachment; filename=...`) or
/// `multipart/form-data` with one or more files.
pub async fn upload(
    app: web::Data<App>,
    settings: web::Data<ApiSettings>,
    Citizen(citizen): Citizen,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    payload: web::Payload,
) -> Answer {
    let (id, document) = path.into_inner();
    let index: usize = super::in_path(&document, motcua_app::Reason::NoSuchDocument, str::parse)?;
    let uploads = read_uploads(&req, payload, &settings).await?;
    answer(app.upload_documents(citizen, id, index, uploads).await?)
}

/// The files of an upload: a raw body (the name in `Content-Disposition:
/// attachment; filename=...`) of one file, or `multipart/form-data`; a
/// file over the file limit or a body over the upload limit is 413 before
/// it is all read, so a client cannot make us hold more than that.
async fn read_uploads(
    req: &HttpRequest,
    payload: web::Payload,
    settings: &ApiSettings,
) -> Result<Vec<Upload>, ApiError> {
    let limit = settings.max_upload_bytes;
    if let Some(length) = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        && length > limit
    {
        return Err(ApiError::too_large(limit));
    }
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if multipart {
        return read_multipart(req, payload, limit, settings.max_file_bytes).await;
    }
    let file_name = req
        .headers()
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v: &HeaderValue| ContentDisposition::from_raw(v).ok())
        .and_then(|d| d.get_filename().map(str::to_owned))
        .unwrap_or_else(|| "file".into());
    let bytes = read_limited(payload, settings.max_file_bytes).await?;
    Ok(vec![Upload { file_name, bytes }])
}

fn file_answer(content: FileContent) -> Answer {
    Ok(HttpResponse::Ok()
        .content_type(content.file.content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            motcua_domain::attachment_disposition(&content.file.file_name),
        ))
        .insert_header(("digest", format!("sha-256={}", content.file.sha256)))
        .insert_header(("cache-control", "private, no-store"))
        .body(content.bytes))
}

/// Downloads one of the citizen's files.
pub async fn file(
    app: web::Data<App>,
    Citizen(citizen): Citizen,
    path: web::Path<(String, String)>,
) -> Answer {
    let (id, file_id) = path.into_inner();
    file_answer(app.application_file(citizen, id, file_id).await?)
}

/// The `Idempotency-Key` header: 1 to 255 visible ASCII characters.
fn idempotency_key(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get("idempotency-key")
        .ok_or_else(|| {
            ApiError::from(AppError::PreconditionRequired(
                "send an Idempotency-Key header (a fresh UUID per submission); a retry with the same key is safe".into(),
            ))
        })?;
    let key = value.to_str().unwrap_or("").trim();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::invalid(
            "Idempotency-Key",
            "invalid_key",
            "1 to 255 visible ASCII characters, e.g. a UUID",
        ));
    }
    Ok(key.to_owned())
}

/// Submits (or, after a supplement request, re-submits) an application.
pub async fn submit(
    app: web::Data<App>,
    Citizen(citizen): Citizen,
    path: web::Path<String>,
    req: HttpRequest,
) -> Answer {
    let key = idempotency_key(&req)?;
    let id = path.into_inner();
    let submission = app
        .submit_application(citizen, id.clone(), key, submission_answer)
        .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/me/dossiers/{id}")));
    if submission.replayed {
        response.insert_header(("idempotent-replayed", "true"));
    }
    Ok(response.json(submission.answer))
}

/// Asks to withdraw a submitted application.
pub async fn withdraw(
    app: web::Data<App>,
    Citizen(citizen): Citizen,
    path: web::Path<String>,
    body: Json<WithdrawRequest>,
) -> Answer {
    let reason = required_text("reason", &body.into_inner().reason, 2000)
        .map_err(|violation| AppError::Validation(vec![violation]))?;
    answer(
        app.withdraw_application(citizen, path.into_inner(), reason)
            .await?,
    )
}

/// The documents and files of an online dossier, for staff.
pub async fn dossier_files(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
) -> Answer {
    let code = dossier_code(&path)?;
    super::ok(&DossierFilesResponse::from(
        app.dossier_files(principal, code).await?,
    ))
}

/// Attaches the result of an online dossier (and its detached signature),
/// replacing what was attached: a raw body or `multipart/form-data`.
pub async fn attach_result(
    app: web::Data<App>,
    settings: web::Data<ApiSettings>,
    Staff(principal): Staff,
    path: web::Path<String>,
    req: HttpRequest,
    payload: web::Payload,
) -> Answer {
    let code = dossier_code(&path)?;
    let uploads = read_uploads(&req, payload, &settings).await?;
    let results = app.attach_result(principal, code, uploads).await?;
    super::ok(&ResultFilesResponse {
        results: super::each(results),
    })
}

/// Rates the service, once, after the result.
pub async fn rate(
    app: web::Data<App>,
    Citizen(citizen): Citizen,
    path: web::Path<String>,
    body: Json<RatingRequest>,
) -> Answer {
    let command = rating_command(body.into_inner())?;
    let view = app
        .rate_application(citizen, path.into_inner(), command)
        .await?;
    Ok(HttpResponse::Created().json(ApplicationResponse::from(view)))
}

/// The nine scores and the remark of a rating form, parsed.
pub(crate) fn rating_command(r: RatingRequest) -> Result<RatingCommand, ApiError> {
    let mut v = Violations::new();
    let scores: Vec<(String, i64)> = r.scores.into_iter().collect();
    let rating = match Rating::parse(&scores) {
        Ok(rating) => Some(rating),
        Err(violations) => {
            for violation in violations {
                v.push(violation);
            }
            None
        }
    };
    let comment = note(&mut v, "comment", r.comment);
    Ok(v.finish(|| {
        Some(RatingCommand {
            rating: rating?,
            comment,
        })
    })
    .map_err(AppError::Validation)?)
}

/// Records the paper rating form an applicant filled in at the counter.
pub async fn record_counter_rating(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<String>,
    body: Json<RatingRequest>,
) -> Answer {
    let command = rating_command(body.into_inner())?;
    let rating = app
        .record_counter_rating(principal, super::dossier_code(&path)?, command)
        .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({
        "dossier_code": rating.dossier_code,
        "scores": rating.scores.into_iter().collect::<std::collections::BTreeMap<_, _>>(),
        "total": rating.total,
        "comment": rating.comment,
        "rated_at": rating.rated_at,
    })))
}

/// Downloads a file of an online dossier, for staff.
pub async fn dossier_file(
    app: web::Data<App>,
    Staff(principal): Staff,
    path: web::Path<(String, String)>,
) -> Answer {
    let (code, file_id) = path.into_inner();
    let code = dossier_code(&code)?;
    file_answer(app.dossier_file(principal, code, file_id).await?)
}
