#![doc = include_str!("../README.md")]

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha512;

type HmacSha512 = Hmac<Sha512>;

/// A payment to ask the payer for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentOrder {
    /// Our reference of this attempt (`vnp_TxnRef`): letters and digits, unique.
    pub reference: String,
    /// The amount in đồng.
    pub amount_vnd: i64,
    /// What is paid for, shown to the payer (ASCII: gateways refuse marks).
    pub description: String,
    /// When the attempt was made.
    pub created_at: DateTime<Utc>,
    /// How long the payer has.
    pub valid_for: TimeDelta,
    /// The payer's address, as the gateway asks for it.
    pub client_ip: String,
}

/// What a verified callback says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    /// Our reference of the attempt.
    pub reference: String,
    /// What the gateway says was paid, in đồng.
    pub amount_vnd: i64,
    /// Whether the bank accepted the payment.
    pub paid: bool,
    /// The gateway's answer code (`00` is success).
    pub response_code: String,
    /// The gateway's transaction number.
    pub transaction_no: Option<String>,
    /// The payer's bank.
    pub bank_code: Option<String>,
    /// Every parameter, for the record (the signature left out).
    pub parameters: Vec<(String, String)>,
}

/// What Motcua made of a verified callback, to tell the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackOutcome {
    /// The payment is recorded (or the failure noted).
    Confirmed,
    /// No attempt of ours has this reference.
    UnknownOrder,
    /// The attempt was settled before: nothing changed.
    AlreadyConfirmed,
    /// The amount is not the fee asked; recorded for staff to reconcile.
    WrongAmount,
}

/// The answer to a VNPay-shaped IPN, as the gateway's reference code reads
/// it (sent as JSON `{"RspCode": ..., "Message": ...}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpnAnswer {
    /// `RspCode`: `00` confirmed, `01` unknown order, `02` already
    /// confirmed, `04` wrong amount.
    pub rsp_code: &'static str,
    /// `Message`, in the gateway's words.
    pub message: &'static str,
}

impl CallbackOutcome {
    /// The answer in the gateway's protocol.
    pub fn ipn_answer(self) -> IpnAnswer {
        let (rsp_code, message) = match self {
            CallbackOutcome::Confirmed => ("00", "Confirm Success"),
            CallbackOutcome::UnknownOrder => ("01", "Order not found"),
            CallbackOutcome::AlreadyConfirmed => ("02", "Order already confirmed"),
            CallbackOutcome::WrongAmount => ("04", "Invalid amount"),
        };
        IpnAnswer { rsp_code, message }
    }
}

/// Why a callback is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    /// No signature, or one that does not match: not from the gateway.
    #[error("the callback's signature is missing or does not match")]
    BadSignature,
    /// Signed, but a field is missing or unreadable.
    #[error("the callback lacks or garbles {0}")]
    BadField(&'static str),
    /// Signed, but a payment request rather than a result: it carries a
    /// field only requests carry (a payment URL replayed as a callback).
    #[error("not a callback: {0} belongs to a payment request")]
    NotACallback(&'static str),
    /// Signed for another merchant.
    #[error("the callback is for another merchant")]
    OtherMerchant,
}

/// What Motcua needs from a payment gateway.
pub trait PaymentGateway: Send + Sync + std::fmt::Debug {
    /// The gateway's name in records and URLs (`vnpay`, `sandbox`).
    fn name(&self) -> &'static str;
    /// The signed address to send the payer to.
    fn payment_url(&self, order: &PaymentOrder) -> String;
    /// Checks a server-to-server callback and reads it.
    fn verify_callback(&self, parameters: &[(String, String)]) -> Result<Callback, CallbackError>;
}

/// A gateway shaped like VNPay 2.1.0: sorted, form-encoded parameters signed
/// with HMAC-SHA512 (`vnp_SecureHash`), amounts in đồng × 100, times in
/// Vietnam time as `yyyyMMddHHmmss`.
#[derive(Clone)]
pub struct SignedGateway {
    name: &'static str,
    merchant_code: String,
    secret: Vec<u8>,
    pay_url: String,
    return_url: String,
}

impl std::fmt::Debug for SignedGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedGateway")
            .field("name", &self.name)
            .field("merchant_code", &self.merchant_code)
            .field("secret", &"<redacted>")
            .field("pay_url", &self.pay_url)
            .finish_non_exhaustive()
    }
}

