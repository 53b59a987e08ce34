//! Tiếng Việt: the staff workspace.

use motcua_app::Reason;
use motcua_domain::{
    Action, ApologyCause, ApologyState, NoticeChannel, NoticeKind, NoticeState, Role,
};

use super::staff::StaffMessages;
use motcua_domain::group_thousands;

fn roles(role: Role) -> &'static str {
    match role {
        Role::Clerk => "Công chức Bộ phận Một cửa",
        Role::Specialist => "Chuyên viên xử lý",
        Role::UnitHead => "Lãnh đạo phòng",
        Role::Leader => "Lãnh đạo cơ quan",
        Role::Admin => "Quản trị cơ quan",
        Role::SystemAdmin => "Quản trị hệ thống",
        Role::Citizen => "Công dân",
    }
}

fn action_names(action: Action) -> &'static str {
    match action {
        Action::Accept => "Tiếp nhận hồ sơ",
        Action::Assign => "Phân công xử lý",
        Action::HandOver => "Chuyển bước tiếp theo",
        Action::SendBack => "Trả lại bước trước",
        Action::Transfer => "Chuyển liên thông",
        Action::RequestSupplement => "Yêu cầu bổ sung",
        Action::RecordSupplement => "Ghi nhận đã bổ sung",
        Action::RequestPayment => "Yêu cầu nộp phí",
        Action::ConfirmPayment => "Xác nhận đã nộp phí",
        Action::Refuse => "Từ chối giải quyết",
        Action::Finish => "Hoàn thành, có kết quả",
        Action::ReturnResult => "Trả kết quả",
        Action::RequestWithdrawal => "Ghi nhận yêu cầu rút hồ sơ",
        Action::ConfirmWithdrawal => "Đồng ý rút hồ sơ",
        Action::DeclineWithdrawal => "Không đồng ý rút hồ sơ",
        Action::Stop => "Dừng xử lý",
    }
}

fn action_hints(action: Action) -> &'static str {
    match action {
        Action::Accept => {
            "Hồ sơ nộp trực tuyến đủ và đúng: cấp giấy tiếp nhận và bắt đầu tính thời hạn."
        }
        Action::Assign => "Giao hồ sơ cho một phòng và một người xử lý.",
        Action::HandOver => "Xong bước này: chuyển cho người làm bước sau.",
        Action::SendBack => "Trả về bước trước, với lý do.",
        Action::Transfer => "Chuyển hồ sơ sang cơ quan khác giải quyết tiếp.",
        Action::RequestSupplement => {
            "Liệt kê một lần tất cả những gì người nộp cần bổ sung; thời hạn tạm dừng."
        }
        Action::RecordSupplement => "Người nộp đã bổ sung: thời hạn tiếp tục.",
        Action::RequestPayment => {
            "Gửi yêu cầu nộp phí trực tuyến cho người nộp; thời hạn tạm dừng nếu thủ tục quy định."
        }
        Action::ConfirmPayment => "",
        Action::Refuse => "Hồ sơ không đủ điều kiện giải quyết: ghi rõ từng lý do cho người nộp.",
        Action::Finish => "Đã có kết quả giải quyết.",
        Action::ReturnResult => "Đã trao kết quả cho người nộp.",
        Action::RequestWithdrawal => "Người nộp xin rút hồ sơ tại Bộ phận Một cửa.",
        Action::ConfirmWithdrawal => "Đồng ý cho rút: hồ sơ dừng xử lý.",
        Action::DeclineWithdrawal => "Không đồng ý cho rút: hồ sơ tiếp tục được giải quyết.",
        Action::Stop => "Dừng giải quyết hồ sơ, với lý do.",
    }
}

