//! How fast a receipt-sized form becomes a PDF and an HTML page.

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

fn render(c: &mut Criterion) {
    let doc = receipt();
    c.bench_function("receipt_pdf", |b| {
        b.iter(|| motcua_forms::pdf(black_box(&doc)))
    });
    c.bench_function("receipt_html", |b| {
        b.iter(|| motcua_forms::html(black_box(&doc)))
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
