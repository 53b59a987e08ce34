//! One-way hashes: argon2id for passwords (staff and citizens alike), and
//! SHA-256 for what must be found again by its hash (refresh tokens) or
//! checked against it (uploaded files).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

use crate::error::{AppError, AppResult};

fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// An argon2id PHC string for `password`.
pub(crate) fn hash_password(password: &str) -> AppResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::unexpected("random salt", e))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::unexpected("salt", e))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::unexpected("hashing a password", e))
}

/// Whether `password` is the one `hash` was made from; a malformed hash
/// matches nothing.
pub(crate) fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to verify against when the user does not exist, so that a wrong
/// username takes as long as a wrong password.
pub(crate) fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password that matches nothing").unwrap_or_default())
}

/// SHA-256 as lower-case hex: refresh tokens are stored so, and uploaded
/// files are checksummed so.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse"));
        assert!(!verify_password(&hash, "wrong horse"));
        assert!(!verify_password("not a hash", "correct horse"));
    }
}
