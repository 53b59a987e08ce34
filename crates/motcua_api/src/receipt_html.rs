//! Mẫu 01 as a printable A5 page, in Vietnamese.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use motcua_app::Receipt;
use std::fmt::Write as _;

/// Escapes text for HTML.
pub(crate) use motcua_domain::escape_html as esc;

/// "15 giờ 30 phút, ngày 13/02/2026".
pub(crate) fn when(at: DateTime<FixedOffset>) -> String {
    format!(
        "{:02} giờ {:02} phút, ngày {:02}/{:02}/{}",
        at.hour(),
        at.minute(),
        at.day(),
        at.month(),
        at.year()
    )
}

/// The receipt page: A5 portrait, one copy for the applicant and one that
/// travels with the control sheet, as the form's note says.
pub fn render(r: &Receipt) -> String {
    let received = r.received_at_local;
    let mut rows = String::new();
    for (i, d) in r.documents.iter().enumerate() {
        let _ = write!(
            rows,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            i + 1,
            esc(&d.name),
            esc(&d.copy_type_label),
            d.count
        );
    }
    if rows.is_empty() {
        rows.push_str("<tr><td colspan=\"4\">(không có giấy tờ kèm theo)</td></tr>");
    }
    let contact = [
        r.applicant_phone
            .as_ref()
            .map(|p| format!("Số điện thoại: {}", esc(p))),
        r.applicant_email
            .as_ref()
            .map(|e| format!("Email: {}", esc(e))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" &nbsp; ");
    format!(
        r#"<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Giấy tiếp nhận hồ sơ {code}</title>
<style>
@page {{ size: A5 portrait; margin: 10mm 12mm; }}
body {{ font-family: "Times New Roman", Times, serif; font-size: 11pt; line-height: 1.35; margin: 0; color: #000; }}
.head {{ display: flex; justify-content: space-between; text-align: center; }}
.head div {{ width: 48%; }}
.bold {{ font-weight: bold; }}
h1 {{ font-size: 13pt; text-align: center; margin: 10pt 0 2pt; }}
.code {{ text-align: center; margin-bottom: 8pt; }}
table {{ width: 100%; border-collapse: collapse; margin: 3pt 0 6pt; }}
td, th {{ border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }}
.n {{ text-align: center; width: 8%; }}
.sign {{ display: flex; justify-content: space-between; text-align: center; margin-top: 10pt; }}
.sign div {{ width: 48%; min-height: 60pt; }}
.note {{ font-size: 9pt; font-style: italic; margin-top: 8pt; }}
</style>
</head>
<body>
<div class="head">
  <div><span class="bold">{agency}</span><br>BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ<br>Số: {register:04}/TNHS</div>
  <div><span class="bold">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</span><br><span class="bold">Độc lập - Tự do - Hạnh phúc</span><br><i>Ngày {day:02} tháng {month:02} năm {year}</i></div>
</div>
<h1>{title}</h1>
<div class="code">Mã hồ sơ: <span class="bold">{code}</span></div>
<p>{agency} tiếp nhận hồ sơ của: <span class="bold">{applicant}</span><br>
Địa chỉ: {address}<br>{contact}</p>
<p>Nội dung yêu cầu giải quyết: {procedure} (mã thủ tục {procedure_code})</p>
<p>1. Thành phần hồ sơ nộp gồm:</p>
<table><tr><th class="n">STT</th><th>Tên giấy tờ</th><th>Hình thức</th><th class="n">Số lượng</th></tr>{rows}</table>
<p>2. Số lượng hồ sơ: {sets:02} bộ<br>
3. Thời gian giải quyết hồ sơ theo quy định: {processing}<br>
4. Thời gian nhận hồ sơ: {received}<br>
5. Thời gian trả kết quả giải quyết hồ sơ: <span class="bold">{due}</span><br>
6. Đăng ký nhận kết quả tại: {delivery}</p>
<p>Vào Sổ theo dõi hồ sơ, số thứ tự: {register}</p>
<div class="sign">
  <div><span class="bold">NGƯỜI NỘP HỒ SƠ</span><br><i>(Ký và ghi rõ họ tên)</i></div>
  <div><span class="bold">NGƯỜI TIẾP NHẬN HỒ SƠ</span><br><i>(Ký và ghi rõ họ tên)</i><br><br><br>{clerk}</div>
</div>
<p class="note">Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; một liên chuyển kèm Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận Một cửa; một liên giao cho người nộp hồ sơ. Tra cứu tình trạng hồ sơ bằng mã hồ sơ.</p>
</body>
</html>
"#,
        code = esc(&r.dossier_code),
        agency = esc(&r.agency.name),
        register = r.register_number,
        day = received.day(),
        month = received.month(),
        year = received.year(),
        title = esc(r.title),
        applicant = esc(&r.applicant_name),
        address = esc(&r.applicant_address),
        contact = contact,
        procedure = esc(&r.procedure.name),
        procedure_code = esc(&r.procedure.code),
        rows = rows,
        sets = r.sets,
        processing = esc(&r.processing_time_text),
        received = when(received),
        due = when(r.due_at_local),
        delivery = esc(&r.result_delivery.text),
        clerk = esc(r.received_by.as_deref().unwrap_or("")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            esc("<b>\"Lê\" & 'Lý'</b>"),
            "&lt;b&gt;&quot;Lê&quot; &amp; &#39;Lý&#39;&lt;/b&gt;"
        );
    }
}
