#![doc = include_str!("../README.md")]

use std::io::Write;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Words.
    Text(String),
    /// A count.
    Integer(i64),
    /// A measure, shown to 2 decimals.
    Number(f64),
    /// Nothing.
    Empty,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Self {
        i64::try_from(n).map_or(Cell::Number(u64_as_f64(n)), Cell::Integer)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Integer(n)
    }
}

impl From<Option<f64>> for Cell {
    fn from(n: Option<f64>) -> Self {
        n.map_or(Cell::Empty, Cell::Number)
    }
}

impl From<Option<String>> for Cell {
    fn from(text: Option<String>) -> Self {
        text.map_or(Cell::Empty, Cell::Text)
    }
}

fn u64_as_f64(n: u64) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "only past i64::MAX")]
    let f = n as f64;
    f
}

/// A table: what a sheet of a workbook holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Its name (a sheet's tab; at most 31 characters are kept there).
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// The rows, each as long as the headers.
    pub rows: Vec<Vec<Cell>>,
}

/// Writing a table failed.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The writer refused the bytes.
    #[error("writing the table: {0}")]
    Io(#[from] std::io::Error),
    /// The workbook could not be made.
    #[error("making the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// Writes CSV a row at a time: the byte-order mark and the headers first.
pub struct CsvWriter<W: Write> {
    out: W,
    line: String,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a file on `out` with these headers.
    pub fn new(mut out: W, headers: &[String]) -> Result<CsvWriter<W>, TableError> {
        out.write_all("\u{feff}".as_bytes())?;
        let mut writer = CsvWriter {
            out,
            line: String::new(),
        };
        let cells: Vec<Cell> = headers.iter().map(|h| Cell::Text(h.clone())).collect();
        writer.row(&cells)?;
        Ok(writer)
    }

    /// Goes on with a file whose mark and headers `out` has had already
    /// (the next part of a stream).
    pub fn continuing(out: W) -> CsvWriter<W> {
        CsvWriter {
            out,
            line: String::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), TableError> {
        self.line.clear();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            write_cell(&mut self.line, cell);
        }
        self.line.push_str("\r\n");
        self.out.write_all(self.line.as_bytes())?;
        Ok(())
    }

    /// The writer, once every row is written.
    pub fn finish(mut self) -> Result<W, TableError> {
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_cell(line: &mut String, cell: &Cell) {
    match cell {
        Cell::Empty => {}
        Cell::Integer(n) => line.push_str(&n.to_string()),
        Cell::Number(x) => line.push_str(&number(*x)),
        Cell::Text(text) => {
            // A spreadsheet runs a cell that starts like a formula.
            let guarded = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let quoted = guarded || text.contains([',', '"', '\n', '\r']);
            if quoted {
                line.push('"');
            }
            if guarded {
                line.push('\'');
            }
            for c in text.chars() {
                if c == '"' {
                    line.push('"');
                }
                line.push(c);
            }
            if quoted {
                line.push('"');
            }
        }
    }
}

/// A measure to 2 decimals, without trailing zeros.
fn number(x: f64) -> String {
    let text = format!("{x:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// The media type of what [`csv`] and [`CsvWriter`] write.
pub const CSV_MEDIA_TYPE: &str = "text/csv; charset=utf-8";

/// The media type of what [`xlsx`] writes.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A table as one CSV file.
pub fn csv(table: &Table) -> Result<Vec<u8>, TableError> {
    let mut writer = CsvWriter::new(Vec::new(), &table.headers)?;
    for row in &table.rows {
        writer.row(row)?;
    }
    writer.finish()
}

/// Several tables as a workbook, one sheet each.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, TableError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_text_wrap();
    let decimals = Format::new().set_num_format("0.00");
    for (index, table) in tables.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&table.title, index))?;
        let mut widths: Vec<usize> = table
            .headers
            .iter()
            .map(|h| h.chars().count().min(40))
            .collect();
        for (col, header) in (0u16..).zip(&table.headers) {
            sheet.write_string_with_format(0, col, header, &bold)?;
        }
        for (row, cells) in (1u32..).zip(&table.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Empty => {}
                    Cell::Integer(n) => {
                        #[expect(clippy::cast_precision_loss, reason = "counts of dossiers")]
                        let n = *n as f64;
                        sheet.write_number(row, col, n)?;
                    }
                    Cell::Number(x) => {
                        sheet.write_number_with_format(row, col, *x, &decimals)?;
                    }
                    Cell::Text(text) => {
                        sheet.write_string(row, col, text)?;
                        if let Some(w) = widths.get_mut(usize::from(col)) {
                            *w = (*w).max(text.chars().count().min(60));
                        }
                    }
                }
            }
        }
        for (col, width) in (0u16..).zip(widths) {
            #[expect(clippy::cast_precision_loss, reason = "a few dozen characters")]
            let width = width.max(8) as f64 + 2.0;
            sheet.set_column_width(col, width)?;
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    Ok(book.save_to_buffer()?)
}

/// A sheet's name: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(title: &str, index: usize) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(27)
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        format!("Sheet {}", index + 1)
    } else if index == 0 {
        clean.to_owned()
    } else {
        format!("{} ({})", clean, index + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_opens_in_excel_and_runs_no_formula() {
        let table = Table {
            title: "Chỉ số".into(),
            headers: vec!["Tên".into(), "Số".into(), "Tỷ lệ".into()],
            rows: vec![
                vec![
                    "Nguyễn Văn A, \"Bé\"".into(),
                    Cell::Integer(3),
                    Cell::Number(66.666),
                ],
                vec!["=HYPERLINK(\"x\")".into(), Cell::Empty, Cell::Number(100.0)],
                vec!["-2".into(), Cell::Integer(-2), Cell::Number(0.5)],
            ],
        };
        let bytes = csv(&table).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}Tên,Số,Tỷ lệ\r\n\"Nguyễn Văn A, \"\"Bé\"\"\",3,66.67\r\n\"'=HYPERLINK(\"\"x\"\")\",,100\r\n\"'-2\",-2,0.5\r\n"
        );
    }

    #[test]
    fn a_workbook_is_a_zip_with_a_sheet_per_table() {
        let table = |title: &str| Table {
            title: title.into(),
            headers: vec!["A".into()],
            rows: vec![vec![Cell::Integer(1)]],
        };
        let bytes = xlsx(&[table("Tổng hợp"), table("Tổng hợp"), table("a/b")]).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert_eq!(sheet_name("Tổng hợp", 1), "Tổng hợp (2)");
        assert_eq!(sheet_name("a/b", 0), "a-b");
        assert_eq!(sheet_name("  ", 2), "Sheet 3");
    }
}
