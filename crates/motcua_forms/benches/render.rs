//! How fast a receipt-sized form becomes a PDF and an HTML page, and how
//! long the biggest register one request may print (5,000 lines) takes.

use criterion::{Criterion, criterion_group, criterion_main};
use motcua_forms::{
    Align, Block, Column, Document, Line, Paper, Signature, Table, TableColumn, bold, italic,
    regular,
};
use std::hint::black_box;

fn receipt() -> Document {
    let documents = (1..=6)
        .map(|i| {
            vec![
                vec![regular(i.to_string())],
                vec![regular(format!("Giấy tờ số {i} theo quy định của thủ tục"))],
                vec![regular("Bản chính")],
                vec![regular("01")],
            ]
        })
        .collect();
    Document {
        paper: Paper::A5,
        title: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".into(),
        font_size: 10.5,
        blocks: vec![
            Block::Header(vec![
                Column {
                    percent: 40,
                    qr: Some("https://motcua.example/tra-cuu/000.00.01.H29-261201-0001\nMã hồ sơ: 000.00.01.H29-261201-0001".into()),
                    lines: vec![bold("UBND PHƯỜNG BA ĐÌNH"), regular("BỘ PHẬN MỘT CỬA"), regular("Số: 0001/2026/TNHS")],
                },
                Column::lines(60, vec![bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), bold("Độc lập - Tự do - Hạnh phúc"), italic("Hà Nội, ngày 01 tháng 12 năm 2026")]),
            ]),
            Block::Title(vec![regular("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")]),
            Block::Centred(Line::new().r("Mã hồ sơ: ").b("000.00.01.H29-261201-0001")),
            Block::Paragraph(Line::new().r("Bộ phận Một cửa tiếp nhận hồ sơ của: ").b("Nguyễn Văn An")),
            Block::Table(Table {
                columns: vec![
                    TableColumn { heading: "STT".into(), percent: 8, align: Align::Centre },
                    TableColumn { heading: "Tên giấy tờ".into(), percent: 56, align: Align::Left },
                    TableColumn { heading: "Hình thức".into(), percent: 22, align: Align::Centre },
                    TableColumn { heading: "Số lượng".into(), percent: 14, align: Align::Centre },
                ],
                rows: documents,
                empty: String::new(),
            }),
            Block::Paragraph(regular("5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 04/12/2026")),
            Block::Signatures(vec![
                Some(Signature { role: "NGƯỜI NỘP HỒ SƠ".into(), hint: "(Ký và ghi rõ họ tên)".into(), name: None }),
                Some(Signature { role: "NGƯỜI TIẾP NHẬN HỒ SƠ".into(), hint: "(Ký và ghi rõ họ tên)".into(), name: Some("Trần Thị Bình".into()) }),
            ]),
        ],
    }
}

/// A register of `lines` dossiers on A4 landscape, fourteen columns.
fn register(lines: usize) -> Document {
    let percents = [4, 9, 12, 4, 9, 11, 8, 6, 6, 6, 6, 6, 4, 9];
    let columns = percents
        .iter()
        .enumerate()
        .map(|(i, &percent)| TableColumn {
            heading: format!("Cột số {i} của sổ"),
            percent,
            align: Align::Left,
        })
        .collect();
    let rows = (1..=lines)
        .map(|n| {
            vec![
                vec![regular(format!("{n}/2026"))],
                vec![
                    regular("000.25.01.H26-"),
                    regular(format!("260302-{:04}", n % 10_000)),
                ],
                vec![regular("Đăng ký thành lập hộ kinh doanh")],
                vec![regular("1")],
                vec![regular("Nguyễn Văn An")],
                vec![
                    regular("12 Phan Đình Phùng, phường Ba Đình, Hà Nội"),
                    regular("ĐT: 0912345678"),
                ],
                vec![regular("UBND phường Ba Đình")],
                vec![regular("02/03/2026"), regular("08:00")],
                vec![regular("05/03/2026"), regular("08:00")],
                vec![regular("02/03/2026"), regular("09:30")],
                vec![regular("03/03/2026"), regular("10:00")],
                vec![regular("03/03/2026"), regular("10:00")],
                vec![],
                vec![regular("Trả qua bưu chính, mã vận đơn EV123456789VN")],
            ]
        })
        .collect();
    Document {
        paper: Paper::A4Landscape,
        title: "Sổ theo dõi hồ sơ".into(),
        font_size: 7.5,
        blocks: vec![
            Block::Title(vec![regular("SỔ THEO DÕI HỒ SƠ")]),
            Block::Table(Table {
                columns,
                rows,
                empty: String::new(),
            }),
        ],
    }
}

fn render(c: &mut Criterion) {
    let doc = receipt();
    c.bench_function("receipt_pdf", |b| {
        b.iter(|| motcua_forms::pdf(black_box(&doc)))
    });
    c.bench_function("receipt_html", |b| {
        b.iter(|| motcua_forms::html(black_box(&doc)))
    });
    let book = register(5_000);
    let mut group = c.benchmark_group("register");
    group.sample_size(10);
    group.bench_function("register_5000_pdf", |b| {
        b.iter(|| motcua_forms::pdf(black_box(&book)))
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
