//! Where staff typed what leaked: the source texts searched with the same normalisation, each
//! hit mapped back to its line and column (in characters), and the output it reached named.

use super::matcher::{Hit, Matcher};
use super::normalise::Text;
use super::secrets::Secret;
use super::{leak, line_column};
use crate::diag::Diagnostic;
use crate::load::Texts;
use crate::output::OutputFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The keys of the values that belong in a `plot.md` and nowhere else (English and Thai).
const PRIVATE_KEYS: &[&str] = &["owner", "ชื่อเจ้าของแปลง", "phone", "เบอร์โทร", "house_no", "บ้านเลขที่"];

/// A source file's path and text, and each secret found in it with its byte offset in the text.
type SourceHits<'a> = (&'a str, std::borrow::Cow<'a, str>, Vec<(usize, usize)>);

/// The secrets found in one text, as (secret, byte offset in the text), in text order.
fn hits_in(matcher: &Matcher, text: &str, skipped: usize) -> Vec<(usize, usize)> {
    let normalised = Text::new(text);
    let mut hits: Vec<(usize, usize)> = matcher
        .find(&normalised)
        .into_iter()
        .map(|Hit { secret, at }| (secret, skipped + normalised.origin(at)))
        .collect();
    hits.sort_by_key(|(_, at)| *at);
    hits.dedup();
    hits
}

/// The errors for the leaked secrets (`leaked`: each secret with the outputs it reached), at
/// the places in `texts` where they were typed. A secret found nowhere else is looked for in
/// its plot's `plot.md` front matter outside the owner's own fields (a plot or station name,
/// a teacher); failing that, a phone, house number or full name is reported at the `plot.md`.
pub(super) fn locate(
    matcher: &Matcher,
    secrets: &[Secret],
    leaked: &BTreeMap<usize, Vec<&OutputFile>>,
    texts: &Texts,
) -> Vec<Diagnostic> {
    let scopes = scopes(secrets, leaked);
    let files: Vec<&String> = texts
        .names()
        .filter(|file| {
            scopes
                .as_ref()
                .is_none_or(|dirs| dirs.iter().any(|d| file.starts_with(d)))
        })
        .collect();
    let hits: Vec<SourceHits> = files
        .into_par_iter()
        .filter_map(|file| {
            let text = texts.get(file)?;
            let searched = searched_part(file, &text);
            let hits = hits_in(matcher, searched, text.len() - searched.len());
            Some((file.as_str(), text, hits))
        })
        .collect();
    let mut report = Report::default();
    for (file, text, hits) in hits {
        report.add(secrets, leaked, file, &text, &hits);
    }
    let missing: BTreeSet<&str> = leaked
        .keys()
        .filter(|id| !report.found.contains(id))
        .map(|id| secrets[*id].plot_file.as_str())
        .collect();
    for plot_file in missing {
        let Some(text) = texts.get(plot_file) else {
            continue;
        };
        let text = text.as_ref();
        let hits = hits_in(matcher, &public_front_matter(plot_file, text), 0);
        let own: Vec<(usize, usize)> = hits
            .into_iter()
            .filter(|(id, _)| secrets[*id].plot_file == plot_file && !report.found.contains(id))
            .collect();
        report.add(secrets, leaked, plot_file, text, &own);
    }
    for (id, outputs) in leaked {
        let s = &secrets[*id];
        if !report.found.contains(id) && s.scope.is_none() && report.lines.insert((s.plot_file.clone(), 1, s.what)) {
            report
                .diags
                .push(leak(s, &s.plot_file, 1, 1, best_output(&s.plot_file, outputs)));
        }
    }
    report.diags
}

/// The folders where the leaked secrets count when every one of them is a given name (which
/// counts only in its owner's folder, `Secret::scope`): only the sources there need searching.
/// `None` when one of them counts anywhere.
fn scopes<'a>(secrets: &'a [Secret], leaked: &BTreeMap<usize, Vec<&OutputFile>>) -> Option<BTreeSet<&'a str>> {
    leaked.keys().map(|id| secrets[*id].scope.as_deref()).collect()
}

/// The errors so far, the lines they are at, and the secrets found in a source.
#[derive(Default)]
struct Report {
    diags: Vec<Diagnostic>,
    lines: BTreeSet<(String, usize, super::secrets::What)>,
    found: BTreeSet<usize>,
}

