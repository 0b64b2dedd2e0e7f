//! The internal Excel workbook of a month (rust_xlsxwriter): one sheet with one row per
//! activity holding every item of the official form, personal data included (it is for the
//! province office, never published), then a summary sheet for the province and one per
//! district. Dates are Thai with the B.E. year.

use super::{DistrictMonth, MonthReport, Status};
use crate::load::Texts;
use crate::model::{Activity, District, Plot, Site};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The columns of the activity sheet, in the order of the form.
pub(crate) const ACTIVITY_COLUMNS: [&str; 25] = [
    "อำเภอ (district)",
    "จังหวัด (province)",
    "ประจำเดือน (month)",
    "แปลง (plot)",
    "ข้อ 1 โครงการ (programme)",
    "ข้อ 1 รูปแบบ (HLM/CLM)",
    "ข้อ 2 ขนาดพื้นที่ ไร่ (rai)",
    "ข้อ 3 ชื่อเจ้าของแปลง (owner)",
    "ข้อ 3 บ้านเลขที่ (house no.)",
    "ข้อ 3 หมู่ที่ (moo)",
    "ข้อ 3 ตำบล (sub-district)",
    "ข้อ 3 อำเภอ (district)",
    "ข้อ 3 จังหวัด (province)",
    "ข้อ 3 เบอร์โทร (phone)",
    "ข้อ 4 ชื่อกิจกรรม (activity)",
    "ข้อ 4 รายละเอียดกิจกรรม (details)",
    "วันที่จัดกิจกรรม (date)",
    "ประเภทกิจกรรม (kind)",
    "ข้อ 5 จำนวนภาพ (photos)",
    "ข้อ 6 ช่องทางประชาสัมพันธ์ (publicity)",
    "หน้าเว็บไซต์ (web page)",
    "ผู้รายงาน (reporter)",
    "ตำแหน่ง (position)",
    "วันที่รายงาน (report date)",
    "หมายเหตุ (notes)",
];

/// The workbook as bytes.
pub(crate) fn workbook(site: &Site, texts: &Texts, report: &MonthReport) -> Result<Vec<u8>, String> {
    build(site, texts, report).map_err(|e| format!("เขียนไฟล์ Excel ไม่ได้ (xlsx): {e}"))
}

/// Builds every sheet.
fn build(site: &Site, texts: &Texts, report: &MonthReport) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_text_wrap().set_background_color("#E8F1E4");
    let wrap = Format::new().set_text_wrap();
    activities_sheet(book.add_worksheet(), (site, texts), report, &bold, &wrap)?;
    province_sheet(book.add_worksheet(), site, report, &bold)?;
    for d in report.districts.iter().filter(|d| d.status() != Status::NoPlots) {
        district_sheet(book.add_worksheet(), site, report, d, &bold)?;
    }
    book.save_to_buffer()
}

