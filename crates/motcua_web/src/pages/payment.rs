//! Paying a fee: the button on the application's page sends the payer to
//! the gateway; the gateway sends them back to `/thanh-toan/ket-qua` with
//! its signed result, which the page reads against our record. In the demo
//! the gateway is the sandbox, whose "bank" page is `/thanh-toan/thu-nghiem`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, AppError, Reason};
use motcua_domain::{PaymentState, format_vnd};

use super::application_path;
use crate::client::Client;
use crate::csrf::{self, FormToken};
use crate::form;
use crate::frame::{Frame, Nav};
use crate::messages::Lang;
use crate::pages::account::ButtonForm;
use crate::session::SignedIn;
use crate::{WebError, see_other};

/// `POST /ho-so-cua-toi/{id}/thanh-toan`: to the gateway with a new,
/// signed payment request.
pub async fn start(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    Client(client): Client,
    path: web::Path<String>,
    req: HttpRequest,
    posted: web::Form<ButtonForm>,
) -> Result<HttpResponse, WebError> {
    csrf::verify(&req, &posted.csrf)?;
    let id = path.into_inner();
    // The gateway wants the payer's address; behind proxies, the client's.
    let ip = client.0;
    match app.start_payment(citizen, id.clone(), ip).await {
        Ok(start) => Ok(see_other(&start.payment_url)),
        // Paid meanwhile, or nothing to pay: the page says where it stands.
        Err(AppError::Conflict(Reason::NoFeeDue, _)) => Ok(see_other(&application_path(&id))),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "sandbox_bank.html")]
struct BankPage {
    frame: Frame,
    csrf: String,
    amount: String,
    reference: String,
    fields: Vec<(String, String)>,
}

/// The gateway's parameters of a request: every `vnp_` field, nothing else.
fn gateway_fields(query: &[(String, String)]) -> Vec<(String, String)> {
    query
        .iter()
        .filter(|(k, _)| k.starts_with("vnp_"))
        .cloned()
        .collect()
}

/// `GET /thanh-toan/thu-nghiem?…`: the sandbox's "bank", which pays
/// nothing real: pay or cancel.
pub async fn sandbox_bank(
    app: web::Data<App>,
    lang: Lang,
    FormToken(csrf): FormToken,
    query: web::Query<Vec<(String, String)>>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    let fields = gateway_fields(&query);
    let (reference, amount) = match app.sandbox_order(&fields) {
        Ok(order) => order,
        Err(AppError::Unauthenticated(_)) => return Err(WebError::BadRequest),
        Err(e) => return Err(e.into()),
    };
    let page = BankPage {
        frame: Frame::new(lang, m.bank_title, Nav::Account, &req),
        csrf,
        amount: format_vnd(amount),
        reference,
        fields,
    };
    Ok(crate::html(StatusCode::OK, &page))
}

/// `POST /thanh-toan/thu-nghiem`: the "bank" pays or cancels, calls us
/// back, and sends the payer to the return page.
pub async fn sandbox_pay(
    app: web::Data<App>,
    req: HttpRequest,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let posted = posted.into_inner();
    csrf::verify(&req, form::field(&posted, "csrf"))?;
    let pay = form::field(&posted, "action") == "pay";
    match app.sandbox_bank(gateway_fields(&posted), pay).await {
        Ok(back) => Ok(see_other(&back)),
        Err(AppError::Unauthenticated(_)) => Err(WebError::BadRequest),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "payment_result.html")]
struct ResultPage {
    frame: Frame,
    heading: &'static str,
    text: String,
    class: &'static str,
    href: Option<String>,
}

/// `GET /thanh-toan/ket-qua?…`: where the gateway sends the payer back.
pub async fn result(
    app: web::Data<App>,
    lang: Lang,
    query: web::Query<Vec<(String, String)>>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    let back = match app.payment_return(query.into_inner()).await {
        Ok(back) => back,
        Err(AppError::Unauthenticated(_)) => {
            return Ok(crate::error::message_page(
                &req,
                StatusCode::BAD_REQUEST,
                m.payment_unsigned_title,
                m.payment_unsigned_text.to_owned(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let amount = format_vnd(back.amount_vnd);
    let (heading, text, class) = match back.state {
        PaymentState::Paid => (
            m.payment_paid_title,
            (m.payment_paid_text)(&amount, &back.dossier_code),
            "done",
        ),
        PaymentState::Pending => (
            m.payment_pending_title,
            m.payment_pending_text.to_owned(),
            "waiting",
        ),
        PaymentState::Failed | PaymentState::AmountMismatch => (
            m.payment_failed_title,
            m.payment_failed_text.to_owned(),
            "ended",
        ),
    };
    let page = ResultPage {
        frame: Frame::new(lang, heading, Nav::Account, &req),
        heading,
        text,
        class,
        href: back.application_id.map(|id| application_path(&id)),
    };
    Ok(crate::html(StatusCode::OK, &page))
}
