//! The province's monthly view, computed from the validated site: for one month, which plots of
//! each district had an activity, which activities fall short of the form (too few photos, no
//! publicity link), whether each district met "at least once, every plot covered", and the due
//! date. `text` prints it, `xlsx` writes the internal workbook; the public month pages and the
//! printable forms are rendered from the same values.

pub(crate) mod text;
pub(crate) mod xlsx;

use crate::images::ImagePlan;
use crate::model::{Activity, District, Plot, Site};
use crate::thai::{BE_OFFSET, Date, MONTHS, MONTHS_SHORT};
use std::collections::BTreeSet;

/// A calendar month (C.E. year).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Month {
    pub(crate) year: i32,
    pub(crate) month: u32,
}

impl Month {
    /// The month a date falls in.
    pub(crate) fn of(date: Date) -> Month {
        Month {
            year: date.year,
            month: date.month,
        }
    }

    /// Parses a month as staff type it: `2569-11`, `2026-11`, `11/2569`, `พ.ย. 2569`,
    /// `พฤศจิกายน ๒๕๖๙`. A year of 2400 or more is B.E.
    pub(crate) fn parse(input: &str) -> Result<Month, String> {
        let text = crate::thai::ascii_digits(input.trim());
        let numbers: Vec<&str> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .collect();
        let named = MONTHS
            .iter()
            .chain(MONTHS_SHORT.iter())
            .enumerate()
            .filter(|(_, name)| text.contains(*name))
            .max_by_key(|(_, name)| name.len())
            .map(|(i, _)| i as u32 % 12 + 1);
        let (year, month) = match (numbers.as_slice(), named) {
            ([y], Some(m)) => (*y, m),
            ([a, b], None) if a.len() == 4 => (*a, b.parse().unwrap_or(0)),
            ([a, b], None) if b.len() == 4 => (*b, a.parse().unwrap_or(0)),
            _ => return Err(month_error(input)),
        };
        let year: i32 = year.parse().map_err(|_| month_error(input))?;
        let year = if year >= 2400 { year - BE_OFFSET } else { year };
        if !(1..=12).contains(&month) || !(1900..=2200).contains(&year) {
            return Err(month_error(input));
        }
        Ok(Month { year, month })
    }

    /// `2026-11`: the key used in URLs and file names.
    pub(crate) fn key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `2569-11`: the key in B.E., as staff name files.
    pub(crate) fn key_be(&self) -> String {
        format!("{:04}-{:02}", self.year + BE_OFFSET, self.month)
    }

    /// `พฤศจิกายน 2569`.
    pub(crate) fn thai(&self, thai_digits: bool) -> String {
        self.first_day().thai_month(thai_digits)
    }

    /// The first day of the month.
    pub(crate) fn first_day(&self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }

    /// The report's due date in this month (`day` is 1-28, so it always exists).
    pub(crate) fn due(&self, day: u32) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: day.clamp(1, 28),
        }
    }

    /// Whether a date falls in this month.
    pub(crate) fn contains(&self, date: Date) -> bool {
        date.year == self.year && date.month == self.month
    }

    /// The month after this one.
    pub(crate) fn next(&self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

/// The message for a month that cannot be read.
fn month_error(input: &str) -> String {
    format!(
        "อ่านเดือน `{input}` ไม่ได้ (invalid month): เขียนเป็น ปี-เดือน เช่น 2569-11 (พ.ศ.) หรือ 2026-11 (ค.ศ.) หรือ \"พ.ย. 2569\""
    )
}

/// The folder of an activity's page relative to the output root (no trailing slash).
pub(crate) fn activity_dir(d: &District, p: &Plot, a: &Activity) -> String {
    crate::paths::activity(d, p, a)
}

/// Every month from the first to the last month that has an activity, oldest first.
pub(crate) fn months(site: &Site) -> Vec<Month> {
    let dates = site
        .districts
        .iter()
        .flat_map(|d| &d.plots)
        .flat_map(|p| &p.activities)
        .map(|a| Month::of(a.date));
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
        return Vec::new();
    };
    std::iter::successors(Some(first), |m| Some(m.next()))
        .take_while(|m| *m <= last)
        .collect()
}

/// One activity of the month, with what the form asks of it.
pub(crate) struct ActivityMonth<'a> {
    pub(crate) activity: &'a Activity,
    /// Photos that will be published (`Photo::usable`: bad files and HEIC left out), counted
    /// as `knn check` counts them.
    pub(crate) photos: usize,
}

impl ActivityMonth<'_> {
    /// Fewer usable photos than the form's minimum.
    pub(crate) fn few_photos(&self, min: usize) -> bool {
        self.photos < min
    }

    /// No publicity link (form item 6).
    pub(crate) fn no_publicity(&self) -> bool {
        self.activity.publicity.is_empty()
    }
}

/// A plot and its activities in the month, oldest first.
pub(crate) struct PlotMonth<'a> {
    pub(crate) plot: &'a Plot,
    pub(crate) activities: Vec<ActivityMonth<'a>>,
}

/// How a district stands against "at least once per month, every plot covered".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Every plot had an activity.
    Met,
    /// Some plots had one, not all.
    Partial,
    /// No plot had an activity.
    NoPost,
    /// The district has no plots in the site.
    NoPlots,
}