/// One row per activity, every form item.
fn activities_sheet(
    ws: &mut Worksheet,
    (site, texts): (&Site, &Texts),
    report: &MonthReport,
    bold: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    ws.set_name("กิจกรรม")?;
    header(ws, 0, &ACTIVITY_COLUMNS, bold)?;
    let mut row = 1;
    for d in &report.districts {
        for p in &d.plots {
            for a in &p.activities {
                let details = crate::markdown::excerpt(&texts.read(&a.activity.body), 30_000);
                let cells = activity_row(site, report, (d.district, p.plot, a.activity), details, a.photos);
                for (col, text) in cells.iter().enumerate() {
                    ws.write_string_with_format(row, col as u16, text, wrap)?;
                }
                ws.write_number(row, 18, a.photos as f64)?;
                row += 1;
            }
        }
    }
    for (col, width) in [
        (0, 14),
        (3, 24),
        (7, 20),
        (13, 14),
        (14, 30),
        (15, 50),
        (19, 40),
        (20, 40),
    ] {
        ws.set_column_width(col, width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if row > 1 {
        ws.autofilter(0, 0, row - 1, ACTIVITY_COLUMNS.len() as u16 - 1)?;
    }
    Ok(())
}

/// The text of each cell of an activity's row (the photo count is also written as a number).
/// `details` is the activity's body as one line of text.
fn activity_row(
    site: &Site,
    report: &MonthReport,
    (d, p, a): (&District, &Plot, &Activity),
    details: String,
    photos: usize,
) -> Vec<String> {
    let mut notes = Vec::new();
    if photos < report.min_photos {
        notes.push(format!("ภาพน้อยกว่า {} ภาพ", report.min_photos));
    }
    if a.publicity.is_empty() {
        notes.push("ไม่มีลิงก์ประชาสัมพันธ์".to_string());
    }
    vec![
        d.name_th.clone(),
        site.config.province_th.clone(),
        report.month.thai(false),
        p.name.clone(),
        p.programme.label().to_string(),
        p.model.key.to_string(),
        crate::thai::digits(&format!("{}", p.size_rai), false),
        p.private.owner.clone(),
        p.private.house_no.clone(),
        p.moo.map(|m| m.to_string()).unwrap_or_default(),
        p.subdistrict_th.clone(),
        d.name_th.clone(),
        site.config.province_th.clone(),
        p.private.phone.clone(),
        a.title.clone(),
        details,
        a.date.thai_short(false),
        a.kind.label().to_string(),
        photos.to_string(),
        a.publicity
            .iter()
            .map(|l| l.url.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        format!("{}{}/", site.config.base_url, super::activity_dir(d, p, a)),
        a.reporter.name.clone(),
        a.reporter.position.clone(),
        a.reporter.date.map(|d| d.thai_short(false)).unwrap_or_default(),
        notes.join(", "),
    ]
}

/// The province summary: one row per district.
fn province_sheet(ws: &mut Worksheet, site: &Site, report: &MonthReport, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name("สรุปจังหวัด")?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "จังหวัด{} ประจำเดือน{} กำหนดส่ง {}",
            site.config.province_th,
            report.month.thai(false),
            report.due.thai_short(false)
        ),
        bold,
    )?;
    let columns = [
        "อำเภอ (district)",
        "จำนวนแปลง (plots)",
        "แปลงที่มีกิจกรรม (active plots)",
        "กิจกรรม (activities)",
        "ภาพไม่ครบ (too few photos)",
        "ไม่มีลิงก์ (no publicity link)",
        "ผล (status)",
    ];
    header(ws, 2, &columns, bold)?;
    for (i, d) in report.districts.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string(row, 0, &d.district.name_th)?;
        let (few, unlinked) = shortfalls(d, report.min_photos);
        for (col, n) in [d.plots.len(), d.active(), d.activities().count(), few, unlinked]
            .into_iter()
            .enumerate()
        {
            ws.write_number(row, col as u16 + 1, n as f64)?;
        }
        ws.write_string(row, 6, d.status().label())?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(6, 32)?;
    Ok(())
}

/// Activities with too few photos and with no publicity link.
fn shortfalls(d: &DistrictMonth, min_photos: usize) -> (usize, usize) {
    (
        d.activities().filter(|a| a.few_photos(min_photos)).count(),
        d.activities().filter(|a| a.no_publicity()).count(),
    )
}

/// A district's summary: one row per plot.
fn district_sheet(
    ws: &mut Worksheet,
    site: &Site,
    report: &MonthReport,
    d: &DistrictMonth,
    bold: &Format,
) -> Result<(), XlsxError> {
    ws.set_name(sheet_name(&d.district.name_th))?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "อำเภอ{} จังหวัด{} ประจำเดือน{}: {}",
            d.district.name_th,
            site.config.province_th,
            report.month.thai(false),
            d.status().label()
        ),
        bold,
    )?;
    let columns = [
        "แปลง (plot)",
        "รูปแบบ (model)",
        "มีกิจกรรม (active)",
        "กิจกรรม (activities)",
        "วันที่ (dates)",
        "ภาพไม่ครบ (too few photos)",
        "ไม่มีลิงก์ (no publicity link)",
    ];
    header(ws, 2, &columns, bold)?;
    for (i, p) in d.plots.iter().enumerate() {
        let row = 3 + i as u32;
        let dates: Vec<String> = p.activities.iter().map(|a| a.activity.date.thai_short(false)).collect();
        ws.write_string(row, 0, &p.plot.name)?;
        ws.write_string(row, 1, p.plot.model.key)?;
        ws.write_string(
            row,
            2,
            if p.activities.is_empty() {
                "ไม่มี"
            } else {
                "มี"
            },
        )?;
        ws.write_number(row, 3, p.activities.len() as f64)?;
        ws.write_string(row, 4, dates.join(", "))?;
        let few = p.activities.iter().filter(|a| a.few_photos(report.min_photos)).count();
        let unlinked = p.activities.iter().filter(|a| a.no_publicity()).count();
        ws.write_number(row, 5, few as f64)?;
        ws.write_number(row, 6, unlinked as f64)?;
    }
    let total = 3 + d.plots.len() as u32 + 1;
    ws.write_string_with_format(
        total,
        0,
        format!("แปลงที่มีกิจกรรม {} จาก {} แปลง", d.active(), d.plots.len()),
        bold,
    )?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(4, 24)?;
    Ok(())
}

/// A header row.
fn header(ws: &mut Worksheet, row: u32, columns: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (col, name) in columns.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, *name, bold)?;
    }
    Ok(())
}

/// A worksheet name: `อ.<district>`, without the characters Excel forbids, at most 31 long.
fn sheet_name(district_th: &str) -> String {
    format!("อ.{district_th}")
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}
