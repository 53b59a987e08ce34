//! What a notice says: one pure function per kind and language, from the
//! facts stored with the notice. No I/O and no clock: the same facts always
//! give the same words, so each template is tested on its own.

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Deserialize;

use crate::sms;
use motcua_domain::{NoticeKind, NoticeLanguage, escape_html, format_vnd, vietnam_time};

/// What a notice is about: the payload stored with it, completed with the
/// names the worker looks up when it sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Facts {
    /// Mã hồ sơ.
    pub dossier_code: String,
    /// The appointment (the new one after an apology).
    pub due_at: Option<DateTime<Utc>>,
    /// The procedure's name.
    pub procedure_name: Option<String>,
    /// The agency that received the dossier.
    pub agency_name: Option<String>,
    /// Who the notice greets: the applicant or the staff member.
    pub recipient_name: Option<String>,
    /// Supplement request: what to bring or fix.
    pub items: Vec<String>,
    /// Refusal: why.
    pub reasons: Vec<String>,
    /// Apology: why the result is late; stopping: why processing stopped.
    pub reason: Option<String>,
    /// Stopping: at the applicant's own request (a confirmed withdrawal).
    pub withdrawn: Option<bool>,
    /// Apology: the appointment that was missed.
    pub original_due_at: Option<DateTime<Utc>>,
    /// Apology: the new appointment.
    pub new_due_at: Option<DateTime<Utc>>,
    /// Payment: the amount in đồng.
    pub amount_vnd: Option<i64>,
    /// Payment: whether the wait stops the clock (absent: it does, as
    /// before the procedures could choose).
    pub clock_paused: Option<bool>,
    /// Where the applicant can follow the dossier online.
    pub lookup_url: Option<String>,
    /// Account notices: the signed link to follow.
    pub action_url: Option<String>,
    /// Account notices: how many hours the link works.
    pub valid_hours: Option<i64>,
    /// Payment review: why staff must look (`paid_after_failure`,
    /// `paid_twice`, `amount_mismatch`).
    pub payment_review: Option<String>,
    /// Payment review: our reference of the attempt.
    pub payment_reference: Option<String>,
    /// Payment review: what the gateway said was paid, in đồng.
    pub paid_amount_vnd: Option<i64>,
}

/// An e-mail's words: subject, plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailContent {
    /// UTF-8, one line.
    pub subject: String,
    /// The text part.
    pub text: String,
    /// The HTML part, the same words.
    pub html: String,
}

/// `16:30 ngày 25/11/2026` or `16:30 on 25/11/2026`, Vietnam time.
pub fn format_instant(at: DateTime<Utc>, language: NoticeLanguage) -> String {
    let at = vietnam_time(at);
    let joiner = match language {
        NoticeLanguage::Vi => "ngày",
        NoticeLanguage::En => "on",
    };
    format!(
        "{:02}:{:02} {joiner} {:02}/{:02}/{}",
        at.hour(),
        at.minute(),
        at.day(),
        at.month(),
        at.year()
    )
}

/// The paragraphs of a message before it is laid out as text or HTML.
struct Draft {
    subject: String,
    greeting: String,
    paragraphs: Vec<String>,
    list: Vec<String>,
    closing: String,
}

fn when(at: Option<DateTime<Utc>>, language: NoticeLanguage) -> String {
    at.map_or_else(|| "—".into(), |at| format_instant(at, language))
}

