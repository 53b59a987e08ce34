//! The public lookup by dossier code.

use actix_web::web;
use motcua_app::App;

use super::Answer;
use crate::Client;
use crate::responses::PublicDossierResponse;

/// What anyone may read about a dossier.
pub async fn lookup(
    app: web::Data<App>,
    Client(client): Client,
    path: web::Path<String>,
) -> Answer {
    let dossier = app.lookup(client, path.into_inner()).await?;
    super::ok(&PublicDossierResponse::from(dossier))
}
