//! Citizen accounts: register, verify the e-mail address, sign in, reset the
//! password, and read one's own account.

use actix_web::{HttpResponse, web};
use motcua_app::{App, AppError, Registration};
use motcua_domain::{NewPassword, Violations, required_text};

use super::Answer;
use crate::Client;
use crate::extract::Citizen;
use crate::extract::Json;
use crate::requests::auth::RefreshRequest;
use crate::requests::citizens::{
    CitizenLoginRequest, ConfirmResetRequest, RegisterRequest, ResetRequest, TokenQuery, language,
};
use crate::responses::{
    AcceptedResponse, CitizenResponse, CitizenSessionResponse, RegistrationReceiptResponse,
};

/// Opens an account; the verification link goes by e-mail. 202 whether or
/// not the address had an account (its owner is told by e-mail).
pub async fn register(
    app: web::Data<App>,
    Client(client): Client,
    body: Json<RegisterRequest>,
) -> Answer {
    let registration = Registration::try_from(body.into_inner())?;
    let receipt = app.register_citizen(client, registration).await?;
    Ok(HttpResponse::Accepted().json(RegistrationReceiptResponse::from(receipt)))
}

/// Follows the verification link (a GET, so the link in the e-mail works
/// as it is; following it twice changes nothing).
pub async fn verify_email(app: web::Data<App>, query: web::Query<TokenQuery>) -> Answer {
    let view = app.verify_citizen_email(query.into_inner().token).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(CitizenResponse::from(view)))
}

/// Signs a citizen in.
pub async fn login(
    app: web::Data<App>,
    Client(client): Client,
    body: Json<CitizenLoginRequest>,
) -> Answer {
    let CitizenLoginRequest { email, password } = body.into_inner();
    let session = app.citizen_login(client, email, password).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(CitizenSessionResponse::from(session)))
}

/// Asks for a reset link; 202 whether or not the address has an account.
pub async fn request_reset(
    app: web::Data<App>,
    Client(client): Client,
    body: Json<ResetRequest>,
) -> Answer {
    let r = body.into_inner();
    let mut v = Violations::new();
    let language = language(&mut v, r.language.as_deref());
    let email = v.check(required_text("email", &r.email, 254));
    let (Some(language), Some(email), true) = (language, email, v.is_empty()) else {
        return Err(AppError::Validation(v.into_vec()).into());
    };
    app.request_password_reset(client, email, language).await?;
    Ok(HttpResponse::Accepted().json(AcceptedResponse {
        detail: "if an account has this address, a link to set a new password is on its way",
    }))
}

/// Sets a new password with the link's token.
pub async fn confirm_reset(app: web::Data<App>, body: Json<ConfirmResetRequest>) -> Answer {
    let r = body.into_inner();
    let password = NewPassword::parse("password", &r.password)
        .map_err(|violation| AppError::Validation(vec![violation]))?;
    app.reset_password(r.token, password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Renews the session: the refresh token for a new pair.
pub async fn renew(app: web::Data<App>, body: Json<RefreshRequest>) -> Answer {
    let session = app
        .renew_citizen_session(body.into_inner().refresh_token)
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(CitizenSessionResponse::from(session)))
}

/// Signs out: the refresh token and its session stop working.
pub async fn logout(app: web::Data<App>, body: Json<RefreshRequest>) -> Answer {
    app.citizen_logout(body.into_inner().refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in citizen's account.
pub async fn me(app: web::Data<App>, Citizen(citizen): Citizen) -> Answer {
    super::ok(&CitizenResponse::from(app.citizen_me(citizen).await?))
}