fn draft(kind: NoticeKind, language: NoticeLanguage, f: &Facts) -> Draft {
    let code = &f.dossier_code;
    let procedure = f.procedure_name.as_deref().unwrap_or(match language {
        NoticeLanguage::Vi => "thủ tục hành chính",
        NoticeLanguage::En => "administrative procedure",
    });
    let agency = f.agency_name.as_deref().unwrap_or(match language {
        NoticeLanguage::Vi => "cơ quan tiếp nhận",
        NoticeLanguage::En => "the receiving agency",
    });
    let due = when(f.due_at, language);
    let greeting = match (language, &f.recipient_name) {
        (NoticeLanguage::Vi, Some(name)) => format!("Kính gửi {name},"),
        (NoticeLanguage::Vi, None) => "Kính gửi Quý ông/bà,".into(),
        (NoticeLanguage::En, Some(name)) => format!("Dear {name},"),
        (NoticeLanguage::En, None) => "Dear applicant,".into(),
    };
    let closing = match language {
        NoticeLanguage::Vi => format!("Trân trọng,\n{agency}"),
        NoticeLanguage::En => format!("Yours faithfully,\n{agency}"),
    };
    let mut list = Vec::new();
    let (subject, paragraphs) = match (kind, language) {
        (NoticeKind::Receipt, NoticeLanguage::Vi) => (
            format!("Tiếp nhận hồ sơ {code}"),
            vec![
                format!("{agency} đã tiếp nhận hồ sơ {code} ({procedure})."),
                format!("Thời gian hẹn trả kết quả: {due}."),
            ],
        ),
        (NoticeKind::Receipt, NoticeLanguage::En) => (
            format!("Dossier {code} received"),
            vec![
                format!("{agency} has received dossier {code} ({procedure})."),
                format!("Your result is due at {due}."),
            ],
        ),
        (NoticeKind::SupplementRequest, NoticeLanguage::Vi) => {
            list.clone_from(&f.items);
            (
                format!("Yêu cầu bổ sung hồ sơ {code}"),
                vec![
                    format!("Hồ sơ {code} ({procedure}) cần được bổ sung, hoàn thiện."),
                    "Đề nghị Quý ông/bà bổ sung các nội dung sau; thời gian giải quyết tạm dừng cho đến khi nhận đủ:".into(),
                ],
            )
        }
        (NoticeKind::SupplementRequest, NoticeLanguage::En) => {
            list.clone_from(&f.items);
            (
                format!("Dossier {code}: documents needed"),
                vec![
                    format!("Dossier {code} ({procedure}) needs more from you."),
                    "Please provide the following; the processing clock is paused until we have it all:".into(),
                ],
            )
        }
        (NoticeKind::Refusal, NoticeLanguage::Vi) => {
            list.clone_from(&f.reasons);
            (
                format!("Từ chối giải quyết hồ sơ {code}"),
                vec![
                    format!("{agency} không thể giải quyết hồ sơ {code} ({procedure}) vì các lý do sau:"),
                ],
            )
        }
        (NoticeKind::Refusal, NoticeLanguage::En) => {
            list.clone_from(&f.reasons);
            (
                format!("Dossier {code} refused"),
                vec![format!(
                    "{agency} cannot process dossier {code} ({procedure}) for these reasons:"
                )],
            )
        }
        (NoticeKind::Apology, NoticeLanguage::Vi) => (
            format!("Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}"),
            vec![
                format!(
                    "{agency} thành thật xin lỗi vì hồ sơ {code} ({procedure}) không thể trả kết quả đúng hẹn {}.",
                    when(f.original_due_at, language)
                ),
                format!("Lý do: {}.", f.reason.as_deref().unwrap_or("—").trim_end_matches('.')),
                format!("Thời gian hẹn trả kết quả mới: {}.", when(f.new_due_at.or(f.due_at), language)),
            ],
        ),
        (NoticeKind::Apology, NoticeLanguage::En) => (
            format!("Apology: dossier {code} will be late"),
            vec![
                format!(
                    "{agency} sincerely apologises: the result of dossier {code} ({procedure}) will not be ready at {} as promised.",
                    when(f.original_due_at, language)
                ),
                format!("Reason: {}.", f.reason.as_deref().unwrap_or("—").trim_end_matches('.')),
                format!("New appointment: {}.", when(f.new_due_at.or(f.due_at), language)),
            ],
        ),
        (NoticeKind::ResultReady, NoticeLanguage::Vi) => (
            format!("Đã có kết quả hồ sơ {code}"),
            vec![format!(
                "Hồ sơ {code} ({procedure}) đã có kết quả. Quý ông/bà nhận kết quả theo hình thức đã đăng ký."
            )],
        ),
        (NoticeKind::ResultReady, NoticeLanguage::En) => (
            format!("Dossier {code}: your result is ready"),
            vec![format!(
                "The result of dossier {code} ({procedure}) is ready, to be delivered the way you chose."
            )],
        ),
        (NoticeKind::Stopped, NoticeLanguage::Vi) => (
            format!("Dừng giải quyết hồ sơ {code}"),
            if f.withdrawn == Some(true) {
                vec![format!(
                    "Theo đề nghị rút hồ sơ của Quý ông/bà, {agency} đã dừng giải quyết hồ sơ {code} ({procedure})."
                )]
            } else {
                vec![
                    format!("{agency} dừng giải quyết hồ sơ {code} ({procedure})."),
                    format!("Lý do: {}.", f.reason.as_deref().unwrap_or("—").trim_end_matches('.')),
                ]
            },
        ),
        (NoticeKind::Stopped, NoticeLanguage::En) => (
            format!("Dossier {code}: processing stopped"),
            if f.withdrawn == Some(true) {
                vec![format!(
                    "As you asked to withdraw it, {agency} has stopped processing dossier {code} ({procedure})."
                )]
            } else {
                vec![
                    format!("{agency} has stopped processing dossier {code} ({procedure})."),
                    format!("Reason: {}.", f.reason.as_deref().unwrap_or("—").trim_end_matches('.')),
                ]
            },
        ),
        (NoticeKind::PaymentRequested, NoticeLanguage::Vi) => (
            format!("Đề nghị nộp phí, lệ phí hồ sơ {code}"),
            vec![
                format!(
                    "Hồ sơ {code} ({procedure}) cần nộp phí, lệ phí: {}.",
                    f.amount_vnd.map_or_else(|| "—".into(), format_vnd)
                ),
                if f.clock_paused == Some(false) {
                    "Thời gian giải quyết vẫn được tính trong khi chờ khoản nộp.".into()
                } else {
                    "Thời gian giải quyết tạm dừng cho đến khi nhận được khoản nộp.".into()
                },
            ],
        ),
        (NoticeKind::PaymentRequested, NoticeLanguage::En) => (
            format!("Dossier {code}: fee to pay"),
            vec![
                format!(
                    "Dossier {code} ({procedure}) needs a fee of {}.",
                    f.amount_vnd.map_or_else(|| "—".into(), format_vnd)
                ),
                if f.clock_paused == Some(false) {
                    "The processing clock keeps running while the payment is awaited.".into()
                } else {
                    "The processing clock is paused until the payment arrives.".into()
                },
            ],
        ),
        (NoticeKind::AccountVerification, NoticeLanguage::Vi) => (
            "Xác thực địa chỉ thư điện tử".to_owned(),
            vec![
                "Quý ông/bà vừa đăng ký tài khoản nộp hồ sơ trực tuyến. Để hoàn tất, vui lòng mở đường dẫn sau:".into(),
                f.action_url.clone().unwrap_or_default(),
                format!("Đường dẫn có hiệu lực trong {} giờ. Nếu không phải Quý ông/bà đăng ký, xin bỏ qua thư này.", f.valid_hours.unwrap_or(48)),
            ],
        ),
        (NoticeKind::AccountVerification, NoticeLanguage::En) => (
            "Confirm your e-mail address".to_owned(),
            vec![
                "You have registered to submit dossiers online. To finish, open this link:".into(),
                f.action_url.clone().unwrap_or_default(),
                format!("The link works for {} hours. If you did not register, ignore this e-mail.", f.valid_hours.unwrap_or(48)),
            ],
        ),
        (NoticeKind::PasswordReset, NoticeLanguage::Vi) => (
            "Đặt lại mật khẩu".to_owned(),
            vec![
                "Để đặt mật khẩu mới cho tài khoản nộp hồ sơ trực tuyến, vui lòng mở đường dẫn sau:".into(),
                f.action_url.clone().unwrap_or_default(),
                format!("Đường dẫn dùng được một lần, trong {} giờ. Nếu Quý ông/bà không yêu cầu, xin bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.", f.valid_hours.unwrap_or(1)),
            ],
        ),
        (NoticeKind::PasswordReset, NoticeLanguage::En) => (
            "Reset your password".to_owned(),
            vec![
                "To set a new password for your online account, open this link:".into(),
                f.action_url.clone().unwrap_or_default(),
                format!("The link works once, for {} hour(s). If you did not ask for it, ignore this e-mail; your password stays as it is.", f.valid_hours.unwrap_or(1)),
            ],
        ),
        (NoticeKind::AccountExists, NoticeLanguage::Vi) => (
            "Địa chỉ thư điện tử đã có tài khoản".to_owned(),
            vec![
                "Có người vừa đăng ký tài khoản nộp hồ sơ trực tuyến bằng địa chỉ thư điện tử này, nhưng địa chỉ này đã có tài khoản.".into(),
                "Nếu là Quý ông/bà, hãy đăng nhập; nếu quên mật khẩu, hãy đặt mật khẩu mới tại đường dẫn sau:".into(),
                f.action_url.clone().unwrap_or_default(),
                format!("Đường dẫn dùng được một lần, trong {} giờ. Đặt mật khẩu mới sẽ kết thúc mọi phiên đăng nhập trước đó. Nếu không phải Quý ông/bà đăng ký, xin bỏ qua thư này.", f.valid_hours.unwrap_or(1)),
            ],
        ),
        (NoticeKind::AccountExists, NoticeLanguage::En) => (
            "This e-mail address already has an account".to_owned(),
            vec![
                "Someone has just tried to register for online submission with this e-mail address, which already has an account.".into(),
                "If it was you, sign in; if you forgot the password, set a new one with this link:".into(),
                f.action_url.clone().unwrap_or_default(),
                format!("The link works once, for {} hour(s). Setting a new password ends every earlier session. If it was not you, ignore this e-mail.", f.valid_hours.unwrap_or(1)),
            ],
        ),
        (NoticeKind::PaymentReview, language) => payment_review(language, f),
        (NoticeKind::DueSoonWarning, NoticeLanguage::Vi) => (
            format!("Sắp đến hạn: hồ sơ {code}"),
            vec![
                format!("Hồ sơ {code} ({procedure}) sẽ đến hạn trả kết quả lúc {due}."),
                "Nếu không kịp, đơn vị đang xử lý cần hoàn thiện văn bản xin lỗi trước khi đến hạn.".into(),
            ],
        ),
        (NoticeKind::DueSoonWarning, NoticeLanguage::En) => (
            format!("Due soon: dossier {code}"),
            vec![
                format!("Dossier {code} ({procedure}) is due at {due}."),
                "If it cannot be ready, the unit holding it must complete the apology before then.".into(),
            ],
        ),
        (NoticeKind::OverdueWarning, NoticeLanguage::Vi) => (
            format!("Quá hạn: hồ sơ {code}"),
            vec![format!(
                "Hồ sơ {code} ({procedure}) đã quá hạn trả kết quả ({due})."
            )],
        ),
        (NoticeKind::OverdueWarning, NoticeLanguage::En) => (
            format!("Overdue: dossier {code}"),
            vec![format!("Dossier {code} ({procedure}) passed its due time ({due}).")],
        ),
        (NoticeKind::LateWithoutApology, NoticeLanguage::Vi) => (
            format!("Quá hạn chưa xin lỗi: hồ sơ {code}"),
            vec![
                format!("Hồ sơ {code} ({procedure}) đã quá hạn ({due}) mà chưa có văn bản xin lỗi gửi người dân."),
                "Đề nghị lãnh đạo chỉ đạo hoàn thiện, ký và gửi văn bản xin lỗi.".into(),
            ],
        ),
        (NoticeKind::MissedNewAppointment, NoticeLanguage::Vi) => (
            format!("Quá hẹn lại: hồ sơ {code}"),
            vec![
                format!("Hồ sơ {code} ({procedure}) đã xin lỗi người dân nhưng vẫn quá thời gian hẹn trả lại ({due})."),
                "Đề nghị lãnh đạo chỉ đạo giải quyết ngay và làm rõ trách nhiệm.".into(),
            ],
        ),
        (NoticeKind::MissedNewAppointment, NoticeLanguage::En) => (
            format!("New appointment missed: dossier {code}"),
            vec![
                format!("Dossier {code} ({procedure}) was apologised for and has now missed its new appointment ({due})."),
                "Please have it decided at once and establish who is responsible.".into(),
            ],
        ),
        (NoticeKind::LateWithoutApology, NoticeLanguage::En) => (
            format!("Late with no apology: dossier {code}"),
            vec![
                format!("Dossier {code} ({procedure}) passed its due time ({due}) and no apology has been sent."),
                "Please have the apology completed, signed and sent.".into(),
            ],
        ),
    };
    Draft {
        subject,
        greeting,
        paragraphs,
        list,
        closing,
    }
}

