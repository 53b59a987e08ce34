//! Reports for the people who answer for an agency.

use actix_web::{HttpRequest, web};
use motcua_app::App;

use super::{Answer, Format};
use crate::Staff;
use crate::requests::reports::RegisterQuery;
use crate::responses::RegisterResponse;

/// The register of dossiers (Mẫu 06 / Mẫu 07) for a period: JSON, or the
/// A4 book with `?format=html|pdf`.
pub async fn register(
    app: web::Data<App>,
    Staff(principal): Staff,
    query: web::Query<RegisterQuery>,
    req: HttpRequest,
) -> Answer {
    let offered = [Format::Json, Format::Html, Format::Pdf];
    let format = super::format_of(query.format.as_deref(), &req, &offered)?;
    let register = app.register(principal, query.period()?).await?;
    match format {
        Format::Json => super::ok(&RegisterResponse::from(register)),
        printable => super::printed(&register, printable).await,
    }
}
