//! What a form says and in what order, without saying how it is drawn: the
//! HTML and the PDF renderers lay out the same [`Document`], so the printed
//! page and the one on screen never disagree.

/// The sheet a form is printed on (Circular 01/2018/TT-VPCP: the forms on A5,
/// the register on A4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 148 × 210 mm, portrait.
    A5,
    /// 210 × 297 mm, portrait.
    A4,
    /// 297 × 210 mm, for wide tables such as the register.
    A4Landscape,
}

impl Paper {
    /// Width and height in millimetres.
    pub fn millimetres(self) -> (f32, f32) {
        match self {
            Paper::A5 => (148.0, 210.0),
            Paper::A4 => (210.0, 297.0),
            Paper::A4Landscape => (297.0, 210.0),
        }
    }

    /// The CSS `@page` size.
    pub fn css(self) -> &'static str {
        match self {
            Paper::A5 => "A5 portrait",
            Paper::A4 => "A4 portrait",
            Paper::A4Landscape => "A4 landscape",
        }
    }
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// Upright.
    Regular,
    /// Bold, for titles and the values that matter.
    Bold,
    /// Italic, for hints such as "(Ký và ghi rõ họ tên)".
    Italic,
}

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The words.
    pub text: String,
    /// How they are set.
    pub style: Style,
}

/// Text that wraps as one paragraph, made of spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line(pub Vec<Span>);

impl Line {
    /// An empty line, to add spans to.
    pub fn new() -> Line {
        Line(Vec::new())
    }

    /// Adds upright text.
    #[must_use]
    pub fn r(self, text: impl Into<String>) -> Line {
        self.with(text, Style::Regular)
    }

    /// Adds bold text.
    #[must_use]
    pub fn b(self, text: impl Into<String>) -> Line {
        self.with(text, Style::Bold)
    }

    /// Adds italic text.
    #[must_use]
    pub fn i(self, text: impl Into<String>) -> Line {
        self.with(text, Style::Italic)
    }

    fn with(mut self, text: impl Into<String>, style: Style) -> Line {
        let text = text.into();
        if !text.is_empty() {
            self.0.push(Span { text, style });
        }
        self
    }

    /// All the text, without styles.
    pub fn plain(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A line of upright text.
pub fn regular(text: impl Into<String>) -> Line {
    Line::new().r(text)
}

/// A line of bold text.
pub fn bold(text: impl Into<String>) -> Line {
    Line::new().b(text)
}

/// A line of italic text.
pub fn italic(text: impl Into<String>) -> Line {
    Line::new().i(text)
}

/// One column of the header: an optional QR code at its top (the receipt's,
/// top left as Circular 01/2023/TT-VPCP places it), then lines, centred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its share of the width, in percent.
    pub percent: u8,
    /// What a QR code drawn above the lines holds.
    pub qr: Option<String>,
    /// The lines, each centred.
    pub lines: Vec<Line>,
}

impl Column {
    /// A column of lines.
    pub fn lines(percent: u8, lines: Vec<Line>) -> Column {
        Column {
            percent,
            qr: None,
            lines,
        }
    }
}

/// Text alignment in a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred, for numbers and short codes.
    Centre,
}

/// A column of a table: its heading, its share of the width, its alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableColumn {
    /// The heading, set bold and centred.
    pub heading: String,
    /// Its share of the width, in percent.
    pub percent: u8,
    /// How its cells are aligned.
    pub align: Align,
}

/// A ruled table; the heading row is repeated on each page it runs onto.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The columns.
    pub columns: Vec<TableColumn>,
    /// The rows, one cell (of one or more lines) per column.
    pub rows: Vec<Vec<Vec<Line>>>,
    /// Said in one row across the table when there are no rows.
    pub empty: String,
}

/// A signature cell: who signs, the hint, room for the signature, the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// "NGƯỜI TIẾP NHẬN HỒ SƠ".
    pub role: String,
    /// "(Ký và ghi rõ họ tên)".
    pub hint: String,
    /// The signer's name when known, printed under the room left to sign.
    pub name: Option<String>,
}

/// A piece of a form, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Columns side by side, set a little smaller than the body (the
    /// header: issuer and number, national motto and date).
    Header(Vec<Column>),
    /// The form's title: centred, bold, larger.
    Title(Vec<Line>),
    /// A centred line, such as the dossier code under the title.
    Centred(Line),
    /// A paragraph, wrapped to the width.
    Paragraph(Line),
    /// A ruled table.
    Table(Table),
    /// Signature cells side by side; an empty slot keeps a cell's place.
    Signatures(Vec<Option<Signature>>),
    /// A note in small italic print at the foot.
    Note(Line),
    /// A warning across the page, such as "DỰ THẢO" on a draft.
    Banner(String),
}

/// A form ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The sheet.
    pub paper: Paper,
    /// The document's title (the PDF's metadata, the HTML page's title).
    pub title: String,
    /// The body text size in points.
    pub font_size: f32,
    /// What it says, top to bottom.
    pub blocks: Vec<Block>,
}

impl Document {
    /// How many table rows it holds: what makes a form long (a register of
    /// a month), where the other blocks are a page's worth at most.
    pub fn rows(&self) -> usize {
        self.blocks
            .iter()
            .map(|block| match block {
                Block::Table(table) => table.rows.len(),
                _ => 0,
            })
            .sum()
    }

    /// Every piece of text in reading order, one line per piece: what a
    /// reader of the page finds, for tests and for accessibility checks.
    pub fn text(&self) -> String {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Header(columns) => {
                    for column in columns {
                        out.extend(column.lines.iter().map(Line::plain));
                    }
                }
                Block::Title(lines) => out.extend(lines.iter().map(Line::plain)),
                Block::Centred(line) | Block::Paragraph(line) | Block::Note(line) => {
                    out.push(line.plain());
                }
                Block::Table(table) => {
                    out.extend(table.columns.iter().map(|c| c.heading.clone()));
                    for row in &table.rows {
                        for cell in row {
                            out.extend(cell.iter().map(Line::plain));
                        }
                    }
                }
                Block::Signatures(cells) => {
                    for cell in cells.iter().flatten() {
                        out.push(cell.role.clone());
                        out.push(cell.hint.clone());
                        out.extend(cell.name.clone());
                    }
                }
                Block::Banner(text) => out.push(text.clone()),
            }
        }
        out.join("\n")
    }
}
