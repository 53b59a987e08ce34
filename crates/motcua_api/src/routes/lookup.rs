//! The public lookup by dossier code.

use actix_web::web;
use motcua_app::App;

use super::Answer;
use crate::Client;

/// What anyone may read about a dossier.
pub async fn lookup(
    app: web::Data<App>,
    Client(client): Client,
    path: web::Path<String>,
) -> Answer {
    super::ok(&app.lookup(client, path.into_inner()).await?)
}