fn violation(field: &str, code: &str) -> String {
    let what = match field {
        "username" => "tên đăng nhập",
        "password" => "mật khẩu",
        "note" => "ghi chú",
        "reason" => "lý do",
        "summary" => "tóm tắt kết quả",
        "document_number" => "số văn bản",
        "tracking_number" => "mã bưu gửi",
        "amount_vnd" => "số tiền",
        "agency_code" => "cơ quan nhận",
        "unit_id" => "đơn vị",
        "assignee_id" => "người xử lý",
        "procedure" => "mã thủ tục",
        f if f.starts_with("items") => "nội dung cần bổ sung",
        f if f.starts_with("reasons") => "lý do từ chối",
        _ => "thông tin này",
    };
    match (field, code) {
        ("method", _) => "Chọn hình thức trả kết quả".to_owned(),
        ("agency_code", _) => "Chọn cơ quan nhận hồ sơ".to_owned(),
        ("ngay", "required") => "Nhập ngày hẹn trả mới".to_owned(),
        ("q", "too_long") => "Rút ngắn nội dung tìm kiếm: tối đa 100 ký tự".to_owned(),
        ("q", _) => {
            "Nhập mã hồ sơ, một số giấy tờ hoặc điện thoại, hoặc ít nhất hai chữ của tên".to_owned()
        }
        ("ngay", _) => "Nhập ngày hẹn mới dạng năm-tháng-ngày, ví dụ 2026-12-01".to_owned(),
        ("gio", _) => "Nhập giờ hẹn dạng giờ:phút, ví dụ 09:00".to_owned(),
        ("new_due_at", "not_after_due") => "Chọn ngày hẹn mới sau ngày hẹn hiện tại".to_owned(),
        ("new_due_at", "not_working_time") => {
            "Chọn ngày làm việc và giờ trong giờ hành chính của cơ quan".to_owned()
        }
        ("new_due_at", _) => "Chọn ngày hẹn mới trong vòng lịch làm việc của cơ quan".to_owned(),
        (_, "invalid_count") => "Chọn hình thức và nhập số bản từ 1 đến 99".to_owned(),
        (_, "required") => format!("Nhập {what}"),
        (_, "out_of_range") if field.starts_with("items") || field.starts_with("reasons") => {
            format!("Nhập {what}: từ 1 đến 50 dòng")
        }
        (_, "out_of_range") => "Nhập số tiền từ 1 đồng trở lên".to_owned(),
        (_, "not_allowed") => "Chỉ nhập mã bưu gửi khi trả kết quả qua bưu chính".to_owned(),
        (_, "too_long") => format!("Rút ngắn {what}"),
        (_, "control_characters") => format!("Xoá ký tự không hợp lệ khỏi {what}"),
        (_, "invalid_id") => format!("Chọn {what} trong danh sách"),
        _ => format!("Kiểm tra lại {what}"),
    }
}

fn conflict_reasons(reason: Reason) -> Option<&'static str> {
    Some(match reason {
        Reason::LastStep => {
            "Hồ sơ đang ở bước cuối của quy trình: hãy hoàn thành hồ sơ thay vì chuyển bước."
        }
        Reason::FirstStep => {
            "Hồ sơ đang ở bước xử lý đầu tiên: không có bước trước để trả lại; nếu thiếu giấy tờ, hãy yêu cầu bổ sung."
        }
        Reason::NotDecidingStep => {
            "Quy trình của thủ tục quyết định ở bước sau: hãy chuyển hồ sơ tới bước đó trước."
        }
        Reason::SupplementLimit => "Cơ quan đã yêu cầu bổ sung hồ sơ này đủ số lần được phép.",
        Reason::NotSubmittedOnline => {
            "Hồ sơ không nộp trực tuyến: người nộp nộp phí và nhận kết quả tại Bộ phận Một cửa hoặc qua bưu chính."
        }
        Reason::ResultFileMissing => "Cần đính kèm tệp kết quả trước khi trả kết quả trực tuyến.",
        Reason::NoMoreMoves => "Ngày hẹn của hồ sơ này đã được dời đủ số lần cho phép.",
        Reason::ApologySignedAlready => {
            "Văn bản xin lỗi đã được ký: hãy gửi văn bản đó trước khi viết văn bản mới."
        }
        Reason::AppointmentPassed => {
            "Ngày hẹn mới trong văn bản đã qua: hãy viết lại với ngày hẹn sau và trình ký lại."
        }
        _ => return None,
    })
}