impl SignedGateway {
    /// The real gateway: the merchant code (`vnp_TmnCode`) and secret it
    /// issued, its payment address, and where it sends the payer back.
    pub fn vnpay(merchant_code: &str, secret: &[u8], pay_url: &str, return_url: &str) -> Self {
        SignedGateway {
            name: "vnpay",
            merchant_code: merchant_code.to_owned(),
            secret: secret.to_vec(),
            pay_url: pay_url.to_owned(),
            return_url: return_url.to_owned(),
        }
    }

    /// The development sandbox: the same protocol, our own "bank" at
    /// `pay_url`, signed with `secret`.
    pub fn sandbox(secret: &[u8], pay_url: &str, return_url: &str) -> Self {
        SignedGateway {
            name: "sandbox",
            merchant_code: "MOTCUA01".to_owned(),
            secret: secret.to_vec(),
            pay_url: pay_url.to_owned(),
            return_url: return_url.to_owned(),
        }
    }

    /// `vnp_SecureHash` of `parameters` (any order; the signature fields are
    /// left out).
    pub fn signature(&self, parameters: &[(String, String)]) -> String {
        let mut mac = self.mac();
        mac.update(canonical(parameters).as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// `parameters` with their signature added, encoded as a query string.
    pub fn signed_query(&self, parameters: &[(String, String)]) -> String {
        let signature = self.signature(parameters);
        format!("{}&vnp_SecureHash={signature}", canonical(parameters))
    }

    /// The parameters of the callback a bank would send for `reference`:
    /// what the sandbox's "bank" signs when the payer pays.
    pub fn callback_for(
        &self,
        reference: &str,
        amount_vnd: i64,
        response_code: &str,
        transaction_no: &str,
        at: DateTime<Utc>,
    ) -> Vec<(String, String)> {
        let pairs = [
            ("vnp_Amount", (amount_vnd.saturating_mul(100)).to_string()),
            ("vnp_BankCode", "NCB".to_owned()),
            ("vnp_CardType", "ATM".to_owned()),
            ("vnp_OrderInfo", format!("Thanh toan {reference}")),
            ("vnp_PayDate", vietnam_stamp(at)),
            ("vnp_ResponseCode", response_code.to_owned()),
            ("vnp_TmnCode", self.merchant_code.clone()),
            ("vnp_TransactionNo", transaction_no.to_owned()),
            ("vnp_TransactionStatus", response_code.to_owned()),
            ("vnp_TxnRef", reference.to_owned()),
        ];
        let mut parameters: Vec<(String, String)> =
            pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let signature = self.signature(&parameters);
        parameters.push(("vnp_SecureHash".to_owned(), signature));
        parameters
    }

    /// Reads and checks a payment request sent to the sandbox's "bank":
    /// the reference and the amount, if the signature is ours.
    pub fn verify_request(
        &self,
        parameters: &[(String, String)],
    ) -> Result<(String, i64), CallbackError> {
        self.check_signature(parameters)?;
        let field = |name: &'static str| {
            parameters
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .ok_or(CallbackError::BadField(name))
        };
        let amount = amount_of(field("vnp_Amount")?)?;
        Ok((field("vnp_TxnRef")?.to_owned(), amount))
    }

    fn mac(&self) -> HmacSha512 {
        // HMAC takes keys of any length; this cannot fail.
        HmacSha512::new_from_slice(&self.secret).unwrap_or_else(|_| unreachable_mac())
    }

    fn check_signature(&self, parameters: &[(String, String)]) -> Result<(), CallbackError> {
        // A name given twice could make the signed text and the field we
        // read disagree: refuse it.
        let mut names: Vec<&str> = parameters.iter().map(|(k, _)| k.as_str()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            return Err(CallbackError::BadSignature);
        }
        let given = parameters
            .iter()
            .find(|(k, _)| k == "vnp_SecureHash")
            .map(|(_, v)| v.to_ascii_lowercase())
            .ok_or(CallbackError::BadSignature)?;
        let given = unhex(&given).ok_or(CallbackError::BadSignature)?;
        let mut mac = self.mac();
        mac.update(canonical(parameters).as_bytes());
        // Constant time: a forger learns nothing from how long we take.
        mac.verify_slice(&given)
            .map_err(|_| CallbackError::BadSignature)
    }
}

#[expect(clippy::panic, reason = "HMAC accepts keys of every length")]
fn unreachable_mac() -> HmacSha512 {
    panic!("HMAC-SHA512 refused a key")
}

impl PaymentGateway for SignedGateway {
    fn name(&self) -> &'static str {
        self.name
    }

