//! What the counter hands the applicant: the outcome of an intake with its
//! form one click away, and the forms themselves, as the printable page or
//! the PDF (the same documents the API prints).

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use motcua_app::{App, Printable};
use motcua_domain::{DossierStatus, format_date_time};

use super::{OnDuty, PREFIX, Section, StaffFrame, dossier_code};
use crate::WebError;
use crate::csrf::FormToken;
use crate::messages::Lang;
use crate::pages::segment;

/// A form to print: its page and its PDF.
struct Print {
    pdf: String,
    pdf_label: &'static str,
    html: String,
    html_label: &'static str,
}

#[derive(Template)]
#[template(path = "staff/outcome.html")]
struct OutcomePage {
    frame: StaffFrame,
    title: &'static str,
    lead: Option<&'static str>,
    refused: bool,
    code: Option<String>,
    due: Option<String>,
    applicant: String,
    procedure: String,
    print: Print,
    dossier_href: Option<String>,
}

/// `GET /can-bo/ho-so/{code}/ket-qua-tiep-nhan`: received or refused, and
/// its form.
pub async fn outcome(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let s = lang.staff();
    let d = app
        .get_dossier(staff.principal.clone(), dossier_code(&path)?)
        .await?;
    let refused = d.status.code == DossierStatus::Refused.code();
    let base = format!("{PREFIX}/ho-so/{}/in", segment(&d.code));
    let print = if refused {
        Print {
            pdf: format!("{base}/tu-choi.pdf"),
            pdf_label: s.print_refusal,
            html: format!("{base}/tu-choi"),
            html_label: s.view_refusal,
        }
    } else {
        Print {
            pdf: format!("{base}/giay-tiep-nhan.pdf"),
            pdf_label: s.print_receipt,
            html: format!("{base}/giay-tiep-nhan"),
            html_label: s.view_receipt,
        }
    };
    let title = if refused {
        s.refused_title
    } else {
        s.received_title
    };
    let page = OutcomePage {
        frame: StaffFrame::new(lang, title, Section::Counter, Some(&staff), &csrf, &req),
        title,
        lead: None,
        refused,
        due: (!refused).then(|| format_date_time(d.due_at)),
        dossier_href: Some(format!("{PREFIX}/ho-so/{}", segment(&d.code))),
        code: Some(d.code),
        applicant: d.applicant.full_name,
        procedure: d.procedure.name,
        print,
    };
    Ok(crate::html(StatusCode::OK, &page))
}

/// `GET /can-bo/phieu-bo-sung/{id}`: an incomplete dossier's guidance.
pub async fn guidance(
    app: web::Data<App>,
    lang: Lang,
    OnDuty(staff): OnDuty,
    FormToken(csrf): FormToken,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let s = lang.staff();
    let id = path.into_inner();
    let notice = app
        .counter_supplement_notice(staff.principal.clone(), id.clone())
        .await?;
    let base = format!("{PREFIX}/phieu-bo-sung/{}", segment(&id));
    let page = OutcomePage {
        frame: StaffFrame::new(
            lang,
            s.supplement_title,
            Section::Counter,
            Some(&staff),
            &csrf,
            &req,
        ),
        title: s.supplement_title,
        lead: Some(s.supplement_lead),
        refused: false,
        code: None,
        due: None,
        applicant: notice.applicant_name,
        procedure: notice.procedure.name,
        print: Print {
            pdf: format!("{base}/ban-in.pdf"),
            pdf_label: s.print_supplement,
            html: format!("{base}/ban-in"),
            html_label: s.view_supplement,
        },
        dossier_href: None,
    };
    Ok(crate::html(StatusCode::OK, &page))
}

/// A form as its printable page, or its PDF when the address ends in `.pdf`.
pub(super) async fn printed(form: &impl Printable, pdf: bool) -> Result<HttpResponse, WebError> {
    let document = form.document();
    let mut response = if pdf {
        let bytes = motcua_app::print_pdf(document).await?;
        HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}.pdf\"", form.file_stem()),
            ))
            .body(bytes)
    } else {
        HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(motcua_forms::html(&document))
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(motcua_forms::HTML_CSP),
    );
    Ok(response)
}

/// `GET /can-bo/ho-so/{code}/in/{form}[.pdf]`: the receipt, the refusal,
/// the last supplement request, the stop notice or the control sheet of a
/// dossier.
pub async fn dossier_form(
    app: web::Data<App>,
    OnDuty(staff): OnDuty,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (code, file) = path.into_inner();
    let code = dossier_code(&code)?;
    let (name, pdf) = match file.strip_suffix(".pdf") {
        Some(name) => (name.to_owned(), true),
        None => (file, false),
    };
    let who = staff.principal;
    match name.as_str() {
        "giay-tiep-nhan" => printed(&app.receipt(who, code).await?, pdf).await,
        "tu-choi" => printed(&app.refusal(who, code).await?, pdf).await,
        "yeu-cau-bo-sung" => printed(&app.supplement_request(who, code).await?, pdf).await,
        "dung-xu-ly" => printed(&app.stop_notice(who, code).await?, pdf).await,
        "phieu-kiem-soat" => printed(&app.control_sheet(who, code).await?, pdf).await,
        _ => Err(WebError::NotFound),
    }
}

/// `GET /can-bo/phieu-bo-sung/{id}/ban-in[.pdf]`: the counter's guidance.
pub async fn guidance_form(
    app: web::Data<App>,
    OnDuty(staff): OnDuty,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (id, file) = path.into_inner();
    let pdf = match file.as_str() {
        "ban-in" => false,
        "ban-in.pdf" => true,
        _ => return Err(WebError::NotFound),
    };
    let notice = app.counter_supplement_notice(staff.principal, id).await?;
    printed(&notice, pdf).await
}
