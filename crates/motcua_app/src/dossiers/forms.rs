//! The law's forms laid out from what a dossier's reads return: each in the
//! circular's order, numbered and titled by the dossier's rule set, ready to
//! print as HTML or PDF (`motcua_forms`). What a form says lives here, once;
//! the API, the staff pages and the e-mails print the same document.

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use motcua_domain::{FormKind, FormSpec, RuleSet, format_day, vietnam_time};
use motcua_forms::{
    Align, Block, Column, Document, Line, Paper, Signature, Table, TableColumn, bold, italic,
    regular,
};

use motcua_db::DbConnection;
use motcua_db::dossiers as store;
use motcua_db::notices::NoticeRow;
use motcua_domain::{DossierStatus, NoticeKind};

use crate::catalogue::procedures::AgencyRef;
use crate::dossiers::apologies::{ApologyNotice, notice_of};
use crate::dossiers::control_sheet::{ControlSheet, Party};
use crate::dossiers::reads::{
    ProcedureRef, Receipt, ReceiptNames, RefusalNotice, StopNotice, SupplementNotice, receipt_of,
    refusal_of, stop_notice_of, supplement_request_of,
};
use crate::dossiers::register::{Register, RegisterEntry};
use crate::error::AppResult;
use motcua_domain::StepResult;

/// Body text size on an A5 form, in points.
const A5_TEXT: f32 = 10.0;

/// A form ready to print, and the name its PDF is saved under.
pub trait Printable {
    /// The document.
    fn document(&self) -> Document;
    /// "000.00.01.H29-261201-0001-mau-01", without extension.
    fn file_stem(&self) -> String;
}

/// The form an applicant's e-mail notice carries, as it stands when the
/// notice is sent: the receipt (once a clerk has received the dossier), the
/// last supplement request, the refusal, or the apology the notice is about.
/// Other notices carry none.
pub(crate) fn form_of_notice(
    conn: &mut DbConnection,
    notice: &NoticeRow,
    lookup_url: impl Fn(&str) -> Option<String>,
    now: DateTime<Utc>,
) -> AppResult<Option<Box<dyn Printable>>> {
    let (Some(dossier_id), None) = (notice.dossier_id.as_deref(), &notice.recipient_user_id) else {
        return Ok(None);
    };
    let Some(row) = store::by_id(conn, dossier_id)? else {
        return Ok(None);
    };
    let form: Option<Box<dyn Printable>> = match *notice.kind {
        NoticeKind::Receipt if row.received_by.is_some() => {
            let names = ReceiptNames::load(conn, &row)?;
            Some(Box::new(receipt_of(&row, names, lookup_url(&row.code))))
        }
        NoticeKind::SupplementRequest => {
            supplement_request_of(conn, &row, now)?.map(|n| Box::new(n) as Box<dyn Printable>)
        }
        NoticeKind::Stopped => {
            stop_notice_of(conn, &row, now)?.map(|n| Box::new(n) as Box<dyn Printable>)
        }
        NoticeKind::Refusal if *row.status == DossierStatus::Refused => {
            Some(Box::new(refusal_of(conn, &row, now)?))
        }
        NoticeKind::Apology => {
            #[derive(serde::Deserialize)]
            struct About {
                apology_id: Option<String>,
            }
            let about: About = serde_json::from_str(&notice.payload)
                .map_err(|e| crate::error::AppError::unexpected("notice payload", e))?;
            match about.apology_id {
                Some(id) => Some(Box::new(notice_of(conn, &row, &id)?)),
                None => None,
            }
        }
        _ => None,
    };
    Ok(form)
}

/// "15 giờ 30 phút, ngày 13/02/2026".
fn when(at: DateTime<FixedOffset>) -> String {
    format!(
        "{:02} giờ {:02} phút, ngày {:02}/{:02}/{}",
        at.hour(),
        at.minute(),
        at.day(),
        at.month(),
        at.year()
    )
}

fn when_utc(at: DateTime<Utc>) -> String {
    when(vietnam_time(at))
}

/// "Ngày 01 tháng 12 năm 2026", as the header dates a form.
fn dated(at: DateTime<FixedOffset>) -> String {
    format!(
        "Ngày {:02} tháng {:02} năm {}",
        at.day(),
        at.month(),
        at.year()
    )
}

