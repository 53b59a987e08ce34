//! The files of an upload form (`multipart/form-data`): its form token
//! first (checked before a byte of a file is read), then the files, each
//! refused as soon as it grows past the file limit and all of them past the
//! upload limit, so nobody can make the server hold more than that.

use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, web};
use bytes::BytesMut;
use futures_util::StreamExt as _;
use motcua_app::{MAX_FILES_PER_DOCUMENT, Upload};

use crate::{WebError, WebSettings, csrf};

/// Why an upload form's files were not taken; said at the file field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    /// One file is larger than the file limit.
    FileTooLarge,
    /// All of them are larger than the upload limit.
    TooLarge,
    /// More files than a document may have.
    TooMany,
    /// No file was chosen.
    NoFile,
}

/// Marks a request whose body was left unread: its answer closes the
/// connection, or the rest of the body would stand in the way of the next
/// request on it.
#[derive(Clone, Copy)]
pub(crate) struct LeftUnread;

/// Reads an upload form: the files, or what is wrong with them. A form
/// without this browser's token is [`WebError::StaleForm`], a body that is
/// no form a [`WebError::BadRequest`].
pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<Result<Vec<Upload>, UploadProblem>, WebError> {
    let read = read_all(req, payload).await;
    if !matches!(read, Ok(Ok(_))) {
        req.extensions_mut().insert(LeftUnread);
    }
    read
}

async fn read_all(
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<Result<Vec<Upload>, UploadProblem>, WebError> {
    let settings = req
        .app_data::<web::Data<WebSettings>>()
        .ok_or_else(|| WebError::Unexpected("no WebSettings in the site".into()))?;
    let limit = settings.max_upload_bytes;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        return Err(WebError::BadRequest);
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let mut parts = actix_multipart::Multipart::new(req.headers(), payload);
    // The token comes first: the forms put it before the file input, and
    // browsers send fields in the order of the page.
    let Some(Ok(mut first)) = parts.next().await else {
        return Err(WebError::BadRequest);
    };
    if first.name() != Some("csrf") {
        return Err(WebError::StaleForm);
    }
    let mut token = BytesMut::new();
    while let Some(chunk) = first.next().await {
        let chunk = chunk.map_err(|_| WebError::BadRequest)?;
        if token.len() + chunk.len() > 128 {
            return Err(WebError::StaleForm);
        }
        token.extend_from_slice(&chunk);
    }
    // The multipart stream hands out the next part only once this one is
    // gone.
    drop(first);
    csrf::verify(req, std::str::from_utf8(&token).unwrap_or(""))?;
    if declared.is_some_and(|length| length > limit) {
        return Ok(Err(UploadProblem::TooLarge));
    }
    let mut uploads = Vec::new();
    let mut total = 0usize;
    while let Some(field) = parts.next().await {
        let mut field = field.map_err(|_| WebError::BadRequest)?;
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(str::to_owned);
        let mut body = BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| WebError::BadRequest)?;
            total += chunk.len();
            if total > limit {
                return Ok(Err(UploadProblem::TooLarge));
            }
            if body.len() + chunk.len() > settings.max_file_bytes {
                return Ok(Err(UploadProblem::FileTooLarge));
            }
            body.extend_from_slice(&chunk);
        }
        // A file input with nothing chosen sends an empty part without a
        // name.
        let Some(file_name) = file_name.filter(|n| !n.is_empty()) else {
            continue;
        };
        if uploads.len() == MAX_FILES_PER_DOCUMENT {
            return Ok(Err(UploadProblem::TooMany));
        }
        uploads.push(Upload {
            file_name,
            bytes: body.freeze(),
        });
    }
    if uploads.is_empty() {
        return Ok(Err(UploadProblem::NoFile));
    }
    Ok(Ok(uploads))
}
