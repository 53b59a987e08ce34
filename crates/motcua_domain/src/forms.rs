//! The forms a one-stop section issues, numbered and titled as the rule set
//! of the dossier's date has them. Forms are keyed by what they are, not by
//! number: the numbers moved in 2025.

use crate::workflow::RuleSet;

/// What a form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormKind {
    /// Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
    Receipt,
    /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    SupplementRequest,
    /// Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    Refusal,
    /// The apology: with a new appointment (2018), or with a request to
    /// extend the processing time (2025).
    Apology,
    /// Thông báo dừng giải quyết hồ sơ (2025 only).
    StopNotice,
    /// Phiếu kiểm soát quá trình giải quyết hồ sơ.
    ControlSheet,
    /// Sổ theo dõi hồ sơ.
    Register,
}

/// A form under one rule set: its number, its title, its paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormSpec {
    /// "Mẫu 01"; none for the stopping notice under `vn-2018`, whose
    /// circular has no such form (the notice is then a plain letter).
    pub number: Option<&'static str>,
    /// The title as printed, in capitals.
    pub title: &'static str,
    /// Printed on A4 (the register); the others on A5.
    pub a4: bool,
}

const fn spec(number: &'static str, title: &'static str) -> FormSpec {
    FormSpec {
        number: Some(number),
        title,
        a4: false,
    }
}

const RECEIPT: &str = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";
const SUPPLEMENT: &str = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ";
const REFUSAL: &str = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ";
const CONTROL: &str = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ";
const REGISTER: &str = "SỔ THEO DÕI HỒ SƠ";
const STOP: &str = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ";

impl RuleSet {
    /// The form of `kind` under this rule set.
    ///
    /// `vn-2018`: Circular 01/2018/TT-VPCP, Appendix: Mẫu 01–05 on A5, the
    /// register Mẫu 06 on A4. `vn-2025`: Circular 03/2025/TT-VPCP as a
    /// provincial study lists it (research/domain.md §2b, not yet read in
    /// the official text): the apology becomes "apology and request to
    /// extend", a stopping notice is Mẫu 05, the control sheet Mẫu 06 and
    /// the register Mẫu 07.
    pub fn form(&self, kind: FormKind) -> FormSpec {
        let vn_2025 = self.name == RuleSet::VN_2025.name;
        match (kind, vn_2025) {
            (FormKind::Receipt, _) => spec("Mẫu 01", RECEIPT),
            (FormKind::SupplementRequest, _) => spec("Mẫu 02", SUPPLEMENT),
            (FormKind::Refusal, _) => spec("Mẫu 03", REFUSAL),
            (FormKind::Apology, false) => {
                spec("Mẫu 04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
            }
            (FormKind::Apology, true) => spec(
                "Mẫu 04",
                "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            ),
            (FormKind::StopNotice, false) => FormSpec {
                number: None,
                ..spec("", STOP)
            },
            (FormKind::StopNotice, true) => spec("Mẫu 05", STOP),
            (FormKind::ControlSheet, false) => spec("Mẫu 05", CONTROL),
            (FormKind::ControlSheet, true) => spec("Mẫu 06", CONTROL),
            (FormKind::Register, false) => FormSpec {
                a4: true,
                ..spec("Mẫu 06", REGISTER)
            },
            (FormKind::Register, true) => FormSpec {
                a4: true,
                ..spec("Mẫu 07", REGISTER)
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2025_set_renumbers_and_adds_the_stopping_notice() {
        let old = RuleSet::VN_2018;
        let new = RuleSet::VN_2025;
        assert_eq!(old.form(FormKind::StopNotice).number, None);
        assert_eq!(new.form(FormKind::StopNotice).number, Some("Mẫu 05"));
        assert_eq!(old.form(FormKind::ControlSheet).number, Some("Mẫu 05"));
        assert_eq!(new.form(FormKind::ControlSheet).number, Some("Mẫu 06"));
        let register = new.form(FormKind::Register);
        assert_eq!((register.number, register.a4), (Some("Mẫu 07"), true));
        assert_ne!(old.form(FormKind::Apology), new.form(FormKind::Apology));
        assert_eq!(old.form(FormKind::Receipt), new.form(FormKind::Receipt));
    }
}