    fn payment_url(&self, order: &PaymentOrder) -> String {
        let parameters: Vec<(String, String)> = [
            ("vnp_Version", "2.1.0".to_owned()),
            ("vnp_Command", "pay".to_owned()),
            ("vnp_TmnCode", self.merchant_code.clone()),
            (
                "vnp_Amount",
                order.amount_vnd.saturating_mul(100).to_string(),
            ),
            ("vnp_CurrCode", "VND".to_owned()),
            ("vnp_TxnRef", order.reference.clone()),
            ("vnp_OrderInfo", order.description.clone()),
            ("vnp_OrderType", "other".to_owned()),
            ("vnp_Locale", "vn".to_owned()),
            ("vnp_ReturnUrl", self.return_url.clone()),
            ("vnp_IpAddr", order.client_ip.clone()),
            ("vnp_CreateDate", vietnam_stamp(order.created_at)),
            (
                "vnp_ExpireDate",
                vietnam_stamp(order.created_at + order.valid_for),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let separator = if self.pay_url.contains('?') { '&' } else { '?' };
        format!(
            "{}{separator}{}",
            self.pay_url,
            self.signed_query(&parameters)
        )
    }

    /// Only what the signature covers is read: a parameter with an empty
    /// value is left out of the signed text (as the gateway's reference code
    /// does), so it is left out here too, or anyone could append
    /// `&vnp_ResponseCode=` to a signed URL and be believed. A callback must
    /// carry every field a real result carries, and none that only a
    /// payment request carries: a signed payment URL is not a callback.
    fn verify_callback(&self, parameters: &[(String, String)]) -> Result<Callback, CallbackError> {
        self.check_signature(parameters)?;
        let signed: Vec<&(String, String)> =
            parameters.iter().filter(|(_, v)| !v.is_empty()).collect();
        if let Some(name) = REQUEST_ONLY
            .iter()
            .find(|name| signed.iter().any(|(k, _)| k == *name))
        {
            return Err(CallbackError::NotACallback(name));
        }
        let field = |name: &'static str| {
            signed
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .ok_or(CallbackError::BadField(name))
        };
        if field("vnp_TmnCode")? != self.merchant_code {
            return Err(CallbackError::OtherMerchant);
        }
        let reference = field("vnp_TxnRef")?;
        let amount = field("vnp_Amount")?;
        let response_code = field("vnp_ResponseCode")?;
        let status = field("vnp_TransactionStatus")?;
        let transaction_no = field("vnp_TransactionNo")?;
        let pay_date = field("vnp_PayDate")?;
        if pay_date.len() != 14 || !pay_date.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CallbackError::BadField("vnp_PayDate"));
        }
        Ok(Callback {
            reference,
            amount_vnd: amount_of(&amount)?,
            // VNPay: the payment went through when both the answer and the
            // transaction status are 00.
            paid: response_code == "00" && status == "00",
            response_code,
            transaction_no: Some(transaction_no),
            bank_code: field("vnp_BankCode").ok(),
            parameters: signed
                .into_iter()
                .filter(|(k, _)| !is_signature(k))
                .cloned()
                .collect(),
        })
    }
}

/// The fields only a payment request carries, never a gateway's result.
const REQUEST_ONLY: [&str; 9] = [
    "vnp_Version",
    "vnp_Command",
    "vnp_CreateDate",
    "vnp_ExpireDate",
    "vnp_CurrCode",
    "vnp_Locale",
    "vnp_OrderType",
    "vnp_ReturnUrl",
    "vnp_IpAddr",
];

/// `vnp_Amount` is đồng × 100.
fn amount_of(text: &str) -> Result<i64, CallbackError> {
    let hundredths: i64 = text
        .parse()
        .map_err(|_| CallbackError::BadField("vnp_Amount"))?;
    if hundredths < 0 || hundredths % 100 != 0 {
        return Err(CallbackError::BadField("vnp_Amount"));
    }
    Ok(hundredths / 100)
}

fn is_signature(name: &str) -> bool {
    name == "vnp_SecureHash" || name == "vnp_SecureHashType"
}

