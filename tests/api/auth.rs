use chrono::TimeDelta;
use serde_json::json;

use crate::helpers::{JWT_SECRET, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_user_signs_in_and_gets_tokens() {
    let app = spawn_app().await;
    let answer = app.login_answer("clerk", "demo").await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json["token_type"], "Bearer");
    assert_eq!(answer.json["expires_in"], 900);
    assert_eq!(answer.json["user"]["role"], "clerk");
    assert_eq!(answer.json["user"]["agency"]["code"], "000.25.01.H26");
    assert_eq!(answer.headers["cache-control"], "no-store");
    let token = answer.json["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", Some(token)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json["username"], "clerk");
}

#[tokio::test]
async fn wrong_credentials_are_refused_alike() {
    let app = spawn_app().await;
    let wrong_password = app.login_answer("clerk", "not-demo").await;
    wrong_password.assert_problem(401, "unauthenticated");
    assert_eq!(
        wrong_password.headers["www-authenticate"],
        "Bearer realm=\"motcua\""
    );
    let no_such_user = app.login_answer("nobody", "demo").await;
    no_such_user.assert_problem(401, "unauthenticated");
    assert_eq!(wrong_password.json["detail"], no_such_user.json["detail"]);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_revokes_the_sign_in() {
    let app = spawn_app().await;
    let first = app.login_answer("clerk", "demo").await.json;
    let r1 = first["refresh_token"].as_str().unwrap();
    let second = app
        .post("/api/v1/auth/refresh", None, &json!({"refresh_token": r1}))
        .await;
    assert_eq!(second.status, 200, "{}", second.text);
    let r2 = second.json["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2);
    // r1 again: someone else has it. Both r1 and r2 stop working.
    app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r1}))
        .await
        .assert_problem(401, "unauthenticated");
    app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r2}))
        .await
        .assert_problem(401, "unauthenticated");
}

#[tokio::test]
async fn signing_out_revokes_the_refresh_token() {
    let app = spawn_app().await;
    let pair = app.login_answer("clerk", "demo").await.json;
    let refresh = pair["refresh_token"].as_str().unwrap();
    assert_eq!(
        app.post(
            "/api/v1/auth/logout",
            None,
            &json!({"refresh_token": refresh})
        )
        .await
        .status,
        204
    );
    app.post(
        "/api/v1/auth/refresh",
        None,
        &json!({"refresh_token": refresh}),
    )
    .await
    .assert_problem(401, "unauthenticated");
    // Unknown tokens are accepted silently.
    assert_eq!(
        app.post(
            "/api/v1/auth/logout",
            None,
            &json!({"refresh_token": "whatever"})
        )
        .await
        .status,
        204
    );
}

#[tokio::test]
async fn access_tokens_expire_and_refresh_tokens_too() {
    let app = spawn_app().await;
    let pair = app.login_answer("clerk", "demo").await.json;
    let token = pair["access_token"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/me", Some(token)).await.status, 200);
    app.advance(TimeDelta::minutes(16));
    app.get("/api/v1/me", Some(token))
        .await
        .assert_problem(401, "unauthenticated");
    app.advance(TimeDelta::days(8));
    let refresh = pair["refresh_token"].as_str().unwrap();
    app.post(
        "/api/v1/auth/refresh",
        None,
        &json!({"refresh_token": refresh}),
    )
    .await
    .assert_problem(401, "unauthenticated");
}

/// A JWT signed with `secret` and `alg`, from raw JSON parts.
fn token(header: &serde_json::Value, claims: &serde_json::Value, secret: &[u8]) -> String {
    use base64_url as b64;
    let head = b64::encode(header.to_string().as_bytes());
    let body = b64::encode(claims.to_string().as_bytes());
    let signature = b64::encode(&hmac_sha256(secret, format!("{head}.{body}").as_bytes()));
    format!("{head}.{body}.{signature}")
}

#[tokio::test]
async fn forged_and_tampered_tokens_are_refused() {
    let app = spawn_app().await;
    let real = app.login("clerk").await;
    let parts: Vec<&str> = real.split('.').collect();
    let claims: serde_json::Value = serde_json::from_slice(&base64_url::decode(parts[1])).unwrap();

    // Signed with another key.
    let forged = token(
        &json!({"alg": "HS256", "typ": "JWT"}),
        &claims,
        b"some-other-secret-of-the-same-length-000000000",
    );
    // Our key, but the role raised to admin after signing.
    let mut raised = claims.clone();
    raised["role"] = json!("admin");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        base64_url::encode(raised.to_string().as_bytes()),
        parts[2]
    );
    // "alg": "none", no signature.
    let unsigned = format!(
        "{}.{}.",
        base64_url::encode(json!({"alg": "none", "typ": "JWT"}).to_string().as_bytes()),
        parts[1]
    );
    // Our key and algorithm, but another issuer, another audience.
    let mut other_issuer = claims.clone();
    other_issuer["iss"] = json!("someone-else");
    let other_issuer = token(
        &json!({"alg": "HS256"}),
        &other_issuer,
        JWT_SECRET.as_bytes(),
    );
    let mut citizen_audience = claims.clone();
    citizen_audience["aud"] = json!("motcua-citizen");
    let citizen_audience = token(
        &json!({"alg": "HS256"}),
        &citizen_audience,
        JWT_SECRET.as_bytes(),
    );
    let valid_again = token(&json!({"alg": "HS256"}), &claims, JWT_SECRET.as_bytes());
    assert_eq!(
        app.get("/api/v1/me", Some(&valid_again)).await.status,
        200,
        "the forging helper itself works"
    );

    for bad in [
        forged,
        tampered,
        unsigned,
        other_issuer,
        citizen_audience,
        "not-a-jwt".into(),
        String::new(),
    ] {
        app.get("/api/v1/me", Some(&bad))
            .await
            .assert_problem(401, "unauthenticated");
    }
    let no_header = app.get("/api/v1/me", None).await;
    no_header.assert_problem(401, "unauthenticated");
    let basic = app
        .client
        .get(app.url("/api/v1/me"))
        .header("authorization", "Basic Y2xlcms6ZGVtbw==")
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401);
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited() {
    let app = spawn_app_with(|s| s.rate_limits.login_per_account = 3).await;
    for _ in 0..3 {
        app.login_answer("leader", "wrong")
            .await
            .assert_problem(401, "unauthenticated");
    }
    let limited = app.login_answer("leader", "demo").await;
    limited.assert_problem(429, "rate_limited");
    let retry: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    // Another account is not affected.
    assert_eq!(app.login_answer("clerk", "demo").await.status, 200);
}

#[tokio::test]
async fn malformed_sign_in_bodies_are_problems() {
    let app = spawn_app().await;
    app.post_raw(
        "/api/v1/auth/login",
        None,
        "application/json",
        b"{\"username\": ".to_vec(),
    )
    .await
    .assert_problem(400, "malformed_json");
    app.post(
        "/api/v1/auth/login",
        None,
        &json!({"username": 42, "password": "demo"}),
    )
    .await
    .assert_wrong_shape();
    app.post("/api/v1/auth/login", None, &json!({"username": "clerk"}))
        .await
        .assert_wrong_shape();
    app.post_raw(
        "/api/v1/auth/login",
        None,
        "text/plain",
        b"username=clerk".to_vec(),
    )
    .await
    .assert_problem(415, "unsupported_media_type");
}

mod base64_url {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    pub fn encode(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    pub fn decode(text: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(text).unwrap()
    }
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    use hmac::Mac as _;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}
