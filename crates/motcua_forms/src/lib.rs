//! The law's forms as documents. A form is built once as a [`Document`]
//! (what it says, in the circular's order) and printed either as an HTML page
//! or as a PDF whose fonts (Noto Serif, OFL, Vietnamese) are embedded and
//! subset and whose text can be extracted. QR codes are drawn as vector
//! modules. Pure: no I/O, no clock.

mod document;
mod html;
mod pdf;
mod qr;

pub use document::{
    Align, Block, Column, Document, Line, Paper, Signature, Span, Style, Table, TableColumn, bold,
    italic, regular,
};
pub use qr::Modules;

/// Why a form could not be printed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FormError {
    /// More text than a QR code holds (about 2,300 bytes at level M).
    #[error("a QR code cannot hold {0} bytes")]
    QrTooLong(usize),
    /// The bundled fonts did not load (a broken build).
    #[error("the bundled fonts could not be read")]
    Font,
    /// A page size the PDF writer refused.
    #[error("the page could not be laid out")]
    Layout,
    /// The PDF writer failed.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// The Content-Security-Policy a form's HTML page is served with: its own
/// inline styles and nothing else; nothing may load, run or frame it.
pub const HTML_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/// The form as a printable HTML page.
pub fn html(doc: &Document) -> String {
    html::render(doc)
}

/// The form as a PDF.
pub fn pdf(doc: &Document) -> Result<Vec<u8>, FormError> {
    pdf::render(doc)
}

/// How many pages the form's PDF has.
pub fn page_count(doc: &Document) -> Result<usize, FormError> {
    pdf::page_count(doc)
}
