//! Online submission (nộp hồ sơ trực tuyến): what an uploaded file is, what
//! a password must be, and when an application is complete enough to submit.

use crate::closed_set::closed_set;
use crate::{OnlineMode, RequiredDocument, ResultDelivery, Violation};

/// What an uploaded file is, read from its first bytes. The name and the
/// `Content-Type` a browser sends are whatever the client says; the bytes are
/// what a clerk will open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// PDF, the usual scan.
    Pdf,
    /// JPEG photo.
    Jpeg,
    /// PNG image.
    Png,
    /// A detached digital signature (PKCS #7 / CMS `SignedData`, DER), as
    /// the signing tools of Vietnamese agencies write beside a result.
    Signature,
}

impl FileKind {
    /// Every kind we accept.
    pub const ALL: [FileKind; 4] = [
        FileKind::Pdf,
        FileKind::Jpeg,
        FileKind::Png,
        FileKind::Signature,
    ];

    /// The DER of the `SignedData` object identifier (1.2.840.113549.1.7.2).
    const SIGNED_DATA: [u8; 11] = [
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02,
    ];

    /// The kind the bytes start like, if any we accept.
    pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
        // Some scanners write a byte-order mark or blank lines before the
        // header. Readers accept it further in, but so would an HTML page
        // with "%PDF-" in it: we do not.
        let pdf = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let start = pdf
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(pdf.len());
        if pdf[start..].starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileKind::Png)
        } else if bytes.first() == Some(&0x30)
            && bytes[..bytes.len().min(24)]
                .windows(FileKind::SIGNED_DATA.len())
                .any(|w| w == FileKind::SIGNED_DATA)
        {
            // A DER SEQUENCE whose first member is the SignedData OID.
            Some(FileKind::Signature)
        } else {
            None
        }
    }

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Signature => "application/pkcs7-signature",
        }
    }

    /// Whether an applicant may upload it as a document (a scan or photo).
    pub fn is_document(self) -> bool {
        matches!(self, FileKind::Pdf | FileKind::Jpeg | FileKind::Png)
    }

    /// The kind of a stored media type.
    pub fn from_content_type(media: &str) -> Option<FileKind> {
        FileKind::ALL
            .into_iter()
            .find(|k| k.content_type() == media)
    }
}

/// A file name as shown back to people: the last path segment, without
/// control characters, at most 200 characters. Never used to find the file.
pub fn display_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." {
        "file".to_owned()
    } else {
        clean.to_owned()
    }
}

closed_set! {
    /// What an uploaded file is for.
    pub enum FilePurpose / UnknownFilePurpose ("file purpose") {
        /// A file of one of the procedure's required documents.
        Document = "document",
        /// The result, issued by the agency.
        Result = "result",
        /// A detached signature of the result (PKCS #7).
        ResultSignature = "result_signature",
    }
}

closed_set! {
    /// Who holds a citizen account.
    pub enum CitizenKind / UnknownCitizenKind ("account kind") {
        /// A person.
        Person = "person",
        /// An organisation, with its tax code.
        Organization = "organization",
    }
}

/// A new password: 10 to 128 characters, not all one character. Length is
/// what makes a password strong; composition rules only make people write
/// them down (NIST SP 800-63B §5.1.1).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// Checks `text`.
    pub fn parse(field: &str, text: &str) -> Result<NewPassword, Violation> {
        let length = text.chars().count();
        if length < 10 {
            return Err(Violation::new(
                field,
                "too_short",
                "a password needs at least 10 characters",
            ));
        }
        if length > 128 {
            return Err(Violation::new(
                field,
                "too_long",
                "a password has at most 128 characters",
            ));
        }
        let mut chars = text.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) {
            return Err(Violation::new(
                field,
                "too_weak",
                "a password of one repeated character is too easy to guess",
            ));
        }
        Ok(NewPassword(text.to_owned()))
    }

    /// The password.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

