//! The home page: find a procedure, look a dossier up.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::App;

use super::with_query;
use crate::WebError;
use crate::frame::{Frame, Nav};
use crate::messages::Lang;

struct FieldLink {
    name: String,
    href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    frame: Frame,
    fields: Vec<FieldLink>,
}

/// `GET /`.
pub async fn home(
    app: web::Data<App>,
    lang: Lang,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let fields = app
        .procedure_fields()
        .await?
        .into_iter()
        .map(|field| FieldLink {
            href: with_query("/thu-tuc", &[("linh-vuc", &field.name)]),
            name: field.name,
        })
        .collect();
    let page = HomePage {
        frame: Frame::new(lang, lang.messages().home_title, Nav::None, &req),
        fields,
    };
    Ok(crate::html(StatusCode::OK, &page))
}
