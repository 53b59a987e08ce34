//! Mẫu 05 as a printable A4 page, in Vietnamese.

use chrono::{DateTime, Utc};
use motcua_app::{ControlSheet, Party, StepResult};
use motcua_calendar::VIETNAM_OFFSET;
use std::fmt::Write as _;

use crate::receipt_html::{self, esc};

/// "15 giờ 30 phút, ngày 13/02/2026" in Vietnam's time.
fn when(at: DateTime<Utc>) -> String {
    receipt_html::when(at.with_timezone(&VIETNAM_OFFSET))
}

fn party(p: &Party) -> String {
    let mut parts = vec![esc(&p.agency)];
    parts.extend(p.unit.as_deref().map(esc));
    parts.extend(p.person.as_deref().map(esc));
    parts.join("<br>")
}

fn result(r: Option<StepResult>) -> &'static str {
    match r {
        Some(StepResult::Early) => "Trước hạn",
        Some(StepResult::OnTime) => "Đúng hạn",
        Some(StepResult::Late) => "Quá hạn",
        Some(StepResult::Overdue) => "Đang quá hạn",
        Some(StepResult::InProgress) => "Đang xử lý",
        None => "",
    }
}

/// The control sheet page: one row per hand-over, as the form lays it out
/// (giver, receiver, time, result of the step, remarks).
pub fn render(s: &ControlSheet) -> String {
    let mut rows = String::new();
    for r in &s.rows {
        let due = r
            .step_due_at
            .map(|d| format!("<br><i>Hạn bước: {}</i>", when(d)))
            .unwrap_or_default();
        let _ = write!(
            rows,
            "<tr><td>{step}</td><td><b>Giao:</b> {giver}<br><b>Nhận:</b> {receiver}</td><td>{at}{due}</td><td>{result}</td><td>{note}</td></tr>",
            step = esc(&r.step),
            giver = party(&r.giver),
            receiver = party(&r.receiver),
            at = when(r.handed_at),
            result = result(r.result),
            note = esc(r.note.as_deref().unwrap_or("")),
        );
    }
    let late = if s.late_units.is_empty() {
        String::new()
    } else {
        format!(
            "<p><b>Đơn vị để quá hạn:</b> {}</p>",
            s.late_units
                .iter()
                .map(|u| esc(u))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Phiếu kiểm soát {code}</title>
<style>
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: "Times New Roman", Times, serif; font-size: 11pt; line-height: 1.35; margin: 0; color: #000; }}
.head {{ display: flex; justify-content: space-between; text-align: center; }}
.head div {{ width: 48%; }}
h1 {{ font-size: 13pt; text-align: center; margin: 10pt 0 2pt; }}
table {{ width: 100%; border-collapse: collapse; margin-top: 6pt; }}
td, th {{ border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }}
</style>
</head>
<body>
<div class="head">
  <div><b>{agency}</b><br>BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ</div>
  <div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></div>
</div>
<h1>{title}</h1>
<p>Kèm theo hồ sơ của: <b>{applicant}</b> &nbsp; Mã hồ sơ: <b>{code}</b><br>
Thủ tục: {procedure} (mã {procedure_code})<br>
Ngày, giờ nhận: {received}<br>
Ngày, giờ hẹn trả kết quả: {due}{original}</p>
<table>
<tr><th>Bước</th><th>Tên cơ quan, đơn vị, người giao và nhận hồ sơ</th><th>Thời gian giao, nhận hồ sơ</th><th>Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)</th><th>Ghi chú</th></tr>
{rows}
</table>
{late}
</body>
</html>
"#,
        code = esc(&s.dossier_code),
        agency = esc(&s.agency.name),
        title = esc(s.title),
        applicant = esc(&s.applicant_name),
        procedure = esc(&s.procedure.name),
        procedure_code = esc(&s.procedure.code),
        received = when(s.received_at),
        due = when(s.due_at),
        original = if s.original_due_at == s.due_at {
            String::new()
        } else {
            format!(" (hẹn ban đầu: {})", when(s.original_due_at))
        },
        rows = rows,
        late = late,
    )
}
