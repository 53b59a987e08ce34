//! Reading upload bodies within limits: a raw body, or the files of a
//! `multipart/form-data` body, refused with 413 as soon as they grow past
//! what is allowed, so an oversized upload is never held whole in memory.

use actix_web::{HttpRequest, web};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use motcua_app::{MAX_FILES_PER_DOCUMENT, Upload};

use crate::problem::ApiError;

/// Reads the body up to `limit` bytes; more is 413, before it is all read.
pub(crate) async fn read_limited(
    mut payload: web::Payload,
    limit: usize,
) -> Result<Bytes, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::malformed_json(format!("reading the body: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The files of a `multipart/form-data` body: every part with a file name
/// (any field name), each at most `part_limit` bytes and all of them at
/// most `limit`.
pub(crate) async fn read_multipart(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
    part_limit: usize,
) -> Result<Vec<Upload>, ApiError> {
    let malformed = |e: actix_multipart::MultipartError| {
        ApiError::invalid("body", "malformed_multipart", e.to_string())
    };
    let mut parts = actix_multipart::Multipart::new(req.headers(), payload);
    let mut uploads = Vec::new();
    let mut total = 0usize;
    while let Some(field) = parts.next().await {
        let mut field = field.map_err(malformed)?;
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(str::to_owned);
        let mut body = BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(malformed)?;
            total += chunk.len();
            if total > limit {
                return Err(ApiError::too_large(limit));
            }
            if body.len() + chunk.len() > part_limit {
                return Err(ApiError::too_large(part_limit));
            }
            body.extend_from_slice(&chunk);
        }
        if let Some(file_name) = file_name {
            if uploads.len() == MAX_FILES_PER_DOCUMENT {
                return Err(ApiError::invalid(
                    "file",
                    "too_many",
                    format!("at most {MAX_FILES_PER_DOCUMENT} files per document"),
                ));
            }
            uploads.push(Upload {
                file_name,
                bytes: body.freeze(),
            });
        }
    }
    Ok(uploads)
}
