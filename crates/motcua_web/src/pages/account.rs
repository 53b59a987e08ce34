//! A citizen's account: register, prove the e-mail address, sign in and
//! out, a forgotten password, a new password, the account page. Every form
//! posts to its own address and answers with a redirect (so a refresh never
//! posts twice) or with itself, what was typed kept and what is wrong said
//! at the top and at each field.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, AppError, CitizenView, Registration};
use motcua_domain::{
    EmailAddress, NewPassword, NoticeLanguage, Organization, PersonName, PhoneNumber, TaxCode,
    Violation, Violations, format_date, required_text,
};

use super::Input;
use crate::client::Client;
use crate::csrf::{self, FormToken};
use crate::form::{self, FormErrors};
use crate::frame::{Frame, Nav};
use crate::messages::{Lang, Messages};
use crate::session::{self, SESSION_COOKIE, SignedIn};
use crate::{WebError, WebSettings, is_local_path, see_other};

fn notice_language(lang: Lang) -> NoticeLanguage {
    match lang {
        Lang::Vi => NoticeLanguage::Vi,
        Lang::En => NoticeLanguage::En,
    }
}

/// A page that says one thing and offers the next step.
#[derive(Template)]
#[template(path = "notice.html")]
struct NoticePage {
    frame: Frame,
    heading: String,
    paragraphs: Vec<String>,
    action: Option<(String, &'static str)>,
}

fn notice(
    lang: Lang,
    req: &HttpRequest,
    status: StatusCode,
    heading: &str,
    paragraphs: Vec<String>,
    action: Option<(&str, &'static str)>,
) -> HttpResponse {
    let page = NoticePage {
        frame: Frame::new(lang, heading, Nav::Account, req),
        heading: heading.to_owned(),
        paragraphs,
        action: action.map(|(href, label)| (href.to_owned(), label)),
    };
    let mut response = crate::html(status, &page);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

// ---------------------------------------------------------------- register

/// What the registration form posts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    organization_name: String,
    #[serde(default)]
    tax_code: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    frame: Frame,
    csrf: String,
    errors: FormErrors,
    organization: bool,
    full_name: Input,
    organization_name: Input,
    tax_code: Input,
    email: Input,
    phone: Input,
    password: Input,
    password_again: Input,
}

fn register_page(
    lang: Lang,
    req: &HttpRequest,
    csrf: String,
    typed: &RegisterForm,
    errors: FormErrors,
) -> RegisterPage {
    let m = lang.messages();
    RegisterPage {
        frame: Frame::new(
            lang,
            form::title(m, &errors, m.register_title),
            Nav::Account,
            req,
        ),
        csrf,
        organization: typed.kind == "organization",
        full_name: Input::text("full_name", m.register_full_name, &typed.full_name)
            .hint(m.register_full_name_hint)
            .autocomplete("name")
            .checked(&errors),
        organization_name: Input::text(
            "organization_name",
            m.register_organization_name,
            &typed.organization_name,
        )
        .autocomplete("organization")
        .checked(&errors),
        tax_code: Input::text("tax_code", m.register_tax_code, &typed.tax_code)
            .hint(m.register_tax_code_hint)
            .numeric()
            .width("width-10")
            .checked(&errors),
        email: Input::text("email", m.email_label, &typed.email)
            .hint(m.register_email_hint)
            .kind("email")
            .autocomplete("email")
            .checked(&errors),
        phone: Input::text("phone", m.register_phone, &typed.phone)
            .hint(m.register_phone_hint)
            .kind("tel")
            .autocomplete("tel")
            .width("width-10")
            .checked(&errors),
        password: Input::new_password(m.password_label, m).checked(&errors),
        password_again: Input::password_again(m).checked(&errors),
        errors,
    }
}

/// `GET /dang-ky`.
pub async fn register_form(
    lang: Lang,
    FormToken(csrf): FormToken,
    req: HttpRequest,
) -> HttpResponse {
    let page = register_page(
        lang,
        &req,
        csrf,
        &RegisterForm::default(),
        FormErrors::none(),
    );
    crate::html(StatusCode::OK, &page)
}

/// Both passwords the same, else a violation at the second.
fn same_password(v: &mut Violations, password: &str, again: &str) {
    if !password.is_empty() && password != again {
        v.push(Violation::new(
            "password_again",
            "mismatch",
            "the passwords differ",
        ));
    }
}

fn parse_registration(f: &RegisterForm, lang: Lang) -> Result<Registration, Vec<Violation>> {
    let mut v = Violations::new();
    let organization = f.kind == "organization";
    if f.kind != "person" && !organization {
        v.push(Violation::new("kind-person", "required", "choose"));
    }
    let full_name = form::required(&mut v, "full_name", &f.full_name, PersonName::parse);
    let organization = if organization {
        let name = form::required(
            &mut v,
            "organization_name",
            &f.organization_name,
            |field, text| required_text(field, text, 300),
        );
        let tax_code = form::required(&mut v, "tax_code", &f.tax_code, TaxCode::parse);
        name.zip(tax_code)
            .map(|(name, tax_code)| Some(Organization { name, tax_code }))
    } else {
        Some(None)
    };
    let email = form::required(&mut v, "email", &f.email, EmailAddress::parse);
    let phone = form::optional(&mut v, "phone", &f.phone, PhoneNumber::parse);
    let password = form::required(&mut v, "password", &f.password, NewPassword::parse);
    same_password(&mut v, &f.password, &f.password_again);
    v.finish(|| {
        Some(Registration {
            email: email?,
            password: password?,
            full_name: full_name?,
            organization: organization?,
            phone: phone?,
            language: notice_language(lang),
        })
    })
}

/// `POST /dang-ky`: opens the account and e-mails the link that proves the
/// address; then the page that says to follow it.
pub async fn register(
    app: web::Data<App>,
    lang: Lang,
    Client(client): Client,
    req: HttpRequest,
    posted: web::Form<RegisterForm>,
) -> Result<HttpResponse, WebError> {
    let typed = posted.into_inner();
    csrf::verify(&req, &typed.csrf)?;
    let m = lang.messages();
    let (status, errors) = match parse_registration(&typed, lang) {
        Ok(registration) => match app.register_citizen(client, registration).await {
            Ok(_) => return Ok(see_other("/dang-ky/kiem-tra-email")),
            Err(e) => {
                let mut errors = FormErrors::none();
                (errors.refusal(m, e, ("", ""))?, errors)
            }
        },
        Err(violations) => (
            StatusCode::BAD_REQUEST,
            FormErrors::from_violations(m, violations),
        ),
    };
    let page = register_page(lang, &req, typed.csrf.clone(), &typed, errors);
    Ok(crate::html(status, &page))
}

/// `GET /dang-ky/kiem-tra-email`: where the next step is.
pub async fn check_email(lang: Lang, req: HttpRequest) -> HttpResponse {
    let m = lang.messages();
    notice(
        lang,
        &req,
        StatusCode::OK,
        m.check_email_title,
        vec![
            m.check_email_text.to_owned(),
            m.check_email_spam.to_owned(),
            m.check_email_again.to_owned(),
        ],
        None,
    )
}

/// The link an account e-mail carries.
#[derive(Debug, Default, serde::Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    token: String,
}

/// `GET /xac-thuc-email?token=…`: the verification link of the e-mail.
pub async fn verify_email(
    app: web::Data<App>,
    lang: Lang,
    req: HttpRequest,
    query: web::Query<LinkQuery>,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    match app.verify_citizen_email(query.into_inner().token).await {
        Ok(_) => Ok(notice(
            lang,
            &req,
            StatusCode::OK,
            m.verified_title,
            vec![m.verified_text.to_owned()],
            Some(("/dang-nhap", m.sign_in_button)),
        )),
        Err(AppError::Unauthenticated(_)) => Ok(notice(
            lang,
            &req,
            StatusCode::BAD_REQUEST,
            m.link_refused_title,
            vec![m.verify_refused_text.to_owned()],
            Some(("/quen-mat-khau", m.new_link_button)),
        )),
        Err(e) => Err(e.into()),
    }
}

// ----------------------------------------------------------------- sign in

/// The page a sign-in goes back to, and a notice to show above the form.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    tiep: String,
    #[serde(default)]
    tb: String,
}

