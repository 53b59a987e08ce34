//! A [`Document`] as a PDF: laid out into pages of drawing operations (pure,
//! measured with the fonts' own advances), then written with krilla, which
//! embeds only the glyphs used (subset) with their Unicode mapping, so the
//! text can be searched, copied and read aloud.

use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use crate::FormError;
use crate::document::{Align, Block, Column, Document, Line, Signature, Style, Table, TableColumn};
use crate::qr::Modules;

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;
/// Line height as a multiple of the text size.
const LEADING: f32 = 1.25;
/// Room between a table's rules and its text.
const CELL_PAD_X: f32 = 3.0;
const CELL_PAD_Y: f32 = 2.0;
/// A QR code's side at most, and the room left below it.
const QR_SIDE: f32 = 22.0 * MM;
const QR_QUIET: f32 = 2.0 * MM;
/// The banner's colour: dark red, readable in grey print too.
const BANNER: (u8, u8, u8) = (0x99, 0x00, 0x00);

/// One face: its bytes for measuring and its krilla handle for writing.
struct Face {
    font: Font,
    /// Parsed once: every word of every form is measured with them.
    charmap: skrifa::charmap::Charmap<'static>,
    metrics: skrifa::metrics::GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Result<Face, FormError> {
        let font = Font::new(data.into(), 0).ok_or(FormError::Font)?;
        let parsed = skrifa::FontRef::new(data).map_err(|_| FormError::Font)?;
        let units_per_em = parsed
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em;
        Ok(Face {
            font,
            charmap: parsed.charmap(),
            metrics: parsed.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em: f32::from(units_per_em),
        })
    }

    /// The width of `text` at `size` points: the sum of the glyphs'
    /// advances (kerning only ever narrows a run, so a line measured so
    /// never overflows).
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| {
                self.charmap
                    .map(c)
                    .and_then(|g| self.metrics.advance_width(g))
                    .unwrap_or(self.units_per_em / 2.0)
            })
            .sum();
        units * size / self.units_per_em
    }
}

/// Noto Serif (SIL Open Font License 1.1, `fonts/OFL.txt`), subset to Latin
/// and Vietnamese. A serif face because administrative documents are set in
/// one (Decree 30/2020/NĐ-CP, Appendix I, asks for a Unicode Times-like face).
struct Faces {
    regular: Face,
    bold: Face,
    italic: Face,
}

impl Faces {
    fn get() -> Result<&'static Faces, FormError> {
        static FACES: OnceLock<Option<Faces>> = OnceLock::new();
        FACES
            .get_or_init(|| {
                Some(Faces {
                    regular: Face::load(include_bytes!("../fonts/NotoSerif-Regular.ttf")).ok()?,
                    bold: Face::load(include_bytes!("../fonts/NotoSerif-Bold.ttf")).ok()?,
                    italic: Face::load(include_bytes!("../fonts/NotoSerif-Italic.ttf")).ok()?,
                })
            })
            .as_ref()
            .ok_or(FormError::Font)
    }

    fn face(&self, style: Style) -> &Face {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
            Style::Italic => &self.italic,
        }
    }
}

/// What is drawn on a page, in page coordinates (points, origin top left).
#[derive(Debug, Clone, PartialEq)]
enum Op {
    /// Text from its baseline's left end.
    Text {
        x: f32,
        baseline: f32,
        style: Style,
        size: f32,
        text: String,
        colour: (u8, u8, u8),
    },
    /// A QR code: rectangles in module units, drawn scaled by `module` from
    /// `(x, y)`, so the content stream holds small integers, not floats.
    Qr {
        x: f32,
        y: f32,
        module: f32,
        rects: Vec<(usize, usize, usize, usize)>,
    },
    /// A rule from one point to another.
    Rule(f32, f32, f32, f32),
}

/// A run of text in one style within a laid-out line, from `x`.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    x: f32,
    style: Style,
    text: String,
}

