//! A [`Document`] as a printable HTML page: the same blocks as the PDF, set
//! with CSS for the paper size, the QR code as inline SVG. No script, no
//! outside resource: the page prints as it is, offline.

use std::fmt::Write as _;

use motcua_domain::escape_html as esc;

use crate::document::{Align, Block, Column, Document, Line, Signature, Style, Table};
use crate::qr::Modules;

fn line(out: &mut String, line: &Line) {
    for span in &line.0 {
        let text = esc(&span.text);
        match span.style {
            Style::Regular => out.push_str(&text),
            Style::Bold => {
                let _ = write!(out, "<b>{text}</b>");
            }
            Style::Italic => {
                let _ = write!(out, "<i>{text}</i>");
            }
        }
    }
}

fn qr(out: &mut String, payload: &str) {
    let Ok(modules) = Modules::encode(payload) else {
        return;
    };
    let n = modules.width;
    let _ = write!(
        out,
        "<svg class=\"qr\" viewBox=\"0 0 {n} {n}\" role=\"img\" aria-label=\"Mã QR\" shape-rendering=\"crispEdges\"><path d=\""
    );
    for (x, y, w, h) in modules.rectangles() {
        let _ = write!(out, "M{x} {y}h{w}v{h}h-{w}z");
    }
    out.push_str("\"/></svg>");
}

fn header(out: &mut String, columns: &[Column]) {
    out.push_str("<div class=\"cols head\">");
    for column in columns {
        let _ = write!(out, "<div style=\"width:{}%\">", column.percent);
        if let Some(payload) = &column.qr {
            qr(out, payload);
        }
        for (i, l) in column.lines.iter().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            line(out, l);
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
}

fn table(out: &mut String, table: &Table) {
    out.push_str("<table><thead><tr>");
    for c in &table.columns {
        let _ = write!(
            out,
            "<th style=\"width:{}%\">{}</th>",
            c.percent,
            esc(&c.heading)
        );
    }
    out.push_str("</tr></thead><tbody>");
    if table.rows.is_empty() {
        let _ = write!(
            out,
            "<tr><td colspan=\"{}\" class=\"c\"><i>{}</i></td></tr>",
            table.columns.len(),
            esc(&table.empty)
        );
    }
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, c) in table.columns.iter().enumerate() {
            let class = match c.align {
                Align::Left => "",
                Align::Centre => " class=\"c\"",
            };
            let _ = write!(out, "<td{class}>");
            for (j, l) in row.get(i).into_iter().flatten().enumerate() {
                if j > 0 {
                    out.push_str("<br>");
                }
                line(out, l);
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

fn signatures(out: &mut String, cells: &[Option<Signature>]) {
    let width = 100 / cells.len().max(1);
    out.push_str("<div class=\"cols sign\">");
    for cell in cells {
        let _ = write!(out, "<div style=\"width:{width}%\">");
        if let Some(cell) = cell {
            let _ = write!(
                out,
                "<b>{}</b><br><i>{}</i>",
                esc(&cell.role),
                esc(&cell.hint)
            );
            if let Some(name) = &cell.name {
                let _ = write!(out, "<div class=\"name\"><b>{}</b></div>", esc(name));
            }
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
}

/// The page: a complete HTML document in Vietnamese, sized for printing.
pub fn render(doc: &Document) -> String {
    let (width_mm, _) = doc.paper.millimetres();
    let mut body = String::new();
    for block in &doc.blocks {
        match block {
            Block::Header(c) => header(&mut body, c),
            Block::Title(lines) => {
                body.push_str("<h1>");
                for (i, l) in lines.iter().enumerate() {
                    if i > 0 {
                        body.push_str("<br>");
                    }
                    line(&mut body, l);
                }
                body.push_str("</h1>");
            }
            Block::Centred(l) => {
                body.push_str("<p class=\"c\">");
                line(&mut body, l);
                body.push_str("</p>");
            }
            Block::Paragraph(l) => {
                body.push_str("<p>");
                line(&mut body, l);
                body.push_str("</p>");
            }
            Block::Table(t) => table(&mut body, t),
            Block::Signatures(cells) => signatures(&mut body, cells),
            Block::Note(l) => {
                body.push_str("<p class=\"note\">");
                line(&mut body, l);
                body.push_str("</p>");
            }
            Block::Banner(text) => {
                let _ = write!(body, "<p class=\"banner\">{}</p>", esc(text));
            }
        }
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
@page {{ size: {paper}; margin: 10mm 10mm 10mm 15mm; }}
html {{ background: #eee; }}
body {{ font-family: "Times New Roman", "Noto Serif", Times, serif; font-size: {size}pt; line-height: 1.25; color: #000; background: #fff; box-sizing: border-box; max-width: {width_mm}mm; margin: 0 auto; padding: 10mm 10mm 10mm 15mm; }}
@media print {{ html {{ background: none; }} body {{ max-width: none; margin: 0; padding: 0; }} }}
@media (max-width: 600px) {{ body {{ padding: 4mm; }} }}
.cols {{ display: flex; gap: 2mm; text-align: center; margin-bottom: 4pt; }}
.cols > div {{ flex: 0 0 auto; box-sizing: border-box; }}
.qr {{ width: 22mm; height: 22mm; display: block; margin: 0 auto 2pt; }}
.head {{ font-size: 0.88em; }}
h1 {{ font-size: 1.15em; text-align: center; margin: 8pt 0 2pt; }}
p {{ margin: 0 0 3pt; }}
.c {{ text-align: center; }}
table {{ width: 100%; border-collapse: collapse; margin: 3pt 0 6pt; }}
th, td {{ border: 0.6pt solid #000; padding: 2pt 3pt; vertical-align: top; }}
.sign {{ margin-top: 8pt; break-inside: avoid; }}
.sign .name {{ margin-top: 36pt; }}
.note {{ font-size: 0.85em; font-style: italic; margin-top: 8pt; }}
.banner {{ text-align: center; font-weight: bold; color: #900; font-size: 1.1em; }}
</style>
</head>
<body>
{body}
</body>
</html>
"#,
        title = esc(&doc.title),
        paper = doc.paper.css(),
        size = doc.font_size,
    )
}