/// The words of a payment review: what the gateway reported and what staff
/// should do about it.
fn payment_review(language: NoticeLanguage, f: &Facts) -> (String, Vec<String>) {
    let code = &f.dossier_code;
    let reference = f.payment_reference.as_deref().unwrap_or("—");
    let paid = f.paid_amount_vnd.map_or_else(|| "—".into(), format_vnd);
    let asked = f.amount_vnd.map_or_else(|| "—".into(), format_vnd);
    let why = f.payment_review.as_deref().unwrap_or("");
    match language {
        NoticeLanguage::Vi => (
            format!("Cần đối soát thanh toán: hồ sơ {code}"),
            vec![
                format!("Cổng thanh toán báo giao dịch {reference} của hồ sơ {code}: đã thu {paid} (số phải nộp {asked})."),
                match why {
                    "paid_after_failure" => "Giao dịch trước đó đã được ghi nhận là không thành công; nay ngân hàng báo đã thu tiền. Khoản nộp đã được ghi nhận và hồ sơ tiếp tục xử lý; đề nghị đối chiếu với sao kê.".into(),
                    "paid_twice" => "Phí, lệ phí của hồ sơ đã được nộp trước đó: đây là khoản nộp lần hai. Đề nghị đối chiếu và làm thủ tục hoàn trả cho người nộp.".into(),
                    _ => "Số tiền ngân hàng báo khác số phải nộp: khoản nộp chưa được chấp nhận. Đề nghị đối chiếu với cổng thanh toán.".into(),
                },
            ],
        ),
        NoticeLanguage::En => (
            format!("Payment to reconcile: dossier {code}"),
            vec![
                format!("The gateway reported payment {reference} of dossier {code}: {paid} received ({asked} asked)."),
                match why {
                    "paid_after_failure" => "It had been reported as failed; now the bank says it was paid. The payment is recorded and processing goes on; please check it against the statement.".into(),
                    "paid_twice" => "The fee had been paid already: this is a second payment. Please reconcile it and refund the payer.".into(),
                    _ => "The bank reported another amount than the fee: the payment is not accepted. Please reconcile it with the gateway.".into(),
                },
            ],
        ),
    }
}