/// A laid-out line: its runs and its width.
#[derive(Debug, Clone, Default, PartialEq)]
struct SetLine {
    runs: Vec<Run>,
    width: f32,
}

/// Breaks `line` into lines no wider than `width`, at spaces; a word wider
/// than the line (a long e-mail address) is broken between characters.
/// `style` overrides the spans' own styles (headings are all bold).
fn wrap(faces: &Faces, line: &Line, width: f32, size: f32, style: Option<Style>) -> Vec<SetLine> {
    let mut lines = Vec::new();
    let mut current = SetLine::default();
    let mut space_pending = false;
    for span in &line.0 {
        let style = style.unwrap_or(span.style);
        let face = faces.face(style);
        let space = face.width(" ", size);
        let mut first = true;
        for word in span.text.split(' ') {
            if !first {
                space_pending = true;
            }
            first = false;
            if word.is_empty() {
                continue;
            }
            let mut word = word;
            loop {
                let gap = if space_pending && !current.runs.is_empty() {
                    space
                } else {
                    0.0
                };
                let w = face.width(word, size);
                if current.width + gap + w <= width || (current.runs.is_empty() && w <= width) {
                    push(&mut current, style, word, gap, w);
                    break;
                }
                if !current.runs.is_empty() {
                    lines.push(std::mem::take(&mut current));
                    continue;
                }
                // Alone on its line and still too wide: as many characters
                // as fit (at least one), the rest on the next line.
                let mut cut = word.len();
                for (i, _) in word.char_indices().rev() {
                    if i > 0 && face.width(&word[..i], size) <= width {
                        cut = i;
                        break;
                    }
                    cut = i;
                }
                let cut = if cut == 0 {
                    word.chars().next().map_or(word.len(), char::len_utf8)
                } else {
                    cut
                };
                let (head, tail) = word.split_at(cut);
                let w = face.width(head, size);
                push(&mut current, style, head, 0.0, w);
                lines.push(std::mem::take(&mut current));
                word = tail;
                if word.is_empty() {
                    break;
                }
            }
            space_pending = false;
        }
        if span.text.ends_with(' ') {
            space_pending = true;
        }
    }
    if !current.runs.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

fn push(line: &mut SetLine, style: Style, word: &str, gap: f32, width: f32) {
    match line.runs.last_mut() {
        Some(run) if run.style == style => {
            if gap > 0.0 {
                run.text.push(' ');
            }
            run.text.push_str(word);
        }
        _ => line.runs.push(Run {
            x: line.width + gap,
            style,
            text: word.to_owned(),
        }),
    }
    line.width += gap + width;
}

/// The pages being filled, top to bottom.
struct Layout<'f> {
    faces: &'f Faces,
    size: f32,
    page_width: f32,
    page_height: f32,
    left: f32,
    width: f32,
    top: f32,
    bottom: f32,
    y: f32,
    pages: Vec<Vec<Op>>,
    /// What could not be drawn (a QR payload too long); the PDF is refused.
    failed: Option<FormError>,
}

