//! Printing the law's forms as PDF, for the API and the staff pages alike:
//! a short form where it is asked for, a long one off the event loop a
//! core's worth at a time.

use std::sync::LazyLock;
use tokio::sync::Semaphore;

use crate::error::{AppError, AppResult};

/// How many long PDFs are set at once off the event loop: one per core.
/// Setting type is all CPU; more at once only share the cores worse, and
/// each holds its own buffers on its own thread.
static PRINTERS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, usize::from)));

/// Table rows past which a form is long: a page of the register holds
/// about twenty, a receipt a dozen documents at most.
const LONG_FORM_ROWS: usize = 40;

/// The PDF of a form. One of a page takes about 2 ms and is set where it
/// is asked for: handing it to another thread cost a quarter of the
/// receipts per second (scripts/bench, issue 15's note). A register runs to
/// hundreds of pages and seconds: off the event loop, as the database work
/// is, a core's worth at a time.
pub async fn print_pdf(document: motcua_forms::Document) -> AppResult<Vec<u8>> {
    let pdf = if document.rows() <= LONG_FORM_ROWS {
        motcua_forms::pdf(&document)
    } else {
        let _turn = PRINTERS
            .acquire()
            .await
            .map_err(|e| AppError::unexpected("printing a form", e))?;
        tokio::task::spawn_blocking(move || motcua_forms::pdf(&document))
            .await
            .map_err(|e| AppError::unexpected("printing a form", e))?
    };
    pdf.map_err(|e| AppError::unexpected("printing a form", e))
}
