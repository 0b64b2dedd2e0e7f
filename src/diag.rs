//! Diagnostics: one `Diagnostic` type for every problem found in content, and its rendering.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors stop the build, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// One problem in one file, with a 1-based line and a 1-based column counted in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    pub(crate) severity: Severity,
    /// Path relative to the site folder, with `/` separators.
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    /// Thai message with the English term in parentheses.
    pub(crate) message: String,
    /// How to fix it (may be empty).
    pub(crate) hint: String,
}

impl Diagnostic {
    /// An error at `file:line:column`.
    pub(crate) fn error(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            hint: String::new(),
        }
    }

    /// A warning at `file:line:column`.
    pub(crate) fn warning(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(file, line, column, message)
        }
    }

    /// Adds a hint on how to fix the problem.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    /// The one-line form `path:line:col: error: message`.
    pub(crate) fn headline(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, level, self.message
        )
    }
}

/// Every diagnostic as one JSON document (`knn check --format json`); `shown` turns a path
/// relative to the site folder into the path printed.
pub(crate) fn to_json(diags: &[Diagnostic], shown: impl Fn(&str) -> String) -> String {
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "file": shown(&d.file),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    serde_json::json!({
        "ok": errors == 0,
        "errors": errors,
        "warnings": diags.len() - errors,
        "diagnostics": items,
    })
    .to_string()
}

/// A GitHub Actions workflow command (`::error file=..,line=..,col=..::message`), so the
/// problem is shown on the file and line in a pull request.
pub(crate) fn github_annotation(d: &Diagnostic, path: &str) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let text = if d.hint.is_empty() {
        d.message.clone()
    } else {
        format!("{}\nวิธีแก้ (hint): {}", d.message, d.hint)
    };
    format!(
        "::{level} file={},line={},col={},title=knn::{}",
        escape_property(path),
        d.line,
        d.column,
        escape_data(&text)
    )
}

/// Escapes a workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Relative path of `path` under `root`, with `/` separators, for messages.
pub(crate) fn rel_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf());
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Renders diagnostics for a terminal: the headline, the quoted source line, then the hint.
/// `source_of` gives the text of a file (by its relative path) when it is known.
pub(crate) fn render_all<'a>(diags: &[Diagnostic], source_of: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render_one(d, source_of(&d.file)));
    }
    out
}

/// Renders one diagnostic: headline, an annotated source snippet, and `= hint:`.
fn render_one(d: &Diagnostic, source: Option<&str>) -> String {
    let mut out = d.headline();
    out.push('\n');
    if let Some(snippet) = source.and_then(|s| snippet(d, s)) {
        out.push_str(&snippet);
        out.push('\n');
    }
    if !d.hint.is_empty() {
        for (i, line) in d.hint.lines().enumerate() {
            let lead = if i == 0 {
                "  = วิธีแก้ (hint): "
            } else {
                "    "
            };
            let _ = writeln!(out, "{lead}{line}");
        }
    }
    out
}

/// The source line quoted with a caret under the column, rendered by annotate-snippets.
fn snippet(d: &Diagnostic, source: &str) -> Option<String> {
    use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
    let line_text = source.lines().nth(d.line - 1)?;
    let start = line_text
        .char_indices()
        .nth(d.column - 1)
        .map_or(line_text.len(), |(i, _)| i);
    let end = line_text[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let report = &[level.no_name().primary_title("").element(
        Snippet::source(line_text)
            .line_start(d.line)
            .annotation(AnnotationKind::Primary.span(start..end.max(start))),
    )];
    let text = Renderer::plain().render(report).to_string();
    // The empty title leaves a blank first line; keep only the quoted source.
    Some(
        text.lines()
            .skip_while(|l| l.trim().is_empty() || l.trim() == ":")
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The candidate closest to `input` (by Levenshtein distance on characters), if it is close enough
/// to be a plausible typo.
pub(crate) fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.trim().to_lowercase();
    let len = input.chars().count();
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // A word the user shortened (`ตลาดนัด` for `ตลาดนัดชุมชน`) is a better guess than any
    // word at a small edit distance.
    let containing = candidates
        .iter()
        .filter(|c| len >= 2 && c.to_lowercase().contains(&input))
        .min_by_key(|c| c.chars().count());
    if let Some(c) = containing {
        return Some(c);
    }
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&input, &c.to_lowercase()), c))
        .filter(|(dist, c)| *dist <= (len.max(c.chars().count()) / 2).max(2))
        .min_by_key(|(dist, _)| *dist)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_but_not_unrelated_words() {
        let keys = ["title", "date", "kind", "ชื่อกิจกรรม"];
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("ชื่อกิจกรม", keys), Some("ชื่อกิจกรรม"));
        assert_eq!(nearest("photographer", keys), None);
        assert_eq!(nearest("ตลาดนัด", ["ตลาด ๔ ร", "ตลาดนัดชุมชน"]), Some("ตลาดนัดชุมชน"));
    }

    #[test]
    fn github_annotations_escape_what_would_break_them() {
        let d = Diagnostic::error("a,b.md", 3, 5, "ผิด 100%: x").with_hint("แก้\nสองบรรทัด");
        let line = github_annotation(&d, "content/a,b.md");
        assert_eq!(
            line,
            "::error file=content/a%2Cb.md,line=3,col=5,title=knn::ผิด 100%25: x%0Aวิธีแก้ (hint): แก้%0Aสองบรรทัด"
        );
        assert!(!line.contains('\n'));
    }

    #[test]
    fn json_counts_and_locates() {
        let diags = [
            Diagnostic::error("x.md", 2, 1, "e"),
            Diagnostic::warning("y.md", 1, 1, "w"),
        ];
        let v: serde_json::Value = serde_json::from_str(&to_json(&diags, |f| format!("site/{f}"))).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(v["errors"], 1);
        assert_eq!(v["diagnostics"][0]["file"], "site/x.md");
        assert_eq!(v["diagnostics"][1]["severity"], "warning");
    }

    #[test]
    fn headline_has_path_line_column() {
        let d = Diagnostic::error("a/b.md", 3, 5, "ผิด (wrong)");
        assert_eq!(d.headline(), "a/b.md:3:5: error: ผิด (wrong)");
    }

    #[test]
    fn snippet_quotes_the_line_with_thai_columns() {
        let d = Diagnostic::error("x.md", 2, 3, "m");
        let out = render_all(&[d], |_| Some("a: 1\nกข: ค\n"));
        assert!(out.contains("กข: ค"), "{out}");
        assert!(out.contains('^'), "{out}");
    }
}
