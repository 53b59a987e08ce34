//! What every page has around its content: the language, the title, the
//! header's links and the assets.

use crate::assets::Assets;
use crate::messages::{Lang, Messages};

/// Which part of the site a page belongs to, for the header's current link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// The home page and pages of no section.
    None,
    /// The procedure catalogue.
    Procedures,
    /// The dossier lookup.
    Lookup,
    /// The citizen's own pages: account, dossiers, applying.
    Account,
}

/// The frame of a page.
pub struct Frame {
    /// The page's language.
    pub lang: Lang,
    /// Its texts.
    pub m: &'static Messages,
    /// The page's own title; the service's name follows it.
    pub title: String,
    /// Its section.
    pub nav: Nav,
    /// The same page in the other language.
    pub switch_href: String,
    /// The stylesheet's address.
    pub stylesheet: String,
    /// The regular font's address (preloaded: every page uses it).
    pub font_400: String,
    /// The font licence's address.
    pub font_licence: String,
    /// Whether the browser holds a session cookie: the header then offers
    /// the account instead of the sign-in.
    pub signed_in: bool,
    /// On a training installation, what its clock does.
    pub training: Option<String>,
}

impl Frame {
    /// The frame of the page `req` asks for.
    pub fn new(
        lang: Lang,
        title: impl Into<String>,
        nav: Nav,
        req: &actix_web::HttpRequest,
    ) -> Frame {
        let next = serde_urlencoded::to_string([("tiep", here(req))]).unwrap_or_default();
        Frame {
            lang,
            m: lang.messages(),
            title: title.into(),
            nav,
            switch_href: format!("/ngon-ngu/{}?{next}", lang.other().code()),
            stylesheet: Assets::url("site.css"),
            font_400: Assets::url("be-vietnam-pro-400.woff2"),
            font_licence: Assets::url("OFL.txt"),
            signed_in: crate::session::has_cookie(req),
            training: training_notice(lang, req),
        }
    }
}

/// What every page of a training installation says at its top: how far
/// ahead its clock runs and the time it shows, so nobody takes a due date
/// on it for a real one. `None` on a real installation.
pub fn training_notice(lang: Lang, req: &actix_web::HttpRequest) -> Option<String> {
    let app = req.app_data::<actix_web::web::Data<motcua_app::App>>()?;
    let (shift, now) = app.training_clock()?;
    let (days, hours, minutes) = (
        shift.num_days(),
        shift.num_hours() % 24,
        shift.num_minutes() % 60,
    );
    let (d, h, m) = match lang {
        Lang::Vi => ("ngày", "giờ", "phút"),
        Lang::En => ("d", "h", "min"),
    };
    let shift: Vec<String> = [(days, d), (hours, h), (minutes, m)]
        .into_iter()
        .filter(|(n, _)| *n != 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    Some((lang.messages().training_clock)(
        &shift.join(" "),
        &motcua_domain::format_date_time(now),
    ))
}

/// The path and query of a request, for links back to it.
pub fn here(req: &actix_web::HttpRequest) -> String {
    match req.uri().path_and_query() {
        Some(pq) => pq.as_str().to_owned(),
        None => req.path().to_owned(),
    }
}