pub static STAFF_VI: StaffMessages = StaffMessages {
    workspace_name: "Motcua – Cán bộ",
    nav_queue: "Hồ sơ",
    signed_in_as: "Đang đăng nhập",
    sign_out_button: "Đăng xuất",
    roles,

    sign_in_title: "Đăng nhập cán bộ",
    sign_in_lead: "Dành cho cán bộ, công chức của cơ quan. Công dân đăng nhập ở trang Dịch vụ công.",
    username_label: "Tên đăng nhập",
    sign_in_refused: "Tên đăng nhập hoặc mật khẩu không đúng",
    banner_signed_out: "Bạn đã đăng xuất.",

    nav_counter: "Tiếp nhận",
    counter_title: "Tiếp nhận hồ sơ",
    counter_lead: "Chọn thủ tục người nộp yêu cầu, rồi kiểm tra giấy tờ theo danh mục.",
    counter_search_label: "Tên hoặc mã thủ tục",
    counter_search_hint: "Gõ vài chữ của tên (có dấu hoặc không) hoặc mã, rồi nhấn Enter.",
    counter_search_button: "Tìm thủ tục",
    counter_none: "Không có thủ tục nào của cơ quan khớp. Thử ít chữ hơn hoặc gõ mã thủ tục.",
    counter_results: "Thủ tục của cơ quan",
    intake_title: "Tiếp nhận hồ sơ",
    intake_documents: "Giấy tờ người nộp mang đến",
    intake_documents_hint: "Đánh dấu từng giấy tờ có trong hồ sơ, hình thức và số bản. Thiếu giấy tờ bắt buộc thì hệ thống lập phiếu hướng dẫn bổ sung.",
    intake_handed: "Có nộp",
    intake_copy: "Hình thức",
    intake_count: "Số bản",
    intake_mandatory: "bắt buộc",
    intake_applicant: "Người nộp hồ sơ",
    intake_organization: "Nếu người nộp là tổ chức",
    intake_organization_hint: "Để trống nếu người nộp là cá nhân.",
    intake_delivery: "Nơi nhận kết quả",
    intake_more: "Yêu cầu bổ sung thêm",
    intake_more_hint: "Ngoài giấy tờ còn thiếu, những gì người nộp cần làm thêm, mỗi dòng một mục. Để trống nếu không có.",
    intake_receive_button: "Tiếp nhận hồ sơ",
    intake_refuse: "Từ chối tiếp nhận",
    intake_refuse_hint: "Khi hồ sơ không thuộc thẩm quyền hoặc không đủ điều kiện: ghi từng lý do, mỗi dòng một lý do.",
    intake_refuse_button: "Từ chối tiếp nhận",
    received_title: "Đã tiếp nhận hồ sơ",
    refused_title: "Đã từ chối tiếp nhận hồ sơ",
    code_label: "Mã hồ sơ",
    print_receipt: "In giấy tiếp nhận (PDF)",
    view_receipt: "Xem giấy tiếp nhận",
    print_refusal: "In phiếu từ chối (PDF)",
    view_refusal: "Xem phiếu từ chối",
    supplement_title: "Hồ sơ chưa đủ: hướng dẫn bổ sung",
    supplement_lead: "Hồ sơ chưa được tiếp nhận và chưa cấp mã. Đưa người nộp phiếu hướng dẫn bổ sung, hoàn thiện hồ sơ.",
    print_supplement: "In phiếu hướng dẫn (PDF)",
    view_supplement: "Xem phiếu hướng dẫn",
    next_dossier: "Tiếp nhận hồ sơ khác",
    open_dossier: "Mở hồ sơ",

    nav_reports: "Báo cáo",
    dashboard_title: "Chỉ số phục vụ",
    dashboard_heading: |agency, from, to| format!("{agency}, hồ sơ tiếp nhận từ {from} đến {to}"),
    period_label: "Kỳ báo cáo",
    period_hint: "Một năm (2026), một quý (2026-Q4) hoặc một tháng (2026-11).",
    period_wrong: "Nhập kỳ báo cáo dạng năm (2026), quý (2026-Q4) hoặc tháng (2026-11)",
    period_button: "Xem",
    period_this_month: "Tháng này",
    period_this_quarter: "Quý này",
    period_this_year: "Năm nay",
    period_last_year: "Năm trước",
    figure_received: "Hồ sơ tiếp nhận",
    figure_online: |n| format!("{} trực tuyến", group_thousands(n as i64)),
    figure_on_time: "Đúng hạn (2.1)",
    figure_late: "Trễ hạn",
    figure_without_apology: |n| format!("{} chưa có thư xin lỗi", group_thousands(n as i64)),
    figure_days: "Ngày làm việc trung bình (2.2)",
    figure_satisfaction: "Hài lòng (5.4)",
    figure_online_share: "Nộp trực tuyến (3.3)",
    of_count: |numerator, denominator| {
        format!(
            "{} trên {}",
            group_thousands(numerator.round() as i64),
            group_thousands(denominator as i64)
        )
    },
    no_unit: "Trễ do quy định, không do bước nào",
    chart_on_time: "Tỷ lệ đúng hạn theo tháng (%)",
    chart_late_units: "Hồ sơ trễ hạn theo đơn vị",
    chart_apologies: "Thư xin lỗi: phải gửi và đã gửi, theo đơn vị",
    chart_criteria: "Điểm trung bình từng tiêu chí đánh giá (% của điểm tối đa)",
    chart_figures: "Số liệu của biểu đồ",
    legend_owed: "Phải gửi",
    legend_issued: "Đã gửi",
    no_late_units: "Không có hồ sơ trễ hạn trong kỳ.",
    column_month: "Tháng",
    column_rate: "Tỷ lệ",
    column_fraction: "Số hồ sơ",
    column_unit: "Đơn vị",
    column_late: "Hồ sơ trễ",
    column_criterion: "Tiêu chí",
    column_points: "Điểm (trên 2)",
    all_indicators: "Tất cả chỉ số",
    column_indicator_code: "Mã",
    column_indicator: "Chỉ số",
    column_value: "Giá trị",
    download_csv: "Tải bảng chỉ số (CSV)",
    download_xlsx: "Tải báo cáo (Excel)",

    queue_title: "Hồ sơ",
    scope_label: "Phạm vi",
    scope_mine: "Của tôi",
    scope_unit: "Của phòng",
    scope_agency: "Cả cơ quan",
    counts_label: "Số hồ sơ của cơ quan",
    count_open: "Đang giải quyết",
    count_due_soon: "Sắp đến hạn",
    count_overdue: "Quá hạn",
    count_paused: "Tạm dừng",
    count_late_without_apology: "Trễ hạn chưa xin lỗi",
    filters_label: "Lọc hồ sơ",
    filter_status: "Trạng thái",
    filter_due: "Thời hạn",
    filter_procedure: "Mã thủ tục",
    filter_procedure_hint: "Ví dụ 1.001612",
    filter_received_from: "Tiếp nhận từ ngày",
    filter_received_to: "Đến hết ngày",
    filter_any: "Tất cả",
    filter_button: "Lọc",
    filter_clear: "Bỏ lọc",
    filter_date_wrong: "Nhập ngày theo dạng năm-tháng-ngày, ví dụ 2026-12-01",
    column_code: "Mã hồ sơ",
    column_procedure: "Thủ tục",
    column_applicant: "Người nộp",
    column_status: "Trạng thái",
    column_due: "Hạn xử lý",
    column_holder: "Đang xử lý",
    due_overdue: "Quá hạn",
    due_today: "Đến hạn hôm nay",
    due_soon: "Sắp đến hạn",
    due_paused: "Tạm dừng",
    due_on_track: "Trong hạn",
    queue_none: "Không có hồ sơ nào khớp với điều kiện lọc.",
    queue_shown: |n| format!("{} hồ sơ, hạn gần nhất trước", group_thousands(n as i64)),
    queue_next: "Trang sau",
    queue_first: "Về trang đầu",
    queue_caption: "Danh sách hồ sơ, xếp theo hạn xử lý",

    dossier_title: |code| format!("Hồ sơ {code}"),
    back_to_queue: "Về danh sách hồ sơ",
    summary_heading: "Thông tin hồ sơ",
    applicant_heading: "Người nộp hồ sơ",
    documents_heading: "Giấy tờ đã nộp",
    files_heading: "Tệp người nộp tải lên",
    prints_heading: "In giấy tờ",
    print_page: "bản in",
    print_receipt_name: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)",
    print_refusal_name: "Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu 03)",
    print_supplement_name: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)",
    print_stop_name: "Thông báo dừng xử lý hồ sơ",
    print_control_name: "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06)",
    timeline_heading: "Quá trình xử lý",
    actions_heading: "Thao tác",
    procedure_label: "Thủ tục",
    channel_label: "Hình thức nộp",
    received_label: "Tiếp nhận lúc",
    due_label: "Hẹn trả kết quả",
    first_due_label: "Hẹn trả lần đầu",
    processing_time_label: "Thời hạn giải quyết",
    holder_label: "Đơn vị đang giữ",
    assignee_label: "Người xử lý",
    nobody: "Chưa phân công",
    step_label: "Bước hiện tại",
    step_due_label: "Hạn của bước",
    delivery_label: "Nhận kết quả",
    paused_since_label: "Tạm dừng tính thời hạn từ",
    outcome_label: "Kết quả so với hẹn",
    outcomes: ["Trước hạn", "Đúng hạn", "Trễ hạn"],
    result_label: "Kết quả",
    refusal_label: "Lý do từ chối",
    full_name_label: "Họ và tên",
    id_number_label: "Số định danh cá nhân",
    birth_date_label: "Ngày sinh",
    phone_label: "Điện thoại",
    email_label: "Email",
    address_label: "Địa chỉ",
    organization_label: "Tổ chức",
    tax_code_label: "Mã số thuế",
    document_line: |kind, count| format!("{kind}, {count} bản"),
    by_person: |name| format!("bởi {name}"),
    to_person: |name| format!("giao {name}"),
    by_applicant: "người nộp hoặc hệ thống",
    no_actions: "Bạn không có thao tác nào với hồ sơ ở trạng thái này.",
    banner_done: |action| format!("Đã xong: {action}."),

    action_names,
    action_hints,
    note_label: "Ghi chú",
    optional: "không bắt buộc",
    unit_label: "Phòng",
    unit_keep: "Giữ nguyên phòng",
    person_label: "Người xử lý",
    person_none: "Chưa chọn người",
    reason_label: "Lý do",
    items_label: "Nội dung cần bổ sung",
    items_hint: "Mỗi dòng một giấy tờ hoặc một việc cần làm; ghi đủ một lần.",
    reasons_label: "Lý do từ chối",
    reasons_hint: "Mỗi dòng một lý do, viết để người nộp hiểu.",
    agency_label: "Cơ quan nhận",
    choose: "Chọn",
    amount_label: "Số tiền (đồng)",
    amount_hint: "Để trống để thu theo phí, lệ phí của thủ tục.",
    summary_label: "Tóm tắt kết quả",
    document_number_label: "Số văn bản kết quả",
    method_label: "Hình thức trả kết quả",
    methods: ["Tại Bộ phận Một cửa", "Qua bưu chính", "Trực tuyến"],
    tracking_label: "Mã bưu gửi",
    tracking_hint: "Chỉ khi gửi qua bưu chính.",
    violation,

    conflict_title: "Hồ sơ vừa được người khác thay đổi",
    conflict_text: "Thao tác của bạn chưa được ghi. Từ khi bạn mở trang, hồ sơ đã thay đổi như sau:",
    conflict_changes: "Những thay đổi mới",
    conflict_kept: "Nội dung bạn đã nhập vẫn còn trong biểu mẫu bên dưới. Xem lại, rồi gửi lại nếu vẫn cần.",
    not_now_title: "Không thực hiện được thao tác này",
    not_now_text: "Trạng thái hiện tại của hồ sơ không cho phép thao tác này. Không có gì được ghi.",
    not_yours_text: "Hồ sơ đang ở đơn vị hoặc người khác: bạn không thể làm thao tác này lúc này. Không có gì được ghi.",
    conflict_reasons,
    nav_apologies: "Xin lỗi",
    apologies_heading: "Văn bản xin lỗi, hẹn lại ngày trả kết quả",
    apology_states: |state| match state {
        ApologyState::Draft => "Bản nháp: cần ghi lý do và ngày hẹn mới",
        ApologyState::Completed => "Chờ lãnh đạo ký",
        ApologyState::Signed => "Đã ký, chờ Bộ phận Một cửa gửi",
        ApologyState::Sent => "Đã gửi người nộp",
    },
    apology_causes: |cause| match cause {
        ApologyCause::DueSoon => "Hệ thống lập khi hồ sơ sắp đến hạn",
        ApologyCause::LateWithoutApology => "Hệ thống lập khi hồ sơ đã quá hạn",
        ApologyCause::Staff => "Cán bộ lập",
    },
    apology_write: "Viết văn bản xin lỗi, hẹn lại",
    apology_write_hint: "Đơn vị đang giữ hồ sơ ghi lý do và ngày hẹn mới; lãnh đạo ký; Bộ phận Một cửa gửi cho người nộp và dời ngày hẹn.",
    apology_reason_label: "Lý do chưa trả được kết quả",
    apology_reason_hint: "Viết để người nộp hiểu vì sao chưa có kết quả.",
    apology_new_due_legend: "Ngày hẹn trả mới",
    apology_new_due_hint: "Trong giờ làm việc, sau ngày hẹn hiện tại. Mỗi hồ sơ chỉ được hẹn lại một lần.",
    apology_date_label: "Ngày",
    apology_time_label: "Giờ",
    apology_old_due_label: "Hẹn cũ",
    apology_new_due_label: "Hẹn mới",
    apology_written_by: "Người viết",
    apology_signed_by: "Người ký",
    apology_sent_at: "Gửi người nộp lúc",
    apology_sent_late: "Gửi muộn: chưa đủ một ngày làm việc trước hạn cũ.",
    apology_sign: "Ký văn bản xin lỗi",
    apology_send: "Gửi người nộp, dời ngày hẹn",
    apology_print: "Văn bản xin lỗi (Mẫu 04)",
    apology_done: |state| match state {
        ApologyState::Draft | ApologyState::Completed => "Đã lưu văn bản xin lỗi; chờ lãnh đạo ký.",
        ApologyState::Signed => "Đã ký văn bản xin lỗi; chờ Bộ phận Một cửa gửi.",
        ApologyState::Sent => "Đã gửi văn bản xin lỗi cho người nộp; ngày hẹn đã dời.",
    },
    desk_title: "Văn bản xin lỗi",
    desk_lead: "Hồ sơ trễ hạn phải có văn bản xin lỗi, hẹn lại ngày trả kết quả gửi người nộp trước hạn cũ.",
    desk_tabs: |state| match state {
        ApologyState::Draft => "Cần viết",
        ApologyState::Completed => "Chờ ký",
        ApologyState::Signed | ApologyState::Sent => "Chờ gửi",
    },
    desk_empty: |state| match state {
        ApologyState::Draft => "Không có văn bản xin lỗi nào cần viết.",
        ApologyState::Completed => "Không có văn bản xin lỗi nào chờ ký.",
        ApologyState::Signed | ApologyState::Sent => "Không có văn bản xin lỗi nào chờ gửi.",
    },
    desk_caption: |state| match state {
        ApologyState::Draft => "Văn bản xin lỗi cần viết, cũ nhất trước",
        ApologyState::Completed => "Văn bản xin lỗi chờ ký, cũ nhất trước",
        ApologyState::Signed | ApologyState::Sent => "Văn bản xin lỗi chờ gửi, cũ nhất trước",
    },
    desk_late_link: "Hồ sơ trễ hạn chưa xin lỗi",
    column_old_due: "Hẹn cũ",
    column_apology: "Lý do, hẹn mới",
    column_action: "Thao tác",
    nav_notices: "Thông báo",
    notices_title: "Thông báo đã gửi",
    notices_lead: "Thư điện tử và tin nhắn gửi người nộp và cán bộ của cơ quan, mới nhất trước. Thông báo gửi không được có thể gửi lại khi máy chủ thư hoặc cổng SMS hoạt động lại.",
    notices_own_lead: "Những thông báo gửi cho bạn, mới nhất trước.",
    notices_all: "Tất cả",
    notice_kinds: |kind| match kind {
        NoticeKind::Receipt => "Tiếp nhận hồ sơ",
        NoticeKind::SupplementRequest => "Yêu cầu bổ sung hồ sơ",
        NoticeKind::Refusal => "Từ chối hồ sơ",
        NoticeKind::Apology => "Xin lỗi, hẹn lại ngày trả",
        NoticeKind::ResultReady => "Đã có kết quả",
        NoticeKind::Stopped => "Dừng xử lý hồ sơ",
        NoticeKind::PaymentRequested => "Yêu cầu nộp phí",
        NoticeKind::DueSoonWarning => "Cảnh báo sắp đến hạn",
        NoticeKind::OverdueWarning => "Cảnh báo quá hạn",
        NoticeKind::LateWithoutApology => "Trễ hạn chưa xin lỗi",
        NoticeKind::MissedNewAppointment => "Trễ cả ngày hẹn mới",
        NoticeKind::AccountVerification => "Xác thực tài khoản",
        NoticeKind::PasswordReset => "Đặt lại mật khẩu",
        NoticeKind::AccountExists => "Tài khoản đã có",
        NoticeKind::PaymentReview => "Thanh toán cần đối soát",
    },
    notice_states: |state| match state {
        NoticeState::Pending => "Đang chờ gửi",
        NoticeState::Sent => "Đã gửi",
        NoticeState::Failed => "Gửi không được",
        NoticeState::Unaddressed => "Không có địa chỉ",
    },
    notice_channels: |channel| match channel {
        NoticeChannel::Email => "Thư điện tử",
        NoticeChannel::Sms => "Tin nhắn",
    },
    notices_none: "Không có thông báo nào.",
    notices_caption: "Thông báo, mới nhất trước",
    notices_heading: "Thông báo đã gửi",
    notices_more: "Tất cả thông báo của hồ sơ",
    column_when: "Thời điểm",
    column_notice: "Thông báo",
    column_to: "Gửi tới",
    to_applicant: "Người nộp",
    to_staff: "Cán bộ",
    notice_attempts: |n| format!("{n} lần thử"),
    notice_error: "Lỗi",
    notice_resend: "Gửi lại",
    notice_resent: "Đã đưa thông báo vào hàng gửi lại.",
    notice_not_failed: "Thông báo này không ở trạng thái gửi không được: không cần gửi lại.",
    search_title: "Tìm hồ sơ",
    search_label: "Tìm hồ sơ",
    search_hint: "Mã hồ sơ, số định danh, mã số thuế, số điện thoại, hoặc tên người nộp (có dấu hay không dấu đều được).",
    search_button: "Tìm",
    search_caption: "Hồ sơ tìm thấy, tiếp nhận gần nhất trước",
    search_found: |n| format!("Tìm thấy {n} hồ sơ, tiếp nhận gần nhất trước."),
    search_none: "Không tìm thấy hồ sơ nào của cơ quan. Kiểm tra lại mã hoặc số, hoặc gõ ít chữ của tên hơn.",
};
