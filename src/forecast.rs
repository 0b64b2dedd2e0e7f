//! How close the published site is to its host's size limit (GitHub Pages: 1 GB): the size by
//! kind, the photos added in each of the last months (from the activities' dates), and the
//! months left at that rate; with a bucket, what stays on the host. Printed after a build.

use crate::guard::Totals;
use crate::images::ImagePlan;
use crate::model::Site;
use crate::pipeline::mb;
use crate::thai::{Date, digits};
use std::collections::BTreeMap;

/// Months shown, and averaged for the rate.
const RECENT: usize = 3;
/// Under this many months left the forecast says what to do.
pub(crate) const WARN_MONTHS: f64 = 6.0;

/// The published bytes by kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sizes {
    pub(crate) pages: u64,
    /// Photo files on the host (none with a bucket).
    pub(crate) photos: u64,
    pub(crate) search: u64,
    pub(crate) other: u64,
    /// Photo files in the bucket.
    pub(crate) bucket: u64,
}

impl Sizes {
    /// What the host holds.
    pub(crate) fn on_host(&self) -> u64 {
        self.pages + self.photos + self.search + self.other
    }
}

/// One month's new activities and their photos.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Month {
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) activities: usize,
    pub(crate) photos: usize,
    pub(crate) bytes: u64,
}

/// The forecast of one build.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Forecast {
    pub(crate) sizes: Sizes,
    /// The last months, oldest first, ending with the newest activity's month.
    pub(crate) months: Vec<Month>,
    /// Months left before the limit at the recent rate (none when nothing grows).
    pub(crate) months_left: Option<f64>,
    pub(crate) bucket: bool,
}

/// The forecast of a site whose files the guards counted in `totals`.
pub(crate) fn forecast(site: &Site, plan: &ImagePlan, totals: &Totals, limit_mb: u64) -> Forecast {
    let photos: u64 = plan.files.iter().map(|f| f.bytes).sum();
    let sizes = Sizes {
        pages: totals.html_bytes,
        photos,
        search: totals.search_bytes,
        other: totals.bytes.saturating_sub(totals.html_bytes + totals.search_bytes),
        bucket: plan.objects.iter().map(|o| o.bytes).sum(),
    };
    let (months, activities) = recent_months(site, plan);
    let bucket = plan.remote.is_some();
    let text_per_activity = (sizes.pages + sizes.search) as f64 / activities.max(1) as f64;
    let growth: f64 = months
        .iter()
        .map(|m| m.activities as f64 * text_per_activity + if bucket { 0.0 } else { m.bytes as f64 })
        .sum::<f64>()
        / RECENT as f64;
    let room = (limit_mb as f64 * 1e6 - sizes.on_host() as f64).max(0.0);
    let months_left = (growth > 0.0).then(|| room / growth);
    Forecast {
        sizes,
        months,
        months_left,
        bucket,
    }
}

/// The last `RECENT` months up to the newest activity's, and the number of activities.
fn recent_months(site: &Site, plan: &ImagePlan) -> (Vec<Month>, usize) {
    let mut by_month: BTreeMap<(i32, u32), Month> = BTreeMap::new();
    let mut count = 0;
    for a in site.districts.iter().flat_map(|d| &d.plots).flat_map(|p| &p.activities) {
        count += 1;
        let m = by_month.entry((a.date.year, a.date.month)).or_default();
        m.activities += 1;
        for photo in &a.photos {
            if let Some(planned) = plan.photos.get(&photo.source) {
                m.photos += 1;
                m.bytes += planned.bytes;
            }
        }
    }
    let Some(&(year, month)) = by_month.keys().next_back() else {
        return (Vec::new(), count);
    };
    let months: Vec<Month> = (0..RECENT as i32)
        .rev()
        .map(|back| {
            let index = year * 12 + month as i32 - 1 - back;
            let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
            Month {
                year: y,
                month: m,
                ..by_month.get(&(y, m)).copied().unwrap_or_default()
            }
        })
        .collect();
    (months, count)
}