/// The signed text: the `vnp_` parameters but the signature, sorted by
/// name, each `name=value` form-encoded as PHP's `urlencode` does (the
/// gateways' reference code), joined by `&`.
fn canonical(parameters: &[(String, String)]) -> String {
    let mut kept: Vec<&(String, String)> = parameters
        .iter()
        .filter(|(k, v)| k.starts_with("vnp_") && !is_signature(k) && !v.is_empty())
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    kept.iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// PHP's `urlencode`: letters, digits and `-_.` stay, a space is `+`,
/// every other byte is `%XX`.
pub fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `yyyyMMddHHmmss` in Vietnam time (UTC+7 all year).
fn vietnam_stamp(at: DateTime<Utc>) -> String {
    let offset = FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| Utc.fix());
    at.with_timezone(&offset).format("%Y%m%d%H%M%S").to_string()
}

use chrono::Offset as _;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn gateway() -> SignedGateway {
        SignedGateway::sandbox(
            b"sandbox-secret",
            "https://motcua.test/api/v1/payments/sandbox/pay",
            "https://motcua.test/thanh-toan/ket-qua",
        )
    }

    fn order() -> PaymentOrder {
        PaymentOrder {
            reference: "P0123ABC".into(),
            amount_vnd: 100_000,
            description: "Le phi ho so 000.25.01.H26-260302-0001".into(),
            created_at: Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap(),
            valid_for: TimeDelta::minutes(15),
            client_ip: "127.0.0.1".into(),
        }
    }

    fn query_pairs(url: &str) -> Vec<(String, String)> {
        let query = url.split_once('?').unwrap().1;
        query
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_owned(), decode(v))
            })
            .collect()
    }

    fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_signature_is_hmac_sha512_over_the_sorted_encoded_parameters() {
        // Computed independently (Python: hmac.new(key, msg, sha512)).
        let parameters = vec![
            ("vnp_TxnRef".to_owned(), "P1".to_owned()),
            ("vnp_Amount".to_owned(), "10000000".to_owned()),
            ("vnp_OrderInfo".to_owned(), "Le phi ho so".to_owned()),
        ];
        assert_eq!(
            canonical(&parameters),
            "vnp_Amount=10000000&vnp_OrderInfo=Le+phi+ho+so&vnp_TxnRef=P1"
        );
        assert_eq!(
            gateway().signature(&parameters),
            "beea9447d605789dd5de92736f12119ce6fd2f4bfc14466d8713b973e5f37eeb\
             af1d3fc2bc2897137cfed4fda82bbb934f20b4ed527a9c2a1491f458542596c8"
        );
    }

    #[test]
    fn a_payment_url_carries_the_amount_times_100_and_verifies() {
        let url = gateway().payment_url(&order());
        assert!(
            url.starts_with("https://motcua.test/api/v1/payments/sandbox/pay?vnp_Amount=10000000&")
        );
        assert!(url.contains("vnp_CreateDate=20260302090000"));
        assert!(url.contains("vnp_ExpireDate=20260302091500"));
        assert!(url.contains("vnp_ReturnUrl=https%3A%2F%2Fmotcua.test%2Fthanh-toan%2Fket-qua"));
        let pairs = query_pairs(&url);
        assert_eq!(
            gateway().verify_request(&pairs),
            Ok(("P0123ABC".to_owned(), 100_000))
        );
        // Another key, or a changed amount, does not verify.
        let other = SignedGateway::sandbox(b"another", "x", "y");
        assert_eq!(
            other.verify_request(&pairs),
            Err(CallbackError::BadSignature)
        );
        let mut changed = pairs.clone();
        changed
            .iter_mut()
            .find(|(k, _)| k == "vnp_Amount")
            .unwrap()
            .1 = "100".into();
        assert_eq!(
            gateway().verify_request(&changed),
            Err(CallbackError::BadSignature)
        );
    }

    #[test]
    fn callbacks_are_verified_and_read() {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 2, 5, 0).unwrap();
        let callback = gateway().callback_for("P0123ABC", 100_000, "00", "14123456", at);
        let read = gateway().verify_callback(&callback).unwrap();
        assert_eq!(read.reference, "P0123ABC");
        assert_eq!(read.amount_vnd, 100_000);
        assert!(read.paid);
        assert_eq!(read.transaction_no.as_deref(), Some("14123456"));
        assert!(read.parameters.iter().all(|(k, _)| k != "vnp_SecureHash"));

        let failed = gateway().callback_for("P0123ABC", 100_000, "24", "0", at);
        assert!(!gateway().verify_callback(&failed).unwrap().paid);

        // Tampered, unsigned, or signed with another key.
        let mut tampered = callback.clone();
        tampered
            .iter_mut()
            .find(|(k, _)| k == "vnp_Amount")
            .unwrap()
            .1 = "1000".into();
        assert_eq!(
            gateway().verify_callback(&tampered),
            Err(CallbackError::BadSignature)
        );
        let unsigned: Vec<_> = callback
            .iter()
            .filter(|(k, _)| k != "vnp_SecureHash")
            .cloned()
            .collect();
        assert_eq!(
            gateway().verify_callback(&unsigned),
            Err(CallbackError::BadSignature)
        );
        let forged = SignedGateway::sandbox(b"guess", "x", "y")
            .callback_for("P0123ABC", 100_000, "00", "1", at);
        assert_eq!(
            gateway().verify_callback(&forged),
            Err(CallbackError::BadSignature)
        );
        // A field given twice is refused even when the signature matches.
        let mut doubled = callback.clone();
        doubled.insert(0, ("vnp_TxnRef".into(), String::new()));
        assert_eq!(
            gateway().verify_callback(&doubled),
            Err(CallbackError::BadSignature)
        );
        // Upper-case hex is the same signature.
        let mut upper = callback.clone();
        let last = upper.len() - 1;
        upper[last].1 = upper[last].1.to_uppercase();
        assert!(gateway().verify_callback(&upper).is_ok());
    }

    #[test]
    fn a_signed_payment_url_is_not_a_callback() {
        // The payment URL is signed with the same key: appending an empty
        // result code must not make it pass as a "failed" callback.
        let url = gateway().payment_url(&order());
        let mut pairs = query_pairs(&url);
        pairs.push(("vnp_ResponseCode".into(), String::new()));
        pairs.push(("vnp_TransactionStatus".into(), String::new()));
        assert_eq!(
            gateway().verify_callback(&pairs),
            Err(CallbackError::NotACallback("vnp_Version"))
        );
    }

    #[test]
    fn empty_fields_are_not_read_and_a_result_needs_every_result_field() {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 2, 5, 0).unwrap();
        let callback = gateway().callback_for("P0123ABC", 100_000, "00", "14123456", at);
        for name in [
            "vnp_ResponseCode",
            "vnp_TransactionStatus",
            "vnp_TransactionNo",
            "vnp_PayDate",
            "vnp_TmnCode",
        ] {
            // Left out of a re-signed callback, or present but empty (and
            // so unsigned): refused either way.
            let without: Vec<(String, String)> = callback
                .iter()
                .filter(|(k, _)| k != name && k != "vnp_SecureHash")
                .cloned()
                .collect();
            let mut resigned = without.clone();
            resigned.push(("vnp_SecureHash".into(), gateway().signature(&without)));
            assert_eq!(
                gateway().verify_callback(&resigned),
                Err(CallbackError::BadField(match name {
                    "vnp_ResponseCode" => "vnp_ResponseCode",
                    "vnp_TransactionStatus" => "vnp_TransactionStatus",
                    "vnp_TransactionNo" => "vnp_TransactionNo",
                    "vnp_PayDate" => "vnp_PayDate",
                    _ => "vnp_TmnCode",
                })),
                "{name}"
            );
            let mut emptied = resigned.clone();
            emptied.insert(0, (name.to_owned(), String::new()));
            assert!(gateway().verify_callback(&emptied).is_err(), "{name}");
        }
        // Another merchant's result, signed with our key, is not ours.
        let other = SignedGateway::vnpay("OTHER001", b"sandbox-secret", "x", "y")
            .callback_for("P0123ABC", 100_000, "00", "1", at);
        assert_eq!(
            gateway().verify_callback(&other),
            Err(CallbackError::OtherMerchant)
        );
    }

    #[test]
    fn urlencode_is_phps() {
        assert_eq!(urlencode("a b*c~/é"), "a+b%2Ac%7E%2F%C3%A9");
        assert_eq!(urlencode("AZaz09-_."), "AZaz09-_.");
    }
}