impl Report {
    /// One error per kind of data per line of `file` for the leaked secrets among `hits`; a
    /// given name alone only in its own plot's folder.
    fn add(
        &mut self,
        secrets: &[Secret],
        leaked: &BTreeMap<usize, Vec<&OutputFile>>,
        file: &str,
        text: &str,
        hits: &[(usize, usize)],
    ) {
        for &(id, at) in hits {
            let s = &secrets[id];
            let Some(outputs) = leaked.get(&id) else {
                continue;
            };
            if s.scope.as_ref().is_some_and(|dir| !file.starts_with(dir.as_str())) {
                continue;
            }
            self.found.insert(id);
            let (line, column) = line_column(text, at);
            if self.lines.insert((file.to_string(), line, s.what)) {
                self.diags.push(leak(s, file, line, column, best_output(file, outputs)));
            }
        }
    }
}

/// The part of a source text where personal data must not be: everything, except the front
/// matter of a `plot.md`, which is where the owner's details are meant to be kept.
pub(super) fn searched_part<'a>(file: &str, text: &'a str) -> &'a str {
    if file.ends_with("/plot.md") {
        return crate::frontmatter::split(file, text).map_or("", |s| s.body);
    }
    text
}

/// A `plot.md`'s front matter with the lines of the owner's own fields blanked (same byte
/// offsets, so hits map back unchanged) and its body left out.
fn public_front_matter(file: &str, text: &str) -> String {
    let front = &text[..text.len() - searched_part(file, text).len()];
    let mut out = String::with_capacity(front.len());
    for line in front.split_inclusive('\n') {
        let key = line
            .split_once(':')
            .map_or("", |(k, _)| k.trim().trim_matches(['"', '\'']));
        if PRIVATE_KEYS.contains(&key) {
            out.extend(line.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The output to name for data typed in `source`: one made from it (its `source`), else the one
/// that shares most of its path (`about.md` -> `about/index.html`), pages before other files.
fn best_output<'a>(source: &str, outputs: &[&'a OutputFile]) -> &'a str {
    if let Some(own) = outputs.iter().find(|o| o.source.as_deref() == Some(source)) {
        return &own.path;
    }
    let stem = source.rsplit_once('.').map_or(source, |(s, _)| s);
    let shared = |o: &str| stem.split('/').zip(o.split('/')).take_while(|(a, b)| a == b).count();
    let mut best: Option<(&str, usize)> = None;
    for o in outputs {
        let n = shared(&o.path);
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((&o.path, n));
        }
    }
    best.map_or("", |(o, _)| o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_named_is_the_one_made_from_the_source() {
        let page = |path: &str, source: Option<&str>| {
            OutputFile::new(path, vec![], crate::output::kind_of_rendered(path)).with_source(source.map(str::to_string))
        };
        let files = [
            page("index.html", None),
            page("about/index.html", None),
            page("districts/a/p/index.html", Some("districts/a/p/plot.md")),
            page("districts/a/p/activities/x/index.html", None),
            page("feed.xml", None),
        ];
        let outputs: Vec<&OutputFile> = files.iter().collect();
        let best = |source| best_output(source, &outputs);
        assert_eq!(
            best("districts/a/p/activities/x/index.md"),
            "districts/a/p/activities/x/index.html"
        );
        assert_eq!(best("districts/a/p/plot.md"), "districts/a/p/index.html");
        assert_eq!(best("districts/a/p/markets.yaml"), "districts/a/p/index.html");
        assert_eq!(best("about.md"), "about/index.html");
        assert_eq!(best("site.yaml"), "index.html");
    }

    #[test]
    fn the_owners_own_fields_are_blanked_in_place() {
        let text = "---\nname: สวนลุงสม\nowner: นายสม ใจดี\n\"phone\": 081\naddress:\n  house_no: \"9\"\n---\nbody\n";
        let front = public_front_matter("districts/a/p/plot.md", text);
        assert_eq!(front.len(), text.len() - "body\n".len());
        assert!(front.contains("name: สวนลุงสม\n"));
        assert!(!front.contains("ใจดี") && !front.contains("081") && !front.contains("\"9\""));
        assert_eq!(front.lines().count(), 7);
    }
}
