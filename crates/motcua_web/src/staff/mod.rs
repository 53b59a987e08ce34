//! The staff workspace, under `/can-bo`: the pages clerks, case officers,
//! heads of unit, leaders and administrators do their day's work on. The
//! same foundation as the public site (templates, catalogues, CSRF, error
//! pages, security headers), its own session cookie and frame: a staff
//! member's session is scoped to `/can-bo`, so it never rides along on the
//! public pages, and a citizen's never opens these.

mod apologies;
mod charts;
mod clock;
mod counter;
mod dashboard;
mod dossier;
mod notices;
mod printed;
mod queue;
mod search;
mod sign_in;

use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use motcua_app::{App, StaffOnPage};
use std::future::Future;
use std::pin::Pin;

use crate::assets::Assets;
use crate::frame::here;
use crate::messages::staff::StaffMessages;
use crate::messages::{Lang, Messages};
use crate::{WebError, WebSettings};

/// The workspace's prefix.
pub const PREFIX: &str = "/can-bo";

/// The cookie that holds a staff member's web session.
pub const STAFF_COOKIE: &str = "phien-can-bo";

/// The workspace's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope(PREFIX)
            .route("", web::get().to(queue::home))
            .route("/", web::get().to(queue::home))
            .route("/dang-nhap", web::get().to(sign_in::form))
            .route("/dang-nhap", web::post().to(sign_in::sign_in))
            .route("/dang-xuat", web::post().to(sign_in::sign_out))
            .route("/ho-so", web::get().to(queue::list))
            .route("/xin-loi", web::get().to(apologies::desk))
            .route("/tim-kiem", web::get().to(search::form))
            .route("/tim-kiem", web::post().to(search::search))
            .route("/thong-bao", web::get().to(notices::list))
            .route("/thong-bao/{id}/gui-lai", web::post().to(notices::resend))
            .route("/bao-cao", web::get().to(dashboard::show))
            .route("/bao-cao/tai-ve", web::get().to(dashboard::download))
            .route("/tiep-nhan", web::get().to(counter::search))
            .route("/tiep-nhan/{code}", web::get().to(counter::form))
            .route("/tiep-nhan/{code}", web::post().to(counter::receive))
            .route("/phieu-bo-sung/{id}", web::get().to(printed::guidance))
            .route(
                "/phieu-bo-sung/{id}/{file}",
                web::get().to(printed::guidance_form),
            )
            .route("/ho-so/{code}", web::get().to(dossier::show))
            .route(
                "/ho-so/{code}/ket-qua-tiep-nhan",
                web::get().to(printed::outcome),
            )
            .route(
                "/ho-so/{code}/in/{form}",
                web::get().to(printed::dossier_form),
            )
            .route("/ho-so/{code}/tep/{file}", web::get().to(dossier::file))
            .route("/ho-so/{code}/thoi-han", web::get().to(clock::show))
            .route("/ho-so/{code}/xin-loi", web::post().to(apologies::write))
            .route(
                "/ho-so/{code}/xin-loi/{id}/{file}",
                web::get().to(apologies::print),
            )
            .route(
                "/ho-so/{code}/xin-loi/{id}/{step}",
                web::post().to(apologies::step),
            )
            .route("/ho-so/{code}/{action}", web::post().to(dossier::act))
            .default_service(web::to(crate::error::not_found)),
    );
}

/// A signed-in staff member; a page that takes one sends anyone else to
/// the staff sign-in page, and back here after.
pub struct OnDuty(pub StaffOnPage);

impl FromRequest for OnDuty {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req.cookie(STAFF_COOKIE).map(|c| c.value().to_owned());
        let app = req.app_data::<web::Data<App>>().cloned();
        let back = here(req);
        Box::pin(async move {
            let app = app.ok_or_else(|| WebError::Unexpected("no App in the site".into()))?;
            let Some(token) = token.filter(|t| !t.is_empty()) else {
                return Err(WebError::StaffSignInNeeded(back));
            };
            match app.staff_of_web_session(token).await? {
                Some(staff) => Ok(OnDuty(staff)),
                None => Err(WebError::StaffSignInNeeded(back)),
            }
        })
    }
}

/// The dossier code of an address; a malformed one is no page.
pub(crate) fn dossier_code(text: &str) -> Result<motcua_domain::DossierCode, WebError> {
    motcua_domain::DossierCode::parse("code", text).map_err(|_| WebError::NotFound)
}

/// The signed-in staff member's agency, as the use cases name agencies.
pub(crate) fn agency_of(staff: &StaffOnPage) -> Result<motcua_domain::AgencyCode, WebError> {
    motcua_domain::AgencyCode::parse("agency", &staff.user.agency.code)
        .map_err(|_| WebError::Unexpected("the user's agency code is malformed".into()))
}

