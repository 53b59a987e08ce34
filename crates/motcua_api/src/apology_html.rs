//! The apology notice as a printable A5 page, titled by the dossier's rule
//! set (Mẫu 04 of 2018, or the 2025 "apology and request to extend").

use chrono::Utc;
use motcua_app::ApologyNotice;
use motcua_calendar::VIETNAM_OFFSET;

use crate::receipt_html::{esc, when};

fn local(at: chrono::DateTime<Utc>) -> String {
    when(at.with_timezone(&VIETNAM_OFFSET))
}

/// The page.
pub fn render(n: &ApologyNotice) -> String {
    let a = &n.apology;
    let new_due = a
        .new_due_at
        .map(local)
        .unwrap_or_else(|| "(chưa hẹn)".into());
    let status = match a.state.as_str() {
        "sent" => "",
        "signed" => "<p class=\"draft\">ĐÃ KÝ, CHƯA GỬI</p>",
        _ => "<p class=\"draft\">DỰ THẢO</p>",
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{title} {code}</title>
<style>
@page {{ size: A5 portrait; margin: 10mm 12mm; }}
body {{ font-family: "Times New Roman", Times, serif; font-size: 11pt; line-height: 1.4; margin: 0; color: #000; }}
.head {{ display: flex; justify-content: space-between; text-align: center; }}
.head div {{ width: 48%; }}
h1 {{ font-size: 13pt; text-align: center; margin: 10pt 0 6pt; }}
.draft {{ text-align: center; font-weight: bold; color: #900; }}
.sign {{ text-align: center; margin-left: 50%; margin-top: 12pt; min-height: 60pt; }}
</style>
</head>
<body>
<div class="head">
  <div><b>{agency}</b></div>
  <div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></div>
</div>
<h1>{title}</h1>
{status}
<p>Kính gửi: <b>{applicant}</b><br>Địa chỉ: {address}</p>
<p>Ngày {received}, {agency} tiếp nhận hồ sơ đề nghị giải quyết thủ tục {procedure}, mã hồ sơ <b>{code}</b>, hẹn trả kết quả {original}.</p>
<p>Đến nay, hồ sơ chưa giải quyết xong, chưa trả kết quả đúng hẹn.</p>
<p>Lý do: {reason}</p>
<p>{agency} xin lỗi và mong được sự thông cảm. Thời gian hẹn trả kết quả lại: <b>{new_due}</b>.</p>
<div class="sign"><b>THỦ TRƯỞNG CƠ QUAN</b><br><br><br>{signer}</div>
</body>
</html>
"#,
        title = esc(a.title),
        code = esc(&n.dossier_code),
        agency = esc(&n.agency_name),
        status = status,
        applicant = esc(&n.applicant_name),
        address = esc(&n.applicant_address),
        // "Ngày …, [agency] tiếp nhận": the day, as the form writes it.
        received = motcua_domain::format_date(n.received_at),
        procedure = esc(&n.procedure_name),
        original = local(a.original_due_at),
        reason = esc(a.reason.as_deref().unwrap_or("")),
        new_due = new_due,
        signer = esc(a.signed_by.as_deref().unwrap_or("")),
    )
}
