//! `knn report`'s printed text: per district, the plots with and without an activity in the
//! month, the activities that fall short of the form, whether the district met the rule, and
//! the days left to the due date. No personal data: it may be pasted into a chat group.

use super::{DistrictMonth, MonthReport, Status, days_between};
use crate::thai::Date;
use std::fmt::Write as _;

/// The whole report as text, counted from `today`.
pub(crate) fn render(report: &MonthReport, today: Date) -> String {
    let mut out = String::new();
    let m = report.month;
    let _ = writeln!(
        out,
        "รายงานประจำเดือน{} (monthly report {}), ณ วันที่ {}",
        m.thai(false),
        m.key(),
        today.thai_short(false)
    );
    let _ = writeln!(out, "{}", due_line(report.due, today));
    for d in &report.districts {
        out.push('\n');
        district(&mut out, d, report.min_photos);
    }
    out.push('\n');
    out.push_str(&summary(report));
    out
}

/// `กำหนดส่ง ... เหลืออีก N วัน`, or how late it is.
fn due_line(due: Date, today: Date) -> String {
    let days = days_between(today, due);
    let when = match days {
        0 => "ครบกำหนดวันนี้ (due today)".to_string(),
        d if d > 0 => format!("เหลืออีก {d} วัน ({d} days left)"),
        d => format!("เลยกำหนดมาแล้ว {} วัน ({} days overdue)", -d, -d),
    };
    format!("กำหนดส่งรายงานจังหวัด (due date): {}, {when}", due.thai_short(false))
}

/// One district: its status line, then each plot and its activities.
fn district(out: &mut String, d: &DistrictMonth, min_photos: usize) {
    let status = d.status();
    let _ = write!(
        out,
        "อำเภอ{} ({}): {}",
        d.district.name_th,
        d.district.slug,
        status.label()
    );
    if status != Status::NoPlots {
        let _ = write!(out, ", มีกิจกรรม {} จาก {} แปลง", d.active(), d.plots.len());
    }
    out.push('\n');
    for p in &d.plots {
        let mark = if p.activities.is_empty() { "✗" } else { "✓" };
        let _ = write!(out, "  {mark} {} ({})", p.plot.name, p.plot.slug);
        if p.activities.is_empty() {
            out.push_str(": ยังไม่มีกิจกรรมในเดือนนี้ (no activity)");
        }
        out.push('\n');
        for a in &p.activities {
            let _ = writeln!(
                out,
                "      {} {} (ภาพ {} ภาพ, ลิงก์ประชาสัมพันธ์ {} ลิงก์)",
                a.activity.date.thai_short(false),
                a.activity.title,
                a.photos,
                a.activity.publicity.len()
            );
            if a.few_photos(min_photos) {
                let _ = writeln!(
                    out,
                    "        ! ภาพน้อยกว่า {min_photos} ภาพตามแบบรายงาน (fewer than {min_photos} photos)"
                );
            }
            if a.no_publicity() {
                out.push_str("        ! ไม่มีลิงก์ประชาสัมพันธ์ ข้อ 6 (no publicity link)\n");
            }
        }
    }
}

/// The province-wide line counts.
fn summary(report: &MonthReport) -> String {
    let with_plots: Vec<&DistrictMonth> = report
        .districts
        .iter()
        .filter(|d| d.status() != Status::NoPlots)
        .collect();
    let met = with_plots.iter().filter(|d| d.status() == Status::Met).count();
    let plots: usize = with_plots.iter().map(|d| d.plots.len()).sum();
    let active: usize = with_plots.iter().map(|d| d.active()).sum();
    let activities: Vec<_> = with_plots.iter().flat_map(|d| d.activities()).collect();
    let few = activities.iter().filter(|a| a.few_photos(report.min_photos)).count();
    let unlinked = activities.iter().filter(|a| a.no_publicity()).count();
    format!(
        "สรุป (summary): อำเภอที่ครบทุกแปลง {met} จาก {} อำเภอ (districts met), แปลงที่มีกิจกรรม {active} จาก {plots} แปลง, กิจกรรม {} รายการ, ภาพไม่ครบ {few}, ไม่มีลิงก์ประชาสัมพันธ์ {unlinked}\n",
        with_plots.len(),
        activities.len()
    )
}