/// "mau-01" from "Mẫu 01", for file names.
fn stem(code: &str, spec: FormSpec) -> String {
    let number = spec
        .number
        .map_or_else(|| "thong-bao".to_owned(), |n| n.replace("Mẫu ", "mau-"));
    format!("{code}-{number}")
}

/// The header every form opens with: the issuing agency and section with
/// the form's number on the left (under the QR code when there is one),
/// the national motto and the date on the right.
fn header(
    agency: &str,
    number: Option<String>,
    date: DateTime<FixedOffset>,
    qr: Option<String>,
) -> Block {
    let mut left = vec![
        bold(agency.to_uppercase()),
        // The section's name since Decree 107/2021 (it was "Bộ phận Tiếp nhận
        // và Trả kết quả" in Decree 61/2018).
        bold("BỘ PHẬN MỘT CỬA"),
    ];
    left.extend(number.map(|n| regular(format!("Số: {n}"))));
    Block::Header(vec![
        Column {
            percent: 44,
            qr,
            lines: left,
        },
        Column::lines(
            56,
            vec![
                bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                bold("Độc lập - Tự do - Hạnh phúc"),
                italic(dated(date)),
            ],
        ),
    ])
}

/// How every form opens: the header block, then the title under the rule
/// set.
fn opening(
    spec: FormSpec,
    rules: RuleSet,
    agency: &str,
    number: Option<String>,
    date: DateTime<FixedOffset>,
    qr: Option<String>,
) -> Vec<Block> {
    let mut blocks = vec![header(agency, number, date, qr)];
    blocks.extend(title(spec, rules));
    blocks
}

/// The title, with the form's number under the rule set in small print
/// above it, as the circular's appendix labels them.
fn title(spec: FormSpec, rules: RuleSet) -> Vec<Block> {
    let mut blocks = Vec::new();
    if let Some(number) = spec.number {
        let circular = match rules.name {
            "vn-2018" => "Thông tư số 01/2018/TT-VPCP",
            _ => "Thông tư số 03/2025/TT-VPCP",
        };
        blocks.push(Block::Note(
            Line::new().i(format!("{number} – ban hành kèm theo {circular}")),
        ));
    }
    blocks.push(Block::Title(vec![regular(spec.title)]));
    blocks
}

fn document(spec: FormSpec, title: String, blocks: Vec<Block>) -> Document {
    Document {
        paper: if spec.a4 { Paper::A4 } else { Paper::A5 },
        title,
        font_size: A5_TEXT,
        blocks,
    }
}

/// Table columns from `(heading, percent, alignment)`.
fn columns(specs: &[(&str, u8, Align)]) -> Vec<TableColumn> {
    specs
        .iter()
        .map(|&(heading, percent, align)| TableColumn {
            heading: heading.to_owned(),
            percent,
            align,
        })
        .collect()
}

/// "[Agency] tiếp nhận hồ sơ của: [applicant]", as the counter's forms
/// open.
fn received_from(agency: &AgencyRef, applicant: &str) -> Block {
    Block::Paragraph(
        Line::new()
            .r(format!("{} tiếp nhận hồ sơ của: ", agency.name))
            .b(applicant.to_owned()),
    )
}

/// "Nội dung yêu cầu giải quyết: [procedure] (mã thủ tục [code])".
fn request(procedure: &ProcedureRef) -> Block {
    para(format!(
        "Nội dung yêu cầu giải quyết: {} (mã thủ tục {})",
        procedure.name, procedure.code
    ))
}

/// A paragraph of upright text.
fn para(text: impl Into<String>) -> Block {
    Block::Paragraph(regular(text))
}

fn signature(role: &str, hint: &str, name: Option<&str>) -> Option<Signature> {
    Some(Signature {
        role: role.to_owned(),
        hint: hint.to_owned(),
        name: name.filter(|n| !n.is_empty()).map(str::to_owned),
    })
}