impl<'f> Layout<'f> {
    fn new(faces: &'f Faces, doc: &Document) -> Layout<'f> {
        let (w, h) = doc.paper.millimetres();
        // Margins as a printed form has them: more on the binding side.
        let (top, right, bottom, left) = (10.0 * MM, 10.0 * MM, 10.0 * MM, 15.0 * MM);
        Layout {
            faces,
            size: doc.font_size,
            page_width: w * MM,
            page_height: h * MM,
            left,
            width: w * MM - left - right,
            top,
            bottom: h * MM - bottom,
            y: top,
            pages: vec![Vec::new()],
            failed: None,
        }
    }

    fn leading(&self, size: f32) -> f32 {
        size * LEADING
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page unless `height` still fits (or the page is empty:
    /// a block taller than a page is drawn anyway rather than lost).
    fn keep(&mut self, height: f32) -> bool {
        if self.y + height > self.bottom && self.y > self.top {
            self.pages.push(Vec::new());
            self.y = self.top;
            return true;
        }
        false
    }

    /// Draws laid-out lines from the current position, aligned in the band
    /// `[x, x + width]`, and moves down.
    fn draw_lines(
        &mut self,
        lines: &[SetLine],
        x: f32,
        width: f32,
        align: Align,
        size: f32,
        colour: (u8, u8, u8),
    ) {
        let leading = self.leading(size);
        for line in lines {
            let offset = match align {
                Align::Left => 0.0,
                Align::Centre => ((width - line.width) / 2.0).max(0.0),
            };
            // The baseline sits at about 0.8 of the line's height.
            let baseline = self.y + leading * 0.78;
            for run in &line.runs {
                let op = Op::Text {
                    x: x + offset + run.x,
                    baseline,
                    style: run.style,
                    size,
                    text: run.text.clone(),
                    colour,
                };
                self.ops().push(op);
            }
            self.y += leading;
        }
    }

    fn paragraph(
        &mut self,
        line: &Line,
        align: Align,
        size: f32,
        style: Option<Style>,
        colour: (u8, u8, u8),
    ) {
        let lines = wrap(self.faces, line, self.width, size, style);
        for one in lines {
            self.keep(self.leading(size));
            let (left, width) = (self.left, self.width);
            self.draw_lines(&[one], left, width, align, size, colour);
        }
    }

    fn header(&mut self, columns: &[Column]) {
        let size = self.size * 0.88;
        let leading = self.leading(size);
        let total: f32 = columns
            .iter()
            .map(|c| f32::from(c.percent))
            .sum::<f32>()
            .max(1.0);
        let mut x = self.left;
        let mut placed = Vec::new();
        let mut height: f32 = 0.0;
        for column in columns {
            let width = self.width * f32::from(column.percent) / total;
            let qr = column.qr.as_ref().map(|_| QR_SIDE.min(width));
            let set: Vec<SetLine> = column
                .lines
                .iter()
                .flat_map(|l| wrap(self.faces, l, width, size, None))
                .collect();
            let h = qr.map_or(0.0, |side| side + QR_QUIET) + set.len() as f32 * leading;
            height = height.max(h);
            placed.push((x, width, column.qr.as_deref().zip(qr), set));
            x += width;
        }
        self.keep(height);
        let top = self.y;
        for (x, width, qr, set) in placed {
            self.y = top;
            if let Some((payload, side)) = qr {
                self.qr(payload, x + (width - side) / 2.0, top, side);
                self.y = top + side + QR_QUIET;
            }
            self.draw_lines(&set, x, width, Align::Centre, size, (0, 0, 0));
        }
        self.y = top + height + self.size * 0.6;
    }

    fn qr(&mut self, payload: &str, x: f32, y: f32, side: f32) {
        // Encoding is the dearest part of a receipt (eight masks scored), so
        // it is done once, here.
        let modules = match Modules::encode(payload) {
            Ok(modules) => modules,
            Err(e) => {
                self.failed = Some(e);
                return;
            }
        };
        let module = side / modules.width as f32;
        let rects = modules.rectangles();
        self.ops().push(Op::Qr {
            x,
            y,
            module,
            rects,
        });
    }

    /// Column edges of a table: `(x, width)` per column.
    fn table_columns(&self, columns: &[TableColumn]) -> Vec<(f32, f32)> {
        let total: f32 = columns
            .iter()
            .map(|c| f32::from(c.percent))
            .sum::<f32>()
            .max(1.0);
        let mut x = self.left;
        columns
            .iter()
            .map(|c| {
                let w = self.width * f32::from(c.percent) / total;
                let edge = (x, w);
                x += w;
                edge
            })
            .collect()
    }

    /// One ruled row: each cell's lines wrapped in its column; the row is as
    /// tall as its tallest cell and moves to the next page whole.
    fn table_row(&mut self, edges: &[(f32, f32)], cells: &[(Vec<SetLine>, Align)]) -> f32 {
        let leading = self.leading(self.size);
        let lines = cells
            .iter()
            .map(|(set, _)| set.len())
            .max()
            .unwrap_or(1)
            .max(1);
        let height = lines as f32 * leading + 2.0 * CELL_PAD_Y;
        let top = self.y;
        for ((x, w), (set, align)) in edges.iter().zip(cells) {
            self.y = top + CELL_PAD_Y;
            self.draw_lines(
                set,
                x + CELL_PAD_X,
                w - 2.0 * CELL_PAD_X,
                *align,
                self.size,
                (0, 0, 0),
            );
        }
        let bottom = top + height;
        let left = self.left;
        let right = edges.last().map_or(left, |(x, w)| x + w);
        self.ops().push(Op::Rule(left, top, right, top));
        self.ops().push(Op::Rule(left, bottom, right, bottom));
        for (x, _) in edges {
            self.ops().push(Op::Rule(*x, top, *x, bottom));
        }
        self.ops().push(Op::Rule(right, top, right, bottom));
        self.y = bottom;
        height
    }

    fn table(&mut self, table: &Table) {
        let edges = self.table_columns(&table.columns);
        let heading: Vec<(Vec<SetLine>, Align)> = table
            .columns
            .iter()
            .zip(&edges)
            .map(|(c, (_, w))| {
                let line = Line::new().b(c.heading.clone());
                (
                    wrap(self.faces, &line, w - 2.0 * CELL_PAD_X, self.size, None),
                    Align::Centre,
                )
            })
            .collect();
        let heading_height = heading.iter().map(|(s, _)| s.len()).max().unwrap_or(1) as f32
            * self.leading(self.size)
            + 2.0 * CELL_PAD_Y;
        let mut rows: Vec<Vec<(Vec<SetLine>, Align)>> = table
            .rows
            .iter()
            .map(|row| {
                table
                    .columns
                    .iter()
                    .zip(&edges)
                    .enumerate()
                    .map(|(i, (c, (_, w)))| {
                        let set = row
                            .get(i)
                            .into_iter()
                            .flatten()
                            .flat_map(|l| {
                                wrap(self.faces, l, w - 2.0 * CELL_PAD_X, self.size, None)
                            })
                            .collect();
                        (set, c.align)
                    })
                    .collect()
            })
            .collect();
        if rows.is_empty() {
            let width = self.width - 2.0 * CELL_PAD_X;
            let set = wrap(
                self.faces,
                &Line::new().i(table.empty.clone()),
                width,
                self.size,
                None,
            );
            let edge = [(self.left, self.width)];
            self.keep(heading_height + self.leading(self.size) * 2.0);
            self.table_row(&edges, &heading);
            self.table_row(&edge, &[(set, Align::Centre)]);
            self.y += self.size * 0.5;
            return;
        }
        self.keep(heading_height + self.leading(self.size) + 2.0 * CELL_PAD_Y);
        self.table_row(&edges, &heading);
        for row in rows.drain(..) {
            let lines = row.iter().map(|(s, _)| s.len()).max().unwrap_or(1);
            let height = lines as f32 * self.leading(self.size) + 2.0 * CELL_PAD_Y;
            if self.keep(height) {
                self.table_row(&edges, &heading);
            }
            self.table_row(&edges, &row);
        }
        self.y += self.size * 0.5;
    }

    fn signatures(&mut self, cells: &[Option<Signature>]) {
        let n = cells.len().max(1) as f32;
        let width = self.width / n;
        let leading = self.leading(self.size);
        // Role, hint, room to sign (three lines), name.
        let height = leading * 6.0;
        self.keep(height);
        let top = self.y;
        for (i, cell) in cells.iter().enumerate() {
            let Some(cell) = cell else { continue };
            let x = self.left + width * i as f32;
            self.y = top;
            let mut set = wrap(
                self.faces,
                &Line::new().b(cell.role.clone()),
                width,
                self.size,
                None,
            );
            set.extend(wrap(
                self.faces,
                &Line::new().i(cell.hint.clone()),
                width,
                self.size,
                None,
            ));
            self.draw_lines(&set, x, width, Align::Centre, self.size, (0, 0, 0));
            if let Some(name) = &cell.name {
                self.y = top + leading * 5.0;
                let set = wrap(
                    self.faces,
                    &Line::new().b(name.clone()),
                    width,
                    self.size,
                    None,
                );
                self.draw_lines(&set, x, width, Align::Centre, self.size, (0, 0, 0));
            }
        }
        self.y = top + height;
    }

    fn block(&mut self, block: &Block) {
        let size = self.size;
        match block {
            Block::Header(columns) => self.header(columns),
            Block::Title(lines) => {
                self.y += size * 0.4;
                for line in lines {
                    self.paragraph(
                        line,
                        Align::Centre,
                        size * 1.15,
                        Some(Style::Bold),
                        (0, 0, 0),
                    );
                }
                self.y += size * 0.2;
            }
            Block::Centred(line) => {
                self.paragraph(line, Align::Centre, size, None, (0, 0, 0));
                self.y += size * 0.3;
            }
            Block::Paragraph(line) => {
                self.paragraph(line, Align::Left, size, None, (0, 0, 0));
                self.y += size * 0.1;
            }
            Block::Table(table) => self.table(table),
            Block::Signatures(cells) => {
                self.y += size * 0.4;
                self.signatures(cells);
            }
            Block::Note(line) => {
                self.y += size * 0.4;
                self.paragraph(
                    line,
                    Align::Left,
                    size * 0.85,
                    Some(Style::Italic),
                    (0, 0, 0),
                );
            }
            Block::Banner(text) => {
                let line = Line::new().b(text.clone());
                self.paragraph(&line, Align::Centre, size * 1.1, None, BANNER);
            }
        }
    }
}

/// Lays `doc` out into pages of drawing operations.
fn lay_out(faces: &Faces, doc: &Document) -> Result<(f32, f32, Vec<Vec<Op>>), FormError> {
    let mut layout = Layout::new(faces, doc);
    for block in &doc.blocks {
        layout.block(block);
    }
    match layout.failed {
        Some(e) => Err(e),
        None => Ok((layout.page_width, layout.page_height, layout.pages)),
    }
}

/// The PDF of `doc`: its pages at the paper's size, the fonts embedded and
/// subset, the title and language in its metadata.
pub fn render(doc: &Document) -> Result<Vec<u8>, FormError> {
    let faces = Faces::get()?;
    let (width, height, pages) = lay_out(faces, doc)?;
    // Page content is left uncompressed: deflating it was a third of a
    // receipt's time (krilla compresses at level 6), and a receipt of 78 KB
    // instead of 38 KB costs a counter's network and an e-mail nothing,
    // while 600 receipts a second instead of 450 is what a province's
    // counters need. The fonts are still compressed and subset.
    let mut pdf = krilla::Document::new_with(krilla::SerializeSettings {
        compress_content_streams: false,
        ..krilla::SerializeSettings::default()
    });
    pdf.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .language("vi".to_owned())
            .creator("Motcua".to_owned()),
    );
    for ops in pages {
        let settings = PageSettings::from_wh(width, height).ok_or(FormError::Layout)?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    baseline,
                    style,
                    size,
                    text,
                    colour: (r, g, b),
                } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill {
                        paint: rgb::Color::new(r, g, b).into(),
                        ..Fill::default()
                    }));
                    surface.draw_text(
                        Point::from_xy(x, baseline),
                        faces.face(style).font.clone(),
                        size,
                        &text,
                        false,
                        TextDirection::LeftToRight,
                    );
                }
                Op::Qr {
                    x,
                    y,
                    module,
                    rects,
                } => {
                    let mut path = PathBuilder::new();
                    for (rx, ry, w, h) in rects {
                        let [rx, ry, w, h] = [rx, ry, w, h].map(|n| n as f32);
                        if let Some(rect) = Rect::from_xywh(rx, ry, w, h) {
                            path.push_rect(rect);
                        }
                    }
                    if let Some(path) = path.finish() {
                        surface
                            .push_transform(&Transform::from_row(module, 0.0, 0.0, module, x, y));
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill::default()));
                        surface.draw_path(&path);
                        surface.pop();
                    }
                }
                Op::Rule(x1, y1, x2, y2) => {
                    let mut path = PathBuilder::new();
                    path.move_to(x1, y1);
                    path.line_to(x2, y2);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            width: 0.6,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    pdf.finish().map_err(|e| FormError::Pdf(format!("{e:?}")))
}