impl Status {
    /// Thai with the English term.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Status::Met => "ครบทุกแปลง (met)",
            Status::Partial => "ยังไม่ครบทุกแปลง (not met)",
            Status::NoPost => "ไม่มีกิจกรรมในเดือนนี้ (no post this month)",
            Status::NoPlots => "ยังไม่มีแปลงในเว็บไซต์ (no plots)",
        }
    }

    /// A short key for CSS classes and data attributes.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::NoPost => "none",
            Status::NoPlots => "no-plots",
        }
    }
}

/// A district in the month.
pub(crate) struct DistrictMonth<'a> {
    pub(crate) district: &'a District,
    pub(crate) plots: Vec<PlotMonth<'a>>,
}

impl DistrictMonth<'_> {
    /// Plots with at least one activity in the month.
    pub(crate) fn active(&self) -> usize {
        self.plots.iter().filter(|p| !p.activities.is_empty()).count()
    }

    /// Activities in the month.
    pub(crate) fn activities(&self) -> impl Iterator<Item = &ActivityMonth<'_>> {
        self.plots.iter().flat_map(|p| &p.activities)
    }

    /// Where the district stands.
    pub(crate) fn status(&self) -> Status {
        match (self.plots.len(), self.active()) {
            (0, _) => Status::NoPlots,
            (_, 0) => Status::NoPost,
            (n, a) if a == n => Status::Met,
            _ => Status::Partial,
        }
    }
}

/// The whole month.
pub(crate) struct MonthReport<'a> {
    pub(crate) month: Month,
    pub(crate) due: Date,
    pub(crate) min_photos: usize,
    pub(crate) districts: Vec<DistrictMonth<'a>>,
}

/// The month's view of the site; `district` limits it to one district (by folder name).
/// Photos are counted with `Photo::usable`, as the warnings of `knn check` and `knn build`
/// count them: a photo the image plan (when one is given) does not hold was refused.
pub(crate) fn month_report<'a>(
    site: &'a Site,
    month: Month,
    district: Option<&str>,
    plan: Option<&ImagePlan>,
) -> MonthReport<'a> {
    let refused = plan.map(|plan| refused_by(site, plan)).unwrap_or_default();
    let photos = |a: &Activity| a.photos.iter().filter(|p| p.usable(&refused)).count();
    let districts = site
        .districts
        .iter()
        .filter(|d| district.is_none_or(|s| s == d.slug))
        .map(|d| DistrictMonth {
            district: d,
            plots: d
                .plots
                .iter()
                .map(|p| {
                    let mut activities: Vec<ActivityMonth> = p
                        .activities
                        .iter()
                        .filter(|a| month.contains(a.date))
                        .map(|a| ActivityMonth {
                            activity: a,
                            photos: photos(a),
                        })
                        .collect();
                    activities
                        .sort_by(|a, b| (a.activity.date, &a.activity.slug).cmp(&(b.activity.date, &b.activity.slug)));
                    PlotMonth { plot: p, activities }
                })
                .collect(),
        })
        .collect();
    MonthReport {
        month,
        due: month.due(site.config.report_due_day),
        min_photos: site.config.min_photos,
        districts,
    }
}

/// The photos of the site that the image plan does not hold: the ones the images stage
/// refused.
fn refused_by(site: &Site, plan: &ImagePlan) -> BTreeSet<String> {
    site.districts
        .iter()
        .flat_map(|d| &d.plots)
        .flat_map(|p| &p.activities)
        .flat_map(|a| &a.photos)
        .filter(|p| !plan.photos.contains_key(&p.source))
        .map(|p| p.source.clone())
        .collect()
}

/// Days from `today` to `due` (negative when overdue).
pub(crate) fn days_between(today: Date, due: Date) -> i64 {
    days_from_civil(due) - days_from_civil(today)
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(d: Date) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_in_be_and_ce_and_in_thai() {
        let nov = Month { year: 2026, month: 11 };
        for input in [
            "2569-11",
            "2026-11",
            "11/2569",
            "พ.ย. 2569",
            "พฤศจิกายน ๒๕๖๙",
            " 2569-11 ",
        ] {
            assert_eq!(Month::parse(input), Ok(nov), "{input}");
        }
        assert_eq!(Month::parse("มกราคม 2570").unwrap(), Month { year: 2027, month: 1 });
        for bad in ["", "2569", "2569-13", "พฤศจิกา", "11-11"] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            (nov.key(), nov.key_be()),
            ("2026-11".to_string(), "2569-11".to_string())
        );
        assert_eq!(Month { year: 2026, month: 12 }.next(), Month { year: 2027, month: 1 });
    }

    #[test]
    fn days_to_the_due_date_count_across_months_and_years() {
        let due = Date::new(2026, 11, 20).unwrap();
        assert_eq!(days_between(Date::new(2026, 11, 15).unwrap(), due), 5);
        assert_eq!(days_between(due, due), 0);
        assert_eq!(days_between(Date::new(2026, 12, 1).unwrap(), due), -11);
        assert_eq!(days_between(Date::new(2025, 11, 20).unwrap(), due), 365);
        for n in [-1000, 0, 20_000] {
            assert_eq!(days_from_civil(Date::from_unix_days(n)), n);
        }
    }
}