impl Receipt {
    /// Item 1 of the form: the documents handed in, with their form and
    /// count.
    fn documents_table(&self) -> Block {
        Block::Table(Table {
            columns: columns(&[
                ("STT", 9, Align::Centre),
                ("Tên giấy tờ", 53, Align::Left),
                ("Hình thức", 22, Align::Centre),
                ("Số lượng", 16, Align::Centre),
            ]),
            rows: self
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    vec![
                        vec![regular((i + 1).to_string())],
                        vec![regular(d.name.clone())],
                        vec![regular(d.copy_type_label.clone())],
                        vec![regular(format!("{:02}", d.count))],
                    ]
                })
                .collect(),
            empty: "(không có giấy tờ kèm theo)".into(),
        })
    }

    /// What the QR code holds (Circular 01/2023/TT-VPCP: the dossier code,
    /// the procedure's code, the form's name, the system, the time of issue
    /// and the appointment), the lookup address first so a phone opens it.
    /// The applicant's identity number the circular also lists is left out:
    /// the slip travels in pockets, and the lookup needs only the code.
    pub fn qr_payload(&self) -> String {
        let mut lines = Vec::new();
        lines.extend(self.lookup_url.clone());
        lines.push(format!("Mã hồ sơ: {}", self.dossier_code));
        lines.push(format!("Mã TTHC: {}", self.procedure.code));
        lines.push("Giấy tiếp nhận hồ sơ và hẹn trả kết quả".to_owned());
        lines.push(format!("Hệ thống: Motcua – {}", self.agency.name));
        lines.push(format!("Tiếp nhận: {}", when(self.received_at_local)));
        lines.push(format!("Hẹn trả: {}", when(self.due_at_local)));
        lines.join("\n")
    }
}