/// What the sign-in form posts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    tiep: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    frame: Frame,
    csrf: String,
    errors: FormErrors,
    banner: Option<&'static str>,
    next: String,
    email: Input,
    password: Input,
}

fn sign_in_page(
    lang: Lang,
    req: &HttpRequest,
    csrf: String,
    email: &str,
    next: &str,
    banner: Option<&'static str>,
    errors: FormErrors,
) -> SignInPage {
    let m = lang.messages();
    SignInPage {
        frame: Frame::new(
            lang,
            form::title(m, &errors, m.sign_in_title),
            Nav::Account,
            req,
        ),
        csrf,
        banner,
        next: next.to_owned(),
        email: Input::text("email", m.email_label, email)
            .kind("email")
            .autocomplete("username")
            .checked(&errors),
        password: Input::text("password", m.password_label, "")
            .kind("password")
            .autocomplete("current-password")
            .checked(&errors),
        errors,
    }
}

fn banner(m: &Messages, code: &str) -> Option<&'static str> {
    match code {
        "mat-khau-moi" => Some(m.banner_new_password),
        "da-dang-xuat" => Some(m.banner_signed_out),
        _ => None,
    }
}

fn local_or_account(next: &str) -> String {
    if is_local_path(next) && !next.starts_with("/dang-nhap") {
        next.to_owned()
    } else {
        "/tai-khoan".to_owned()
    }
}

