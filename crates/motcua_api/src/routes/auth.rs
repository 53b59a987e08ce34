//! Sign-in, token refresh, sign-out, and who am I.

use actix_web::{HttpResponse, web};
use motcua_app::App;

use super::Answer;
use crate::extract::Json;
use crate::requests::auth::{LoginRequest, RefreshRequest};
use crate::responses::{TokenPairResponse, UserResponse};
use crate::{Client, Staff};

/// Signs in.
pub async fn login(
    app: web::Data<App>,
    Client(client): Client,
    body: Json<LoginRequest>,
) -> Answer {
    let LoginRequest { username, password } = body.into_inner();
    let pair = app.login(client, username, password).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(TokenPairResponse::from(pair)))
}

/// Rotates a refresh token.
pub async fn refresh(app: web::Data<App>, body: Json<RefreshRequest>) -> Answer {
    let pair = app.refresh(body.into_inner().refresh_token).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(TokenPairResponse::from(pair)))
}

/// Revokes a refresh token and its family.
pub async fn logout(app: web::Data<App>, body: Json<RefreshRequest>) -> Answer {
    app.logout(body.into_inner().refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user.
pub async fn me(app: web::Data<App>, Staff(principal): Staff) -> Answer {
    super::ok(&UserResponse::from(app.me(principal).await?))
}