fn lookup_line(f: &Facts, language: NoticeLanguage) -> Option<String> {
    f.lookup_url.as_ref().map(|url| match language {
        NoticeLanguage::Vi => format!("Tra cứu tình trạng hồ sơ: {url}"),
        NoticeLanguage::En => format!("Follow your dossier: {url}"),
    })
}

/// The e-mail for a notice of `kind` in `language`.
pub fn render_email(kind: NoticeKind, language: NoticeLanguage, facts: &Facts) -> EmailContent {
    let d = draft(kind, language, facts);
    let lookup = if kind.is_for_staff() {
        None
    } else {
        lookup_line(facts, language)
    };
    let mut text = format!("{}\n\n", d.greeting);
    for p in &d.paragraphs {
        text.push_str(p);
        text.push('\n');
    }
    for item in &d.list {
        text.push_str("- ");
        text.push_str(item);
        text.push('\n');
    }
    if let Some(line) = &lookup {
        text.push('\n');
        text.push_str(line);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&d.closing);
    text.push('\n');

    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n<p>{}</p>\n",
        language.as_str(),
        escape_html(&d.subject),
        escape_html(&d.greeting)
    );
    for p in &d.paragraphs {
        html.push_str(&format!("<p>{}</p>\n", escape_html(p)));
    }
    if !d.list.is_empty() {
        html.push_str("<ul>\n");
        for item in &d.list {
            html.push_str(&format!("<li>{}</li>\n", escape_html(item)));
        }
        html.push_str("</ul>\n");
    }
    if let Some(url) = facts.lookup_url.as_ref().filter(|_| lookup.is_some()) {
        let label = match language {
            NoticeLanguage::Vi => "Tra cứu tình trạng hồ sơ",
            NoticeLanguage::En => "Follow your dossier",
        };
        html.push_str(&format!(
            "<p><a href=\"{}\">{label}</a></p>\n",
            escape_html(url)
        ));
    }
    html.push_str(&format!(
        "<p>{}</p>\n</body></html>\n",
        escape_html(&d.closing).replace('\n', "<br>")
    ));
    EmailContent {
        subject: d.subject,
        text,
        html,
    }
}