/// `GET /dang-nhap?tiep=/path`.
pub async fn sign_in_form(
    lang: Lang,
    FormToken(csrf): FormToken,
    req: HttpRequest,
    query: web::Query<SignInQuery>,
) -> HttpResponse {
    let m = lang.messages();
    let query = query.into_inner();
    let page = sign_in_page(
        lang,
        &req,
        csrf,
        "",
        &local_or_account(&query.tiep),
        banner(m, &query.tb),
        FormErrors::none(),
    );
    crate::html(StatusCode::OK, &page)
}

/// `POST /dang-nhap`: opens a session and goes on to the page asked for.
pub async fn sign_in(
    app: web::Data<App>,
    settings: web::Data<WebSettings>,
    lang: Lang,
    Client(client): Client,
    req: HttpRequest,
    posted: web::Form<SignInForm>,
) -> Result<HttpResponse, WebError> {
    let typed = posted.into_inner();
    csrf::verify(&req, &typed.csrf)?;
    let m = lang.messages();
    let next = local_or_account(&typed.tiep);
    let mut errors = FormErrors::none();
    if typed.email.trim().is_empty() {
        errors.push("email", (m.violation)("email", "required"));
    }
    if typed.password.is_empty() {
        errors.push("password", (m.violation)("password", "required"));
    }
    let mut status = StatusCode::BAD_REQUEST;
    if !errors.any() {
        match app
            .citizen_web_sign_in(client, typed.email.clone(), typed.password.clone())
            .await
        {
            Ok(session) => {
                // A form token from before the sign-in is worth nothing after.
                csrf::renew(&req)?;
                let mut response = see_other(&next);
                let _ = response.add_cookie(&session::cookie(session.token, &settings));
                return Ok(response);
            }
            Err(e) => status = errors.refusal(m, e, ("email", m.sign_in_refused))?,
        }
    }
    let page = sign_in_page(
        lang,
        &req,
        typed.csrf.clone(),
        &typed.email,
        &next,
        None,
        errors,
    );
    Ok(crate::html(status, &page))
}

/// What a button-only form posts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ButtonForm {
    #[serde(default)]
    pub(crate) csrf: String,
}

/// `POST /dang-xuat`: ends the session on the server and forgets the cookie.
pub async fn sign_out(
    app: web::Data<App>,
    settings: web::Data<WebSettings>,
    req: HttpRequest,
    posted: web::Form<ButtonForm>,
) -> Result<HttpResponse, WebError> {
    csrf::verify(&req, &posted.csrf)?;
    if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        app.end_web_session(cookie.value().to_owned()).await?;
    }
    let mut response = see_other("/dang-nhap?tb=da-dang-xuat");
    let _ = response.add_cookie(&session::removal(&settings));
    Ok(response)
}

// ----------------------------------------------------- forgotten password

/// What the forgotten-password form posts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ForgottenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
}

#[derive(Template)]
#[template(path = "forgotten.html")]
struct ForgottenPage {
    frame: Frame,
    csrf: String,
    errors: FormErrors,
    email: Input,
}

fn forgotten_page(
    lang: Lang,
    req: &HttpRequest,
    csrf: String,
    email: &str,
    errors: FormErrors,
) -> ForgottenPage {
    let m = lang.messages();
    ForgottenPage {
        frame: Frame::new(
            lang,
            form::title(m, &errors, m.forgotten_title),
            Nav::Account,
            req,
        ),
        csrf,
        email: Input::text("email", m.email_label, email)
            .kind("email")
            .autocomplete("email")
            .checked(&errors),
        errors,
    }
}