/// Whether the procedure takes applications online at all, and whether the
/// result may go where the applicant asks: a `full` procedure (toàn trình)
/// ends without a counter visit, so its result goes online or by post; a
/// `partial` one (một phần) is collected at the counter or posted.
pub fn check_online_delivery(mode: OnlineMode, delivery: &ResultDelivery) -> Result<(), Violation> {
    use crate::DeliveryMethod::{Counter, Online, Post};
    let allowed: &[crate::DeliveryMethod] = match mode {
        OnlineMode::None => {
            return Err(Violation::new(
                "procedure_code",
                "not_online",
                "this procedure is not offered online; apply at the counter",
            ));
        }
        OnlineMode::Partial => &[Counter, Post],
        OnlineMode::Full => &[Online, Post],
    };
    if allowed.contains(&delivery.method()) {
        Ok(())
    } else {
        Err(Violation::new(
            "result_delivery.method",
            "not_offered",
            format!(
                "a {} online procedure returns its result by {}",
                mode.as_str(),
                allowed
                    .iter()
                    .map(|m| m.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        ))
    }
}

/// The mandatory documents with no file: one violation each, named by the
/// document's position, so the citizen sees everything missing at once.
pub fn missing_documents(required: &[RequiredDocument], uploaded: &[usize]) -> Vec<Violation> {
    required
        .iter()
        .enumerate()
        .filter(|(index, doc)| doc.mandatory && !uploaded.contains(index))
        .map(|(index, doc)| {
            Violation::new(
                format!("documents[{index}]"),
                "missing",
                format!("upload {}", doc.name),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CopyType;

    #[test]
    fn files_are_known_by_their_bytes_not_their_names() {
        assert_eq!(FileKind::sniff(b"%PDF-1.7\n..."), Some(FileKind::Pdf));
        assert_eq!(
            FileKind::sniff(b"\xEF\xBB\xBF%PDF-1.4"),
            Some(FileKind::Pdf)
        );
        assert_eq!(
            FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0]),
            Some(FileKind::Jpeg)
        );
        assert_eq!(
            FileKind::sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Some(FileKind::Png)
        );
        assert_eq!(FileKind::sniff(b"MZ\x90\0 an executable"), None);
        assert_eq!(FileKind::sniff(b"<html>%PDF-1.4"), None);
        assert_eq!(FileKind::sniff(b"\r\n%PDF-1.4"), Some(FileKind::Pdf));
        assert_eq!(FileKind::sniff(b""), None);
        let p7s = [
            0x30, 0x82, 0x07, 0x1A, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07,
            0x02, 0xA0, 0x82,
        ];
        assert_eq!(FileKind::sniff(&p7s), Some(FileKind::Signature));
        assert!(!FileKind::Signature.is_document());
        assert_eq!(FileKind::sniff(&[0x30, 0x82, 0x01, 0x00, 0x02, 0x01]), None);
        for kind in FileKind::ALL {
            assert_eq!(FileKind::from_content_type(kind.content_type()), Some(kind));
        }
    }

    #[test]
    fn file_names_lose_their_paths_and_control_characters() {
        assert_eq!(display_file_name("../../etc/passwd"), "passwd");
        assert_eq!(display_file_name("C:\\scan\\tờ khai.pdf"), "tờ khai.pdf");
        assert_eq!(display_file_name("a\u{0}b\r\n.pdf"), "ab.pdf");
        assert_eq!(display_file_name(".."), "file");
        assert_eq!(display_file_name(""), "file");
    }

    #[test]
    fn passwords_need_length_not_composition() {
        assert!(NewPassword::parse("password", "mật khẩu dài đủ").is_ok());
        assert_eq!(
            NewPassword::parse("password", "short").unwrap_err().code,
            "too_short"
        );
        assert_eq!(
            NewPassword::parse("password", "aaaaaaaaaaaa")
                .unwrap_err()
                .code,
            "too_weak"
        );
        assert_eq!(
            NewPassword::parse("password", &"ab".repeat(65))
                .unwrap_err()
                .code,
            "too_long"
        );
        assert!(
            !format!("{:?}", NewPassword::parse("p", "secret secret").unwrap()).contains("secret")
        );
    }

    #[test]
    fn full_procedures_never_return_at_the_counter() {
        let post = ResultDelivery::Post {
            address: "1 Tràng Tiền".into(),
        };
        assert!(check_online_delivery(OnlineMode::Full, &ResultDelivery::Online).is_ok());
        assert!(check_online_delivery(OnlineMode::Full, &post).is_ok());
        assert!(check_online_delivery(OnlineMode::Full, &ResultDelivery::Counter).is_err());
        assert!(check_online_delivery(OnlineMode::Partial, &ResultDelivery::Counter).is_ok());
        assert!(check_online_delivery(OnlineMode::Partial, &ResultDelivery::Online).is_err());
        assert_eq!(
            check_online_delivery(OnlineMode::None, &post)
                .unwrap_err()
                .code,
            "not_online"
        );
    }

    #[test]
    fn every_missing_mandatory_document_is_named() {
        let doc = |name: &str, mandatory| RequiredDocument {
            name: name.into(),
            copy_type: CopyType::Original,
            count: 1,
            mandatory,
            form: None,
        };
        let required = [doc("Tờ khai", true), doc("Ảnh", false), doc("CCCD", true)];
        let missing = missing_documents(&required, &[1]);
        let fields: Vec<&str> = missing.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["documents[0]", "documents[2]"]);
        assert!(missing_documents(&required, &[0, 2]).is_empty());
    }
}