/// The signed-in staff member's agency's units and staff: the names the
/// queue shows for ids and the pickers a dossier's forms choose from.
pub(crate) struct Colleagues {
    pub(crate) units: Vec<motcua_app::UnitView>,
    pub(crate) people: Vec<motcua_app::ColleagueView>,
}

/// The units and staff of the signed-in staff member's agency.
pub(crate) async fn colleagues(app: &App, staff: &StaffOnPage) -> Result<Colleagues, WebError> {
    let agency = agency_of(staff)?;
    Ok(Colleagues {
        units: app.list_units(agency.clone()).await?,
        people: app.list_users(staff.principal.clone(), agency).await?,
    })
}

/// Whether the request carries a staff session cookie (not a proof).
pub fn has_cookie(req: &HttpRequest) -> bool {
    req.cookie(STAFF_COOKIE)
        .is_some_and(|c| !c.value().is_empty())
}

/// The cookie of a new staff session: this browser session only, and only
/// sent to the workspace.
pub fn cookie(token: String, settings: &WebSettings) -> Cookie<'static> {
    Cookie::build(STAFF_COOKIE, token)
        .path(PREFIX)
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(settings.secure_cookies)
        .finish()
}

/// The cookie that removes the staff session cookie.
pub fn removal(settings: &WebSettings) -> Cookie<'static> {
    Cookie::build(STAFF_COOKIE, "")
        .path(PREFIX)
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(settings.secure_cookies)
        .max_age(Duration::ZERO)
        .finish()
}

/// Which part of the workspace a page belongs to, for the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Signing in: no navigation.
    None,
    /// The work queue and the dossiers.
    Dossiers,
    /// Counter intake.
    Counter,
    /// The reports.
    Reports,
    /// The apologies' desk.
    Apologies,
    /// The notices sent.
    Notices,
}

/// Who is signed in, as the header shows them.
pub struct Badge {
    /// Full name.
    pub name: String,
    /// Role, in words.
    pub role: &'static str,
    /// Agency and unit.
    pub place: String,
}

/// What every workspace page has around its content.
pub struct StaffFrame {
    /// The page's language.
    pub lang: Lang,
    /// The public catalogue (statuses, dates, shared form texts).
    pub m: &'static Messages,
    /// The workspace's catalogue.
    pub s: &'static StaffMessages,
    /// The page's own title.
    pub title: String,
    /// Its section.
    pub section: Section,
    /// The same page in the other language.
    pub switch_href: String,
    /// The stylesheet's address.
    pub stylesheet: String,
    /// The regular font's address.
    pub font_400: String,
    /// Who is signed in, when someone is.
    pub badge: Option<Badge>,
    /// The sign-out form's token.
    pub csrf: String,
    /// Whether the header offers the counter (the one-stop section's).
    pub counter: bool,
    /// Whether the header offers the reports (leaders, heads of unit,
    /// administrators).
    pub reports: bool,
    /// Whether the header offers the apologies' desk (everyone who works
    /// on dossiers).
    pub apologies: bool,
    /// On a training installation, what its clock does.
    pub training: Option<String>,
}

impl StaffFrame {
    /// The frame of a workspace page `req` asks for.
    pub fn new(
        lang: Lang,
        title: impl Into<String>,
        section: Section,
        staff: Option<&StaffOnPage>,
        csrf: &str,
        req: &HttpRequest,
    ) -> StaffFrame {
        let s = lang.staff();
        let next = serde_urlencoded::to_string([("tiep", here(req))]).unwrap_or_default();
        StaffFrame {
            lang,
            m: lang.messages(),
            s,
            title: title.into(),
            section,
            switch_href: format!("/ngon-ngu/{}?{next}", lang.other().code()),
            stylesheet: Assets::url("site.css"),
            font_400: Assets::url("be-vietnam-pro-400.woff2"),
            badge: staff.map(|on| Badge {
                name: on.user.full_name.clone(),
                role: (s.roles)(on.user.role),
                place: match &on.user.unit {
                    Some(unit) => format!("{} – {}", unit.name, on.user.agency.name),
                    None => on.user.agency.name.clone(),
                },
            }),
            csrf: csrf.to_owned(),
            training: crate::frame::training_notice(lang, req),
            counter: staff.is_some_and(|on| on.principal.role == motcua_domain::Role::Clerk),
            apologies: staff.is_some_and(|on| on.principal.role != motcua_domain::Role::Admin),
            reports: staff.is_some_and(|on| {
                matches!(
                    on.principal.role,
                    motcua_domain::Role::Leader
                        | motcua_domain::Role::UnitHead
                        | motcua_domain::Role::Admin
                )
            }),
        }
    }
}