impl Printable for Receipt {
    fn document(&self) -> Document {
        let spec = self.rule_set.form(FormKind::Receipt);
        let mut blocks = opening(
            spec,
            self.rule_set,
            &self.agency.name,
            self.receipt_number.map(|n| format!("{n:05}/TNHS")),
            self.received_at_local,
            Some(self.qr_payload()),
        );
        blocks.push(Block::Centred(
            Line::new().r("Mã hồ sơ: ").b(self.dossier_code.clone()),
        ));
        blocks.push(received_from(&self.agency, &self.applicant_name));
        blocks.push(para(format!("Địa chỉ: {}", self.applicant_address)));
        let contact: Vec<String> = [
            self.applicant_phone
                .as_ref()
                .map(|p| format!("Số điện thoại: {p}")),
            self.applicant_email.as_ref().map(|e| format!("Email: {e}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !contact.is_empty() {
            blocks.push(para(contact.join("    ")));
        }
        blocks.push(request(&self.procedure));
        blocks.push(para("1. Thành phần hồ sơ nộp gồm:"));
        blocks.push(self.documents_table());
        blocks.push(para(format!("2. Số lượng hồ sơ: {:02} bộ", self.sets)));
        blocks.push(para(format!(
            "3. Thời gian giải quyết hồ sơ theo quy định: {}",
            self.processing_time_text
        )));
        blocks.push(para(format!(
            "4. Thời gian nhận hồ sơ: {}",
            when(self.received_at_local)
        )));
        blocks.push(Block::Paragraph(
            Line::new()
                .r("5. Thời gian trả kết quả giải quyết hồ sơ: ")
                .b(when(self.due_at_local)),
        ));
        blocks.push(para(format!(
            "6. Đăng ký nhận kết quả tại: {}",
            self.result_delivery.text
        )));
        if let (Some(year), Some(number)) = (self.receipt_year, self.receipt_number) {
            blocks.push(para(format!(
                "Vào Sổ theo dõi hồ sơ, Quyển số: {year}, Số thứ tự: {number}"
            )));
        }
        blocks.push(Block::Signatures(vec![
            signature("NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", None),
            signature(
                "NGƯỜI TIẾP NHẬN HỒ SƠ",
                "(Ký và ghi rõ họ tên)",
                self.received_by.as_deref(),
            ),
        ]));
        blocks.push(Block::Note(regular(
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; một liên chuyển kèm \
             Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận Một cửa; một liên \
             giao cho người nộp hồ sơ. Tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc quét mã QR.",
        )));
        document(
            spec,
            format!("Giấy tiếp nhận hồ sơ {}", self.dossier_code),
            blocks,
        )
    }

    fn file_stem(&self) -> String {
        stem(&self.dossier_code, self.rule_set.form(FormKind::Receipt))
    }
}

impl Printable for SupplementNotice {
    fn document(&self) -> Document {
        let spec = self.rule_set.form(FormKind::SupplementRequest);
        let issued = vietnam_time(self.issued_at);
        // Numbered by the dossier's code where it has one ("…/HDHS", as
        // provincial systems number it); a counter guidance has none.
        let number = self.dossier_code.as_ref().map(|c| format!("{c}/HDHS"));
        let mut blocks = opening(spec, self.rule_set, &self.agency.name, number, issued, None);
        if let Some(code) = &self.dossier_code {
            blocks.push(Block::Centred(Line::new().r("Mã hồ sơ: ").b(code.clone())));
        }
        blocks.push(received_from(&self.agency, &self.applicant_name));
        blocks.push(request(&self.procedure));
        blocks.push(para(
            "Sau khi xem xét, đối chiếu thành phần hồ sơ, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ \
             gồm những nội dung sau:",
        ));
        for (i, item) in self.items.iter().enumerate() {
            let mut line = Line::new().r(format!("{}. ", i + 1));
            if let Some(document) = &item.document {
                line = line.b(format!("{document}: "));
            }
            blocks.push(Block::Paragraph(line.r(item.reason.clone())));
        }
        blocks.push(para(
            "Lý do: hồ sơ chưa đầy đủ, hợp lệ theo quy định. Các nội dung cần bổ sung, hoàn \
             thiện được hướng dẫn một lần, đầy đủ như trên.",
        ));
        blocks.push(para(
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ Bộ phận Một cửa \
             để được hướng dẫn.",
        ));
        blocks.push(Block::Signatures(vec![
            None,
            signature(
                "NGƯỜI HƯỚNG DẪN",
                "(Ký và ghi rõ họ tên)",
                Some(&self.issued_by),
            ),
        ]));
        document(
            spec,
            format!(
                "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ – {}",
                self.applicant_name
            ),
            blocks,
        )
    }

    fn file_stem(&self) -> String {
        let name = self.dossier_code.as_deref().unwrap_or(&self.id);
        stem(name, self.rule_set.form(FormKind::SupplementRequest))
    }
}

impl Printable for RefusalNotice {
    fn document(&self) -> Document {
        let spec = self.rule_set.form(FormKind::Refusal);
        let refused = vietnam_time(self.refused_at);
        let mut blocks = opening(
            spec,
            self.rule_set,
            &self.agency.name,
            Some(format!("{}/TCHS", self.dossier_code)),
            refused,
            None,
        );
        blocks.push(Block::Centred(
            Line::new().r("Mã hồ sơ: ").b(self.dossier_code.clone()),
        ));
        blocks.push(received_from(&self.agency, &self.applicant_name));
        blocks.push(request(&self.procedure));
        blocks.push(para(format!(
            "Sau khi xem xét, đối chiếu, {} không tiếp nhận, giải quyết hồ sơ này với lý do cụ \
             thể như sau:",
            self.agency.name
        )));
        for (i, reason) in self.reasons.iter().enumerate() {
            blocks.push(para(format!("{}. {reason}", i + 1)));
        }
        blocks.push(para(format!("Thời gian: {}.", when(refused))));
        blocks.push(para("Xin thông báo để Ông/Bà được biết và thực hiện."));
        blocks.push(Block::Signatures(vec![
            None,
            signature(
                "NGƯỜI TIẾP NHẬN HỒ SƠ",
                "(Ký và ghi rõ họ tên)",
                Some(&self.refused_by),
            ),
        ]));
        document(
            spec,
            format!("Phiếu từ chối tiếp nhận hồ sơ {}", self.dossier_code),
            blocks,
        )
    }

    fn file_stem(&self) -> String {
        stem(&self.dossier_code, self.rule_set.form(FormKind::Refusal))
    }
}

impl Printable for ApologyNotice {
    fn document(&self) -> Document {
        let spec = self.rule_set.form(FormKind::Apology);
        let a = &self.apology;
        let date = vietnam_time(a.sent_at.or(a.signed_at).unwrap_or(a.drafted_at));
        let mut blocks = opening(spec, self.rule_set, &self.agency_name, None, date, None);
        match a.state.as_str() {
            "sent" => {}
            "signed" => blocks.push(Block::Banner("ĐÃ KÝ, CHƯA GỬI".into())),
            _ => blocks.push(Block::Banner("DỰ THẢO".into())),
        }
        blocks.push(Block::Paragraph(
            Line::new().r("Kính gửi: ").b(self.applicant_name.clone()),
        ));
        blocks.push(para(format!("Địa chỉ: {}", self.applicant_address)));
        blocks.push(Block::Paragraph(
            Line::new()
                .r(format!(
                    "Ngày {}, {} tiếp nhận hồ sơ đề nghị giải quyết thủ tục {}, mã hồ sơ ",
                    motcua_domain::format_date(self.received_at),
                    self.agency_name,
                    self.procedure_name
                ))
                .b(self.dossier_code.clone())
                .r(format!(
                    ", hẹn trả kết quả {}.",
                    when_utc(a.original_due_at)
                )),
        ));
        blocks.push(para(
            "Đến nay, hồ sơ chưa giải quyết xong, chưa trả kết quả đúng hẹn.",
        ));
        blocks.push(para(format!(
            "Lý do: {}",
            a.reason.as_deref().unwrap_or("")
        )));
        let new_due = a
            .new_due_at
            .map_or_else(|| "(chưa hẹn)".to_owned(), when_utc);
        if self.rule_set.name == RuleSet::VN_2018.name {
            blocks.push(para(format!(
                "{} xin lỗi Ông/Bà và mong được sự thông cảm.",
                self.agency_name
            )));
            blocks.push(Block::Paragraph(
                Line::new().r("Thời gian hẹn trả kết quả lại: ").b(new_due),
            ));
        } else {
            // Decree 118/2025: the late agency apologises and asks the
            // applicant to agree to a longer processing time.
            blocks.push(para(format!(
                "{} trân trọng xin lỗi Ông/Bà và đề nghị được gia hạn thời gian giải quyết hồ sơ.",
                self.agency_name
            )));
            blocks.push(Block::Paragraph(
                Line::new()
                    .r("Thời gian đề nghị gia hạn, hẹn trả kết quả: ")
                    .b(new_due),
            ));
        }
        blocks.push(Block::Signatures(vec![
            None,
            signature(
                "THỦ TRƯỞNG CƠ QUAN",
                "(Ký, ghi rõ họ tên và đóng dấu)",
                a.signed_by.as_deref(),
            ),
        ]));
        document(
            spec,
            format!("{} {}", spec.title, self.dossier_code),
            blocks,
        )
    }

    fn file_stem(&self) -> String {
        stem(&self.dossier_code, self.rule_set.form(FormKind::Apology))
    }
}

impl Printable for StopNotice {
    fn document(&self) -> Document {
        let spec = self.rule_set.form(FormKind::StopNotice);
        let mut blocks = opening(
            spec,
            self.rule_set,
            &self.agency.name,
            None,
            vietnam_time(self.stopped_at),
            None,
        );
        blocks.push(Block::Paragraph(
            Line::new().r("Kính gửi: ").b(self.applicant_name.clone()),
        ));
        blocks.push(para(format!("Địa chỉ: {}", self.applicant_address)));
        blocks.push(Block::Paragraph(
            Line::new()
                .r(format!(
                    "Ngày {}, {} tiếp nhận hồ sơ đề nghị giải quyết thủ tục {}, mã hồ sơ ",
                    motcua_domain::format_date(self.received_at),
                    self.agency.name,
                    self.procedure.name
                ))
                .b(self.dossier_code.clone())
                .r("."),
        ));
        let reason = self.reason.as_deref().unwrap_or("").trim_end_matches('.');
        if self.withdrawn {
            blocks.push(para(format!(
                "Ông/Bà đã đề nghị rút hồ sơ{}. Theo đề nghị đó, {} dừng giải quyết hồ sơ nêu trên \
                 từ {}.",
                if reason.is_empty() {
                    String::new()
                } else {
                    format!(" (lý do: {reason})")
                },
                self.agency.name,
                when_utc(self.stopped_at)
            )));
        } else {
            blocks.push(para(format!(
                "{} thông báo dừng giải quyết hồ sơ nêu trên từ {}.",
                self.agency.name,
                when_utc(self.stopped_at)
            )));
            blocks.push(para(format!("Lý do: {reason}.")));
        }
        blocks.push(para(
            "Ông/Bà liên hệ Bộ phận Một cửa để nhận lại hồ sơ đã nộp và được hướng dẫn.",
        ));
        let role = if self.withdrawn {
            "BỘ PHẬN MỘT CỬA"
        } else {
            "THỦ TRƯỞNG CƠ QUAN"
        };
        blocks.push(Block::Signatures(vec![
            None,
            signature(role, "(Ký và ghi rõ họ tên)", Some(&self.stopped_by)),
        ]));
        document(
            spec,
            format!("Thông báo dừng giải quyết hồ sơ {}", self.dossier_code),
            blocks,
        )
    }

    fn file_stem(&self) -> String {
        stem(&self.dossier_code, self.rule_set.form(FormKind::StopNotice))
    }
}

fn party(p: &Party) -> Vec<Line> {
    let mut lines = vec![regular(p.agency.clone())];
    lines.extend(p.unit.clone().map(regular));
    lines.extend(p.person.clone().map(italic));
    lines
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

impl ControlSheet {
    /// One table row per hand-over: the step, giver and receiver, when (and
    /// the step's due instant), how the step went, remarks.
    fn hand_overs(&self) -> Vec<Vec<Vec<Line>>> {
        self.rows
            .iter()
            .map(|r| {
                let mut at = vec![regular(when_utc(r.handed_at))];
                at.extend(
                    r.step_due_at
                        .map(|d| italic(format!("Hạn bước: {}", when_utc(d)))),
                );
                let mut who = vec![bold("Giao:")];
                who.extend(party(&r.giver));
                who.push(bold("Nhận:"));
                who.extend(party(&r.receiver));
                vec![
                    vec![regular(r.step.clone())],
                    who,
                    at,
                    vec![regular(result(r.result))],
                    vec![regular(r.note.clone().unwrap_or_default())],
                ]
            })
            .collect()
    }
}

impl Printable for ControlSheet {
    fn document(&self) -> Document {
        let spec = self.rule_set.form(FormKind::ControlSheet);
        let mut blocks = opening(
            spec,
            self.rule_set,
            &self.agency.name,
            None,
            vietnam_time(self.received_at),
            None,
        );
        blocks.push(Block::Centred(
            Line::new().r("Mã hồ sơ: ").b(self.dossier_code.clone()),
        ));
        blocks.push(Block::Paragraph(
            Line::new()
                .r("Kèm theo hồ sơ của: ")
                .b(self.applicant_name.clone()),
        ));
        blocks.push(para(format!(
            "Thủ tục: {} (mã {})",
            self.procedure.name, self.procedure.code
        )));
        blocks.push(para(format!(
            "Ngày, giờ nhận: {}",
            when_utc(self.received_at)
        )));
        let mut due = Line::new()
            .r("Ngày, giờ hẹn trả kết quả: ")
            .b(when_utc(self.due_at));
        if self.original_due_at != self.due_at {
            due = due.r(format!(
                " (hẹn ban đầu: {})",
                when_utc(self.original_due_at)
            ));
        }
        blocks.push(Block::Paragraph(due));
        blocks.push(Block::Table(Table {
            columns: columns(&[
                ("Bước", 16, Align::Left),
                ("Cơ quan, người giao và nhận", 30, Align::Left),
                ("Thời gian giao, nhận", 22, Align::Left),
                ("Kết quả", 14, Align::Centre),
                ("Ghi chú", 18, Align::Left),
            ]),
            rows: self.hand_overs(),
            empty: "(chưa có lần giao nhận nào)".into(),
        }));
        if !self.late_units.is_empty() {
            blocks.push(Block::Paragraph(
                Line::new()
                    .b("Đơn vị để quá hạn: ")
                    .r(self.late_units.join("; ")),
            ));
        }
        Document {
            font_size: 9.0,
            ..document(
                spec,
                format!("Phiếu kiểm soát {}", self.dossier_code),
                blocks,
            )
        }
    }

    fn file_stem(&self) -> String {
        stem(
            &self.dossier_code,
            self.rule_set.form(FormKind::ControlSheet),
        )
    }
}

/// A date and time in a narrow column: the day, then the hour.
fn stacked(at: Option<DateTime<Utc>>) -> Vec<Line> {
    at.map(vietnam_time).map_or_else(Vec::new, |t| {
        vec![
            regular(format!("{:02}/{:02}/{}", t.day(), t.month(), t.year())),
            regular(format!("{:02}:{:02}", t.hour(), t.minute())),
        ]
    })
}

impl RegisterEntry {
    /// The line's fourteen cells, in the register's order.
    fn cells(&self) -> Vec<Vec<Line>> {
        let mut contact = vec![regular(self.address.clone())];
        contact.extend(self.phone.clone().map(|p| regular(format!("ĐT: {p}"))));
        let mut appointment = stacked(Some(self.original_due_at));
        if self.due_at != self.original_due_at {
            appointment.push(italic("(hẹn lại)"));
        }
        vec![
            vec![regular(self.receipt_number.clone())],
            // The agency's code, then the day and the sequence: a code
            // does not fit a column of fourteen, and breaks where it reads.
            match self.code.split_once('-') {
                Some((agency, rest)) => vec![regular(format!("{agency}-")), regular(rest)],
                None => vec![regular(self.code.clone())],
            },
            vec![regular(self.procedure_name.clone())],
            vec![regular("1")],
            vec![regular(self.applicant.clone())],
            contact,
            vec![regular(self.decided_by.clone())],
            stacked(Some(self.received_at)),
            appointment,
            stacked(self.handed_on_at),
            stacked(self.result_ready_at),
            stacked(self.returned_at),
            Vec::new(),
            self.notes.iter().cloned().map(regular).collect(),
        ]
    }
}

impl Printable for Register {
    fn document(&self) -> Document {
        let spec = self.rule_set.form(FormKind::Register);
        let mut blocks = opening(
            spec,
            self.rule_set,
            &self.agency.name,
            None,
            vietnam_time(self.printed_at),
            None,
        );
        blocks.push(Block::Centred(Line::new().i(format!(
            "Từ ngày {} đến ngày {}",
            format_day(self.period.from()),
            format_day(self.period.to())
        ))));
        blocks.push(Block::Table(Table {
            columns: columns(&[
                ("Số thứ tự", 4, Align::Centre),
                ("Mã hồ sơ", 9, Align::Left),
                ("Tên thủ tục hành chính", 12, Align::Left),
                ("Số lượng hồ sơ (bộ)", 4, Align::Centre),
                ("Tên cá nhân, tổ chức", 9, Align::Left),
                ("Địa chỉ, số điện thoại", 11, Align::Left),
                ("Cơ quan chủ trì giải quyết", 8, Align::Left),
                ("Nhận hồ sơ", 6, Align::Centre),
                ("Hẹn trả kết quả", 6, Align::Centre),
                ("Chuyển hồ sơ đến cơ quan giải quyết", 6, Align::Centre),
                ("Nhận kết quả từ cơ quan giải quyết", 6, Align::Centre),
                ("Trả kết quả cho cá nhân, tổ chức", 6, Align::Centre),
                ("Ký nhận", 4, Align::Centre),
                ("Ghi chú", 9, Align::Left),
            ]),
            rows: self.entries.iter().map(RegisterEntry::cells).collect(),
            empty: "(không có hồ sơ nào được tiếp nhận trong kỳ)".into(),
        }));
        Document {
            paper: Paper::A4Landscape,
            font_size: 7.5,
            ..document(
                spec,
                format!(
                    "Sổ theo dõi hồ sơ {} {}–{}",
                    self.agency.code,
                    self.period.from(),
                    self.period.to()
                ),
                blocks,
            )
        }
    }

    fn file_stem(&self) -> String {
        let number = self
            .rule_set
            .form(FormKind::Register)
            .number
            .map_or_else(String::new, |n| n.replace("Mẫu ", "-mau-"));
        format!(
            "so-theo-doi-{}-{}-{}{number}",
            self.agency.code,
            self.period.from(),
            self.period.to()
        )
    }
}