/// `GET /quen-mat-khau`.
pub async fn forgotten_form(
    lang: Lang,
    FormToken(csrf): FormToken,
    req: HttpRequest,
) -> HttpResponse {
    crate::html(
        StatusCode::OK,
        &forgotten_page(lang, &req, csrf, "", FormErrors::none()),
    )
}

/// `POST /quen-mat-khau`: e-mails a reset link if the address has an
/// account, and says the same either way.
pub async fn forgotten(
    app: web::Data<App>,
    lang: Lang,
    Client(client): Client,
    req: HttpRequest,
    posted: web::Form<ForgottenForm>,
) -> Result<HttpResponse, WebError> {
    let typed = posted.into_inner();
    csrf::verify(&req, &typed.csrf)?;
    let m = lang.messages();
    let mut v = Violations::new();
    let email = form::required(&mut v, "email", &typed.email, EmailAddress::parse);
    let mut errors = FormErrors::from_violations(m, v.into_vec());
    let mut status = StatusCode::BAD_REQUEST;
    if let Some(email) = email {
        match app
            .request_password_reset(client, email.as_str().to_owned(), notice_language(lang))
            .await
        {
            Ok(()) => return Ok(see_other("/quen-mat-khau/da-gui")),
            Err(e) => status = errors.refusal(m, e, ("", ""))?,
        }
    }
    let page = forgotten_page(lang, &req, typed.csrf.clone(), &typed.email, errors);
    Ok(crate::html(status, &page))
}

/// `GET /quen-mat-khau/da-gui`.
pub async fn reset_sent(lang: Lang, req: HttpRequest) -> HttpResponse {
    let m = lang.messages();
    notice(
        lang,
        &req,
        StatusCode::OK,
        m.reset_sent_title,
        vec![m.reset_sent_text.to_owned(), m.check_email_spam.to_owned()],
        None,
    )
}

// ------------------------------------------------------------ new password

/// What the new-password forms post (the reset link's token rides along in
/// a hidden field, the current password on the account's own form).
#[derive(Debug, Default, serde::Deserialize)]
pub struct NewPasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

#[derive(Template)]
#[template(path = "new_password.html")]
struct NewPasswordPage {
    frame: Frame,
    heading: &'static str,
    action: &'static str,
    csrf: String,
    errors: FormErrors,
    token: String,
    current: Option<Input>,
    password: Input,
    password_again: Input,
}

fn new_password_page(
    lang: Lang,
    req: &HttpRequest,
    csrf: String,
    reset_token: Option<String>,
    errors: FormErrors,
) -> NewPasswordPage {
    let m = lang.messages();
    let (heading, action) = if reset_token.is_some() {
        (m.reset_title, "/dat-lai-mat-khau")
    } else {
        (m.change_password_title, "/tai-khoan/mat-khau")
    };
    NewPasswordPage {
        frame: Frame::new(lang, form::title(m, &errors, heading), Nav::Account, req),
        heading,
        action,
        csrf,
        current: reset_token.is_none().then(|| {
            Input::text("current_password", m.current_password_label, "")
                .kind("password")
                .autocomplete("current-password")
                .checked(&errors)
        }),
        token: reset_token.unwrap_or_default(),
        password: Input::new_password(m.new_password_label, m).checked(&errors),
        password_again: Input::password_again(m).checked(&errors),
        errors,
    }
}

fn parse_new_password(f: &NewPasswordForm) -> Result<NewPassword, Vec<Violation>> {
    let mut v = Violations::new();
    let password = form::required(&mut v, "password", &f.password, NewPassword::parse);
    same_password(&mut v, &f.password, &f.password_again);
    v.finish(|| password)
}