/// The SMS for a notice: the subject and the appointment, short enough for
/// two messages. Without diacritics when `ascii` (most Vietnamese brand-name
/// gateways take only unaccented text, and it halves the cost).
pub fn render_sms(
    kind: NoticeKind,
    language: NoticeLanguage,
    facts: &Facts,
    ascii: bool,
) -> String {
    let d = draft(kind, language, facts);
    let detail = match kind {
        NoticeKind::Apology => match language {
            NoticeLanguage::Vi => format!(
                "Hẹn mới: {}",
                when(facts.new_due_at.or(facts.due_at), language)
            ),
            NoticeLanguage::En => format!(
                "New date: {}",
                when(facts.new_due_at.or(facts.due_at), language)
            ),
        },
        NoticeKind::Receipt | NoticeKind::DueSoonWarning | NoticeKind::OverdueWarning => {
            match language {
                NoticeLanguage::Vi => format!("Hẹn trả: {}", when(facts.due_at, language)),
                NoticeLanguage::En => format!("Due: {}", when(facts.due_at, language)),
            }
        }
        NoticeKind::SupplementRequest | NoticeKind::Refusal => {
            let list = if kind == NoticeKind::Refusal {
                &facts.reasons
            } else {
                &facts.items
            };
            list.join("; ")
        }
        NoticeKind::PaymentRequested => facts.amount_vnd.map(format_vnd).unwrap_or_default(),
        NoticeKind::ResultReady
        | NoticeKind::LateWithoutApology
        | NoticeKind::MissedNewAppointment => String::new(),
        NoticeKind::Stopped if facts.withdrawn == Some(true) => String::new(),
        NoticeKind::Stopped => facts.reason.clone().unwrap_or_default(),
        NoticeKind::AccountVerification | NoticeKind::PasswordReset | NoticeKind::AccountExists => {
            facts.action_url.clone().unwrap_or_default()
        }
        NoticeKind::PaymentReview => facts.payment_reference.clone().unwrap_or_default(),
    };
    let mut text = d.subject;
    if !detail.is_empty() {
        text.push_str(". ");
        text.push_str(&detail);
    }
    if ascii {
        text = sms::fold_diacritics(&text);
    }
    sms::fit(&text, 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn facts() -> Facts {
        Facts {
            dossier_code: "000.00.01.H01-261123-0001".into(),
            due_at: Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).single(),
            procedure_name: Some("Cấp giấy phép xây dựng".into()),
            agency_name: Some("UBND quận Ba Đình".into()),
            recipient_name: Some("Nguyễn Văn An".into()),
            ..Facts::default()
        }
    }

    #[test]
    fn instants_are_written_in_vietnam_time() {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).single();
        let at = at.unwrap_or_default();
        assert_eq!(
            format_instant(at, NoticeLanguage::Vi),
            "16:30 ngày 26/11/2026"
        );
        assert_eq!(
            format_instant(at, NoticeLanguage::En),
            "16:30 on 26/11/2026"
        );
    }

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(format_vnd(0), "0 đồng");
        assert_eq!(format_vnd(500), "500 đồng");
        assert_eq!(format_vnd(1_250_000), "1.250.000 đồng");
        assert_eq!(format_vnd(100_000), "100.000 đồng");
    }

    #[test]
    fn receipt_in_vietnamese() {
        let mail = render_email(NoticeKind::Receipt, NoticeLanguage::Vi, &facts());
        assert_eq!(mail.subject, "Tiếp nhận hồ sơ 000.00.01.H01-261123-0001");
        assert!(mail.text.starts_with("Kính gửi Nguyễn Văn An,\n\n"));
        assert!(mail.text.contains(
            "UBND quận Ba Đình đã tiếp nhận hồ sơ 000.00.01.H01-261123-0001 (Cấp giấy phép xây dựng)."
        ));
        assert!(
            mail.text
                .contains("Thời gian hẹn trả kết quả: 16:30 ngày 26/11/2026.")
        );
        assert!(mail.text.ends_with("Trân trọng,\nUBND quận Ba Đình\n"));
        assert!(mail.html.contains("<html lang=\"vi\">"));
        assert!(
            mail.html
                .contains("<p>Thời gian hẹn trả kết quả: 16:30 ngày 26/11/2026.</p>")
        );
    }

    #[test]
    fn receipt_in_english() {
        let mail = render_email(NoticeKind::Receipt, NoticeLanguage::En, &facts());
        assert_eq!(mail.subject, "Dossier 000.00.01.H01-261123-0001 received");
        assert!(mail.text.starts_with("Dear Nguyễn Văn An,"));
        assert!(
            mail.text
                .contains("Your result is due at 16:30 on 26/11/2026.")
        );
        assert!(mail.html.contains("<html lang=\"en\">"));
    }

    #[test]
    fn supplement_request_lists_every_item() {
        let f = Facts {
            items: vec!["Bản vẽ thiết kế".into(), "Giấy tờ về đất <bản sao>".into()],
            ..facts()
        };
        let mail = render_email(NoticeKind::SupplementRequest, NoticeLanguage::Vi, &f);
        assert_eq!(
            mail.subject,
            "Yêu cầu bổ sung hồ sơ 000.00.01.H01-261123-0001"
        );
        assert!(
            mail.text
                .contains("- Bản vẽ thiết kế\n- Giấy tờ về đất <bản sao>\n")
        );
        assert!(
            mail.html
                .contains("<li>Giấy tờ về đất &lt;bản sao&gt;</li>")
        );
        let en = render_email(NoticeKind::SupplementRequest, NoticeLanguage::En, &f);
        assert!(en.text.contains("the processing clock is paused"));
    }

    #[test]
    fn refusal_gives_the_reasons() {
        let f = Facts {
            reasons: vec!["Không thuộc thẩm quyền".into()],
            ..facts()
        };
        let mail = render_email(NoticeKind::Refusal, NoticeLanguage::Vi, &f);
        assert_eq!(
            mail.subject,
            "Từ chối giải quyết hồ sơ 000.00.01.H01-261123-0001"
        );
        assert!(
            mail.text
                .contains("vì các lý do sau:\n- Không thuộc thẩm quyền\n")
        );
        let en = render_email(NoticeKind::Refusal, NoticeLanguage::En, &f);
        assert!(
            en.text
                .contains("for these reasons:\n- Không thuộc thẩm quyền\n")
        );
    }

    #[test]
    fn apology_names_the_missed_and_the_new_appointment() {
        let f = Facts {
            reason: Some("Cần xác minh thực địa.".into()),
            original_due_at: Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).single(),
            new_due_at: Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).single(),
            ..facts()
        };
        let mail = render_email(NoticeKind::Apology, NoticeLanguage::Vi, &f);
        assert_eq!(
            mail.subject,
            "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ 000.00.01.H01-261123-0001"
        );
        assert!(
            mail.text
                .contains("không thể trả kết quả đúng hẹn 16:30 ngày 26/11/2026.")
        );
        assert!(mail.text.contains("Lý do: Cần xác minh thực địa.\n"));
        assert!(
            mail.text
                .contains("Thời gian hẹn trả kết quả mới: 09:00 ngày 01/12/2026.")
        );
        let en = render_email(NoticeKind::Apology, NoticeLanguage::En, &f);
        assert!(en.text.contains("New appointment: 09:00 on 01/12/2026."));
        let sms = render_sms(NoticeKind::Apology, NoticeLanguage::Vi, &f, true);
        assert_eq!(
            sms,
            "Xin loi va hen lai ngay tra ket qua ho so 000.00.01.H01-261123-0001. Hen moi: 09:00 ngay 01/12/2026"
        );
        let unicode = render_sms(NoticeKind::Apology, NoticeLanguage::Vi, &f, false);
        assert!(
            unicode.ends_with("Hẹn mới: 09:00 ngày 01/12/2026"),
            "{unicode}"
        );
    }

    #[test]
    fn result_ready_and_payment() {
        let mail = render_email(NoticeKind::ResultReady, NoticeLanguage::Vi, &facts());
        assert_eq!(
            mail.subject,
            "Đã có kết quả hồ sơ 000.00.01.H01-261123-0001"
        );
        let f = Facts {
            amount_vnd: Some(1_250_000),
            ..facts()
        };
        let pay = render_email(NoticeKind::PaymentRequested, NoticeLanguage::Vi, &f);
        assert!(pay.text.contains("phí, lệ phí: 1.250.000 đồng."));
        let en = render_email(NoticeKind::PaymentRequested, NoticeLanguage::En, &f);
        assert!(en.text.contains("a fee of 1.250.000 đồng."));
        assert!(pay.text.contains("tạm dừng"), "{}", pay.text);
        // A procedure whose clock runs while the fee is awaited says so.
        let running = Facts {
            clock_paused: Some(false),
            ..f
        };
        let pay = render_email(NoticeKind::PaymentRequested, NoticeLanguage::Vi, &running);
        assert!(pay.text.contains("vẫn được tính"), "{}", pay.text);
        assert!(!pay.text.contains("tạm dừng"), "{}", pay.text);
    }

    #[test]
    fn staff_warnings_have_no_lookup_link() {
        let f = Facts {
            lookup_url: Some("https://dichvucong.example/tra-cuu?ma=X".into()),
            ..facts()
        };
        for kind in [
            NoticeKind::DueSoonWarning,
            NoticeKind::OverdueWarning,
            NoticeKind::LateWithoutApology,
        ] {
            let mail = render_email(kind, NoticeLanguage::Vi, &f);
            assert!(!mail.text.contains("Tra cứu"), "{kind:?}");
            assert!(mail.subject.contains("000.00.01.H01-261123-0001"));
        }
        let receipt = render_email(NoticeKind::Receipt, NoticeLanguage::Vi, &f);
        assert!(
            receipt
                .text
                .contains("Tra cứu tình trạng hồ sơ: https://dichvucong.example/tra-cuu?ma=X")
        );
        assert!(
            receipt
                .html
                .contains("href=\"https://dichvucong.example/tra-cuu?ma=X\"")
        );
    }

    #[test]
    fn account_notices_carry_their_link_and_how_long_it_works() {
        let f = Facts {
            action_url: Some("https://motcua.test/xac-thuc?token=abc".into()),
            valid_hours: Some(48),
            recipient_name: Some("Trần Thị Bình".into()),
            agency_name: Some("Motcua".into()),
            ..Facts::default()
        };
        let mail = render_email(NoticeKind::AccountVerification, NoticeLanguage::Vi, &f);
        assert_eq!(mail.subject, "Xác thực địa chỉ thư điện tử");
        assert!(mail.text.contains("https://motcua.test/xac-thuc?token=abc"));
        assert!(mail.text.contains("48 giờ"));
        assert!(mail.text.starts_with("Kính gửi Trần Thị Bình,"));
        let mail = render_email(
            NoticeKind::PasswordReset,
            NoticeLanguage::En,
            &Facts {
                valid_hours: Some(1),
                ..f
            },
        );
        assert!(mail.text.contains("works once, for 1 hour(s)"));
        assert!(!mail.text.contains("Follow your dossier"));
    }

    #[test]
    fn every_kind_and_language_renders_within_two_sms() {
        let f = Facts {
            items: vec!["Một danh sách rất dài các giấy tờ cần bổ sung, ".repeat(10)],
            reasons: vec!["Lý do rất dài ".repeat(20)],
            reason: Some("x".into()),
            amount_vnd: Some(50_000),
            ..facts()
        };
        for kind in NoticeKind::ALL {
            for language in [NoticeLanguage::Vi, NoticeLanguage::En] {
                for ascii in [true, false] {
                    let text = render_sms(kind, language, &f, ascii);
                    assert!(
                        sms::segments(&text) <= 2,
                        "{kind:?} {language:?} {ascii}: {text}"
                    );
                    if !kind.is_about_account() {
                        assert!(text.contains("000.00.01.H01-261123-0001"), "{text}");
                    }
                    if ascii {
                        assert!(text.is_ascii(), "{text}");
                    }
                    let mail = render_email(kind, language, &f);
                    assert!(!mail.subject.contains('\n'));
                }
            }
        }
    }

    #[test]
    fn html_escapes_what_people_typed() {
        let f = Facts {
            recipient_name: Some("<script>alert(1)</script>".into()),
            ..facts()
        };
        let mail = render_email(NoticeKind::Receipt, NoticeLanguage::Vi, &f);
        assert!(!mail.html.contains("<script>"));
        assert!(mail.html.contains("&lt;script&gt;"));
    }
}