/// The lines a build prints.
pub(crate) fn lines(f: &Forecast, limit_mb: u64, thai: bool) -> Vec<String> {
    let s = &f.sizes;
    let mut out = vec![format!(
        "ขนาดเว็บไซต์ (published size): หน้าเว็บ (pages) {}, ภาพ (photos) {}, ค้นหา (search) {}, อื่น ๆ (other) {}",
        mb(s.pages),
        mb(s.photos),
        mb(s.search),
        mb(s.other)
    )];
    if f.bucket {
        out.push(format!(
            "ภาพอยู่ในที่เก็บภาพ (bucket) {}: บน GitHub Pages เหลือหน้าเว็บและดัชนีค้นหา {} ({:.0}% ของ {limit_mb} MB)",
            mb(s.bucket),
            mb(s.on_host()),
            s.on_host() as f64 * 100.0 / (limit_mb as f64 * 1e6)
        ));
    }
    if !f.months.is_empty() {
        let shown: Vec<String> = f
            .months
            .iter()
            .map(|m| {
                let first = Date {
                    year: m.year,
                    month: m.month,
                    day: 1,
                };
                let figures = digits(&format!("{} ภาพ {}", m.photos, mb(m.bytes)), thai);
                format!("{}: {figures}", first.thai_month_short(thai))
            })
            .collect();
        out.push(format!("ภาพที่เพิ่มต่อเดือน (photos added per month): {}", shown.join(", ")));
    }
    out.push(months_left_line(f.months_left, limit_mb));
    if f.months_left.is_some_and(|m| m < WARN_MONTHS) {
        out.push(
            "  = วิธีแก้ (hint): เหลือไม่ถึง 6 เดือน แจ้งผู้ดูแลเว็บไซต์ของจังหวัด และย้ายภาพไปไว้ในที่เก็บภาพ (bucket) ตามคู่มือ docs/guide.th.md ข้อ 7.3; อย่าลบกิจกรรมหรือภาพเก่า (รายงานประจำเดือนนับจากไฟล์เหล่านั้น)"
                .to_string(),
        );
    }
    out
}

/// `คาดการณ์ (forecast): อีกประมาณ 14 เดือน…`.
fn months_left_line(left: Option<f64>, limit_mb: u64) -> String {
    match left {
        None => format!(
            "คาดการณ์ (forecast): ไม่มีกิจกรรมใหม่ในช่วง {RECENT} เดือนล่าสุด จึงยังคาดไม่ได้ว่าจะเต็ม {limit_mb} MB ของ GitHub Pages เมื่อใด"
        ),
        Some(m) if m >= 120.0 => {
            format!(
                "คาดการณ์ (forecast): ในอัตรานี้จะยังไม่เต็ม {limit_mb} MB ของ GitHub Pages ในอีก 10 ปี (months left before the limit: 120+)"
            )
        }
        Some(m) => format!(
            "คาดการณ์ (forecast): อีกประมาณ {} เดือนจะเต็ม {limit_mb} MB ของ GitHub Pages (months left before the limit)",
            m.floor() as u64
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forecast_of(sizes: Sizes, months: Vec<Month>, left: Option<f64>, bucket: bool) -> Vec<String> {
        lines(
            &Forecast {
                sizes,
                months,
                months_left: left,
                bucket,
            },
            1000,
            false,
        )
    }

    #[test]
    fn the_lines_give_sizes_months_and_what_to_do_under_six_months() {
        let sizes = Sizes {
            pages: 40_000_000,
            photos: 700_000_000,
            search: 30_000_000,
            other: 2_000_000,
            bucket: 0,
        };
        let month = Month {
            year: 2023,
            month: 11,
            activities: 340,
            photos: 2040,
            bytes: 470_000_000,
        };
        let text = forecast_of(sizes, vec![month], Some(0.48), false).join("\n");
        assert!(text.contains("หน้าเว็บ (pages) 40.0 MB, ภาพ (photos) 700.0 MB"), "{text}");
        assert!(text.contains("พ.ย. 2566: 2040 ภาพ 470.0 MB"), "{text}");
        assert!(text.contains("อีกประมาณ 0 เดือน"), "{text}");
        assert!(text.contains("docs/guide.th.md ข้อ 7.3"), "{text}");
        let calm = forecast_of(sizes, vec![month], Some(14.9), false).join("\n");
        assert!(calm.contains("อีกประมาณ 14 เดือน") && !calm.contains("วิธีแก้"), "{calm}");
        let far = forecast_of(sizes, vec![], Some(500.0), false).join("\n");
        assert!(far.contains("120+"), "{far}");
        let none = forecast_of(sizes, vec![], None, false).join("\n");
        assert!(none.contains("ยังคาดไม่ได้"), "{none}");
    }

    #[test]
    fn with_a_bucket_the_lines_say_what_stays_on_pages() {
        let sizes = Sizes {
            pages: 40_000_000,
            photos: 0,
            search: 30_000_000,
            other: 5_000_000,
            bucket: 900_000_000,
        };
        let text = forecast_of(sizes, vec![], Some(40.0), true).join("\n");
        assert!(text.contains("ภาพอยู่ในที่เก็บภาพ (bucket) 900.0 MB"), "{text}");
        assert!(text.contains("เหลือหน้าเว็บและดัชนีค้นหา 75.0 MB (8% ของ 1000 MB)"), "{text}");
    }
}
