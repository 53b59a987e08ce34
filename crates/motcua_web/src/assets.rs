//! The stylesheet and fonts, compiled into the binary and served under names
//! that carry a hash of their content, so a browser may keep them for a year:
//! a changed file is a new name. Text assets are gzipped once, at start.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};
use std::io::Write as _;
use std::sync::LazyLock;

/// One file as it is served.
struct Asset {
    /// `site.3f2a1c9e.css`.
    name: String,
    content_type: &'static str,
    body: Vec<u8>,
    /// The body gzipped, when that makes it smaller.
    gzipped: Option<Vec<u8>>,
}

/// The files, by their source name.
pub struct Assets {
    files: Vec<(&'static str, Asset)>,
}

const FONT_400: &[u8] = include_bytes!("../assets/fonts/be-vietnam-pro-400.woff2");
const FONT_600: &[u8] = include_bytes!("../assets/fonts/be-vietnam-pro-600.woff2");
const FONT_LICENCE: &[u8] = include_bytes!("../assets/fonts/OFL.txt");
const STYLESHEET: &str = include_str!("../assets/site.css");

static ASSETS: LazyLock<Assets> = LazyLock::new(Assets::build);

impl Assets {
    fn build() -> Assets {
        let mut files = Vec::new();
        let mut stylesheet = STYLESHEET.to_owned();
        for (source, bytes, content_type) in [
            ("be-vietnam-pro-400.woff2", FONT_400, "font/woff2"),
            ("be-vietnam-pro-600.woff2", FONT_600, "font/woff2"),
            ("OFL.txt", FONT_LICENCE, "text/plain; charset=utf-8"),
        ] {
            let asset = Asset::new(source, bytes.to_vec(), content_type);
            // The stylesheet names fonts by their source name; it is served
            // naming them by their hashed one.
            stylesheet = stylesheet.replace(&format!("fonts/{source}"), &asset.name);
            files.push((source, asset));
        }
        files.push((
            "site.css",
            Asset::new(
                "site.css",
                stylesheet.into_bytes(),
                "text/css; charset=utf-8",
            ),
        ));
        Assets { files }
    }

    /// The address of a file by its source name (`site.css`).
    pub fn url(source: &str) -> String {
        ASSETS
            .files
            .iter()
            .find(|(s, _)| *s == source)
            .map_or_else(String::new, |(_, a)| format!("/static/{}", a.name))
    }

    fn by_name(name: &str) -> Option<&'static Asset> {
        ASSETS.files.iter().map(|(_, a)| a).find(|a| a.name == name)
    }
}

impl Asset {
    fn new(source: &str, body: Vec<u8>, content_type: &'static str) -> Asset {
        let digest = Sha256::digest(&body);
        let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
        let name = match source.rsplit_once('.') {
            Some((stem, extension)) => format!("{stem}.{hash}.{extension}"),
            None => format!("{source}.{hash}"),
        };
        let gzipped = content_type
            .starts_with("text/")
            .then(|| gzip(&body))
            .flatten()
            .filter(|g| g.len() < body.len());
        Asset {
            name,
            content_type,
            body,
            gzipped,
        }
    }
}

fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

/// `GET /static/{name}`: a file for a year, gzipped when the browser takes
/// it; an old or unknown name is a plain 404.
pub async fn serve(req: HttpRequest, name: web::Path<String>) -> HttpResponse {
    let Some(asset) = Assets::by_name(&name) else {
        return HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("not found");
    };
    let accepts_gzip = req
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut response = HttpResponse::Ok();
    response
        .content_type(asset.content_type)
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
    // The files live for the whole run: served from where they are, not
    // copied for each request.
    match (&asset.gzipped, accepts_gzip) {
        (Some(gzipped), true) => response
            .insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("gzip")))
            .body(gzipped.as_slice()),
        _ => response.body(asset.body.as_slice()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_names_the_fonts_it_is_served_with() {
        let css = Assets::by_name(Assets::url("site.css").trim_start_matches("/static/"))
            .map(|a| String::from_utf8_lossy(&a.body).into_owned())
            .unwrap_or_default();
        let font = Assets::url("be-vietnam-pro-400.woff2");
        assert!(font.starts_with("/static/be-vietnam-pro-400."), "{font}");
        assert!(css.contains(font.trim_start_matches("/static/")), "{css}");
        assert!(!css.contains("fonts/"));
    }

    #[test]
    fn a_name_changes_with_the_content() {
        let a = Asset::new("x.css", b"a{}".to_vec(), "text/css");
        let b = Asset::new("x.css", b"b{}".to_vec(), "text/css");
        assert_ne!(a.name, b.name);
        assert!(a.name.starts_with("x.") && a.name.ends_with(".css"));
    }
}