/// `GET /dat-lai-mat-khau?token=…`: the link of the reset e-mail.
pub async fn reset_form(
    lang: Lang,
    FormToken(csrf): FormToken,
    req: HttpRequest,
    query: web::Query<LinkQuery>,
) -> HttpResponse {
    let token = query.into_inner().token;
    if token.is_empty() {
        return refused_reset_link(lang, &req);
    }
    let page = new_password_page(lang, &req, csrf, Some(token), FormErrors::none());
    let mut response = crate::html(StatusCode::OK, &page);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

fn refused_reset_link(lang: Lang, req: &HttpRequest) -> HttpResponse {
    let m = lang.messages();
    notice(
        lang,
        req,
        StatusCode::BAD_REQUEST,
        m.link_refused_title,
        vec![m.reset_refused_text.to_owned()],
        Some(("/quen-mat-khau", m.new_link_button)),
    )
}

/// `POST /dat-lai-mat-khau`: sets the new password; every session ends.
pub async fn reset(
    app: web::Data<App>,
    lang: Lang,
    req: HttpRequest,
    posted: web::Form<NewPasswordForm>,
) -> Result<HttpResponse, WebError> {
    let typed = posted.into_inner();
    csrf::verify(&req, &typed.csrf)?;
    let m = lang.messages();
    let errors = match parse_new_password(&typed) {
        Ok(password) => match app.reset_password(typed.token.clone(), password).await {
            Ok(()) => return Ok(see_other("/dang-nhap?tb=mat-khau-moi")),
            Err(AppError::Unauthenticated(_)) => return Ok(refused_reset_link(lang, &req)),
            Err(e) => return Err(e.into()),
        },
        Err(violations) => FormErrors::from_violations(m, violations),
    };
    let page = new_password_page(
        lang,
        &req,
        typed.csrf.clone(),
        Some(typed.token.clone()),
        errors,
    );
    Ok(crate::html(StatusCode::BAD_REQUEST, &page))
}

/// `GET /tai-khoan/mat-khau`.
pub async fn change_password_form(
    _citizen: SignedIn,
    lang: Lang,
    FormToken(csrf): FormToken,
    req: HttpRequest,
) -> HttpResponse {
    crate::html(
        StatusCode::OK,
        &new_password_page(lang, &req, csrf, None, FormErrors::none()),
    )
}

/// `POST /tai-khoan/mat-khau`: with the current password; every session
/// ends, this one too, and the citizen signs in again with the new one.
pub async fn change_password(
    app: web::Data<App>,
    settings: web::Data<WebSettings>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    Client(client): Client,
    req: HttpRequest,
    posted: web::Form<NewPasswordForm>,
) -> Result<HttpResponse, WebError> {
    let typed = posted.into_inner();
    csrf::verify(&req, &typed.csrf)?;
    let m = lang.messages();
    let mut v = Violations::new();
    if typed.current_password.is_empty() {
        v.push(Violation::new("current_password", "required", "required"));
    }
    let parsed = parse_new_password(&typed);
    if let Err(violations) = &parsed {
        for violation in violations {
            v.push(violation.clone());
        }
    }
    let mut status = StatusCode::BAD_REQUEST;
    let mut errors = FormErrors::from_violations(m, v.into_vec());
    if let (Ok(password), false) = (parsed, errors.any()) {
        match app
            .change_citizen_password(client, citizen, typed.current_password.clone(), password)
            .await
        {
            Ok(()) => {
                let mut response = see_other("/dang-nhap?tb=mat-khau-moi");
                let _ = response.add_cookie(&session::removal(&settings));
                return Ok(response);
            }
            Err(e) => {
                status = errors.refusal(m, e, ("current_password", m.current_password_wrong))?;
            }
        }
    }
    let page = new_password_page(lang, &req, typed.csrf.clone(), None, errors);
    Ok(crate::html(status, &page))
}

// ----------------------------------------------------------------- account

struct Detail {
    label: &'static str,
    value: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    frame: Frame,
    csrf: String,
    heading: String,
    details: Vec<Detail>,
}

fn details(m: &Messages, c: &CitizenView) -> Vec<Detail> {
    let mut details = vec![Detail {
        label: m.register_full_name,
        value: c.full_name.clone(),
    }];
    if let Some(o) = &c.organization {
        details.push(Detail {
            label: m.register_organization_name,
            value: o.name.clone(),
        });
        details.push(Detail {
            label: m.register_tax_code,
            value: o.tax_code.clone(),
        });
    }
    details.push(Detail {
        label: m.email_label,
        value: c.email.clone(),
    });
    details.push(Detail {
        label: m.account_phone,
        value: c.phone.clone().unwrap_or_else(|| m.not_given.to_owned()),
    });
    details.push(Detail {
        label: m.account_since,
        value: format_date(c.created_at),
    });
    details
}

/// `GET /tai-khoan`: who is signed in, and where to go from here.
pub async fn account(
    app: web::Data<App>,
    SignedIn(citizen): SignedIn,
    lang: Lang,
    FormToken(csrf): FormToken,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let m = lang.messages();
    let me = app.citizen_me(citizen).await?;
    let page = AccountPage {
        frame: Frame::new(lang, m.account_title, Nav::Account, &req),
        csrf,
        heading: (m.account_heading)(&me.full_name),
        details: details(m, &me),
    };
    Ok(crate::html(StatusCode::OK, &page))
}
