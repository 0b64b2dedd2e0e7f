//! What the guard protects, read from the validated site: every owner's phone numbers and
//! house number, and the name of each owner who did not agree to publish it, normalised. A
//! value the guard cannot read is an error at its line, never something silently not checked.

use super::names::{self, Name};
use super::normalise::normalise;
use super::numbers;
use crate::diag::Diagnostic;
use crate::model::{Plot, Site};

/// The kind of personal data, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum What {
    Phone,
    House,
    Name,
}

impl What {
    /// Thai with the English term.
    pub(crate) fn label(self) -> &'static str {
        match self {
            What::Phone => "เบอร์โทร (phone number)",
            What::House => "บ้านเลขที่ (house number)",
            What::Name => "ชื่อเจ้าของแปลงที่ไม่ได้ยินยอมให้เปิดเผย (owner's name without consent)",
        }
    }
}

/// How one secret is looked for.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// A phone number's digits, in each way it may be written (`numbers::phone_forms`).
    Phone([String; 3]),
    /// A house number token (`99/9`), next to a house word.
    House(String),
    /// Given name and surname, without spaces.
    Full(String),
    /// A given name alone, right after a title.
    Given(String),
}

/// One piece of personal data of one plot.
#[derive(Debug)]
pub(crate) struct Secret {
    pub(crate) what: What,
    pub(crate) form: Form,
    /// The plot's `plot.md`, where the value belongs.
    pub(crate) plot_file: String,
    /// For a given name alone: the plot's folder, the only place it is looked for in the
    /// sources (elsewhere the same given name is most likely someone else's).
    pub(crate) scope: Option<String>,
}

/// Every secret of the site, and an error for each value that cannot be protected.
pub(crate) fn collect(site: &Site, texts: &crate::load::Texts) -> (Vec<Secret>, Vec<Diagnostic>) {
    let mut secrets = Vec::new();
    let mut problems = Vec::new();
    for d in &site.districts {
        for p in &d.plots {
            let folder = format!("{}/", crate::paths::plot(d, p));
            let plot_file = crate::paths::plot_source(d, p);
            let text = &texts.get(&plot_file).unwrap_or_default();
            let mut add = |what, form, scope: Option<&str>| {
                secrets.push(Secret {
                    what,
                    form,
                    plot_file: plot_file.clone(),
                    scope: scope.map(str::to_string),
                })
            };
            match numbers::phone_numbers(&normalise(&p.private.phone)) {
                Ok(numbers) => numbers
                    .iter()
                    .for_each(|n| add(What::Phone, Form::Phone(numbers::phone_forms(n)), None)),
                Err(()) => problems.push(unreadable_phone(&plot_file, text, &p.private.phone)),
            }
            if let Some(house) = numbers::house_number(&normalise(&p.private.house_no)) {
                add(What::House, Form::House(house), None);
            }
            if p.public_owner.is_some() {
                continue;
            }
            match names::parse(&p.private.owner) {
                Some(Name { given, full }) => {
                    if let Some(full) = full {
                        add(What::Name, Form::Full(full), None);
                    }
                    add(What::Name, Form::Given(given), Some(&folder));
                }
                None if p.private.owner.trim().is_empty() => {}
                None => problems.push(unreadable_name(&plot_file, text, &p.private.owner)),
            }
        }
    }
    (secrets, problems)
}

/// The full names (normalised, no spaces) of people the site may name: teachers, reporters and
/// owners who agreed. "ครูสมชาย รักดี" is then not taken for a non-consenting owner สมชาย ใจดี.
pub(crate) fn public_names(site: &Site) -> Vec<String> {
    let plots = site.districts.iter().flat_map(|d| &d.plots);
    let mut names: Vec<String> = plots
        .flat_map(|p: &Plot| {
            let reporters = p.activities.iter().map(|a| a.reporter.name.as_str());
            p.teachers
                .iter()
                .map(String::as_str)
                .chain(p.public_owner.as_deref())
                .chain(reporters)
        })
        .filter_map(|n| names::parse(n)?.full)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The 1-based line and character column of `value` in the front matter of `text`, or 1:1.
fn position(text: &str, value: &str) -> (usize, usize) {
    let value = value.trim();
    match text.find(value).filter(|_| !value.is_empty()) {
        Some(at) => super::line_column(text, at),
        None => (1, 1),
    }
}

/// A phone field whose digits make no phone number.
fn unreadable_phone(file: &str, text: &str, value: &str) -> Diagnostic {
    let (line, column) = position(text, value);
    Diagnostic::error(
        file,
        line,
        column,
        "อ่านเบอร์โทรนี้ไม่ได้ จึงตรวจไม่ได้ว่าเบอร์นี้หลุดไปอยู่ในหน้าเว็บหรือไม่ (phone number not understood; privacy check cannot run)",
    )
    .with_hint(
        "เขียนเบอร์โทร 9 หรือ 10 หลัก เช่น 081-234-5678 หรือ 038-123456 ถ้ามีหลายเบอร์ให้คั่นด้วยจุลภาค (,) ถ้าไม่มีเบอร์ให้เว้นว่างไว้",
    )
}

/// An owner's name with too little left after its title to look for.
fn unreadable_name(file: &str, text: &str, value: &str) -> Diagnostic {
    let (line, column) = position(text, value);
    Diagnostic::error(
        file,
        line,
        column,
        "ชื่อเจ้าของแปลงสั้นเกินไป จึงตรวจไม่ได้ว่าชื่อนี้หลุดไปอยู่ในหน้าเว็บหรือไม่ (owner's name too short to check)",
    )
    .with_hint("เขียนชื่อและนามสกุลของเจ้าของแปลง เช่น นายสมชาย ใจดี")
}