/// How many pages `doc` takes.
pub fn page_count(doc: &Document) -> Result<usize, FormError> {
    Ok(lay_out(Faces::get()?, doc)?.2.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Paper, regular};

    fn faces() -> &'static Faces {
        Faces::get().expect("the bundled fonts load")
    }

    #[test]
    fn vietnamese_text_is_measured_with_real_glyphs() {
        let f = faces();
        let w = f.regular.width("Giấy tiếp nhận hồ sơ", 11.0);
        assert!(w > 60.0 && w < 140.0, "{w}");
        assert!(f.bold.width("ĐỘC LẬP", 11.0) > f.regular.width("ĐỘC LẬP", 11.0) * 0.99);
    }

    #[test]
    fn lines_wrap_within_the_width_and_keep_every_word() {
        let text = "Thành phần hồ sơ nộp gồm các giấy tờ theo quy định của thủ tục hành chính được công bố";
        let lines = wrap(faces(), &regular(text), 120.0, 11.0, None);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(line.width <= 120.0 + 0.01, "{line:?}");
        }
        let rebuilt: Vec<String> = lines
            .iter()
            .map(|l| {
                l.runs
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(rebuilt.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_not_lost() {
        let word = "nguyenvanan.rat.dai@congdichvu.example.gov.vn";
        let lines = wrap(faces(), &regular(word), 50.0, 11.0, None);
        assert!(lines.len() > 1);
        let joined: String = lines
            .iter()
            .flat_map(|l| l.runs.iter().map(|r| r.text.clone()))
            .collect();
        assert_eq!(joined, word);
    }

    #[test]
    fn styles_change_within_a_line_at_their_own_place() {
        let line = Line::new().r("Mã hồ sơ: ").b("H29-261201-0001");
        let set = wrap(faces(), &line, 400.0, 11.0, None);
        assert_eq!(set.len(), 1);
        assert_eq!(set[0].runs.len(), 2);
        assert_eq!(set[0].runs[1].style, Style::Bold);
        assert!(set[0].runs[1].x > set[0].runs[0].x);
    }

    #[test]
    fn a_long_table_runs_onto_more_pages() {
        let row = vec![vec![regular("1")], vec![regular("Giấy tờ")]];
        let doc = Document {
            paper: Paper::A5,
            title: "t".into(),
            font_size: 11.0,
            blocks: vec![Block::Table(Table {
                columns: vec![
                    TableColumn {
                        heading: "STT".into(),
                        percent: 10,
                        align: Align::Centre,
                    },
                    TableColumn {
                        heading: "Tên".into(),
                        percent: 90,
                        align: Align::Left,
                    },
                ],
                rows: vec![row; 80],
                empty: String::new(),
            })],
        };
        assert!(page_count(&doc).expect("lays out") >= 3);
        let pdf = render(&doc).expect("renders");
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
