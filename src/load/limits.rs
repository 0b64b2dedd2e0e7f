//! The limits on what a build reads, each far above any real staff file and each checked
//! before the work it bounds: a text file's size (from its metadata, before reading it), and
//! the YAML budget (nodes, nesting, aliases) that stops alias bombs and huge lists while they
//! are parsed. `load` checks every YAML part against the budget once, so the file is named
//! in Thai with the limit it reached; `frontmatter::parse` keeps the same budget. Photos have
//! theirs in `images::probe`. Documented in docs/content-format.md.

use crate::diag::Diagnostic;

/// The largest text file (Markdown, `site.yaml`, `markets.yaml`) read: 2 MB. A long lesson is
/// about 30 KB; a file this big is a pasted image (`data:image/...`) or not a page at all.
pub(crate) const MAX_TEXT_BYTES: u64 = 2_000_000;

/// YAML nodes (values, lists, groups) in one front matter or YAML file: a plot with 20
/// stations has about 100, a `markets.yaml` with 50 markets about 600.
pub(crate) const YAML_MAX_NODES: usize = 20_000;

/// How deep lists and groups may nest: real files go 3 deep (markets > market > schedule).
pub(crate) const YAML_MAX_DEPTH: usize = 16;

/// YAML aliases (`*name`): staff never write them; a few are allowed, the replays they cause
/// are capped, so a "billion laughs" file stops after a few thousand steps.
pub(crate) const YAML_MAX_ALIASES: usize = 100;
/// Values an alias may copy in, in total.
pub(crate) const YAML_MAX_REPLAYED: usize = 10_000;

/// The size of a file as staff see it (`2.1 MB`).
pub(crate) fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The options every YAML read uses: duplicate keys are errors, and the budget above.
pub(crate) fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
        budget: serde_saphyr::budget! {
            max_nodes: YAML_MAX_NODES,
            max_events: YAML_MAX_NODES * 4,
            max_depth: YAML_MAX_DEPTH,
            flow_nesting_limit: YAML_MAX_DEPTH,
            max_aliases: YAML_MAX_ALIASES,
            max_anchors: YAML_MAX_ALIASES,
            max_documents: 4,
            max_total_scalar_bytes: MAX_TEXT_BYTES as usize,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: YAML_MAX_REPLAYED,
            max_replay_stack_depth: YAML_MAX_DEPTH,
            max_alias_expansions_per_anchor: YAML_MAX_ALIASES,
        },
    }
}

/// The error for a text file whose YAML (the front matter of a `.md`, all of a `.yaml`) goes
/// over the budget; `None` when it stays within it or has another problem (validate reports
/// those at their place).
pub(crate) fn check_yaml(file: &str, text: &str) -> Option<Diagnostic> {
    let (yaml, offset) = if file.ends_with(".md") {
        let split = crate::frontmatter::split(file, text).ok()?;
        (split.yaml, split.line_offset)
    } else {
        (text, 0)
    };
    let err = serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(yaml, yaml_options()).err()?;
    let (message, hint) = budget_message(&err)?;
    let line = err.location().map_or(1, |l| l.line() as usize) + offset;
    Some(Diagnostic::error(file, line, 1, message).with_hint(hint))
}

/// A Thai message and hint for an error of the YAML budget, naming the limit that was reached,
/// or `None` for any other error.
fn budget_message(err: &serde_saphyr::Error) -> Option<(String, String)> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let mut err = err;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = err {
        err = error;
    }
    let aliases = || format!("ใช้ชื่ออ้างอิง (alias *ชื่อ) เกิน {YAML_MAX_ALIASES} ครั้ง หรือคัดลอกค่าเกิน {YAML_MAX_REPLAYED} ค่า");
    let breach = match err {
        E::Budget { breach, .. } => breach,
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => return Some(budget_text(aliases())),
        // The parser stops `[[[...` at `flow_nesting_limit` before the budget sees it; its
        // message is the only public trace (a test pins it).
        E::ExternalMessage { msg, .. } if msg.contains("recursion limit exceeded") => {
            return Some(budget_text(format!("ซ้อนกันลึกเกิน {YAML_MAX_DEPTH} ชั้น")));
        }
        _ => return None,
    };
    let what = match breach {
        B::Nodes { .. } | B::Events { .. } => format!("มีค่ามากกว่า {YAML_MAX_NODES} ค่า"),
        B::Depth { .. } => format!("ซ้อนกันลึกเกิน {YAML_MAX_DEPTH} ชั้น"),
        B::Aliases { .. } | B::Anchors { .. } | B::AliasAnchorRatio { .. } => aliases(),
        B::ScalarBytes { .. } => format!("มีข้อความรวมเกิน {}", megabytes(MAX_TEXT_BYTES)),
        _ => "ใหญ่หรือซับซ้อนเกินกว่าที่ไฟล์ของเว็บไซต์ต้องใช้".into(),
    };
    Some(budget_text(what))
}

/// The message and hint for a YAML part over the budget in the way `what` says.
fn budget_text(what: String) -> (String, String) {
    (
        format!("ส่วนหัว YAML {what} ซึ่งเกินขีดจำกัด (YAML too large or too deep: limit reached)"),
        "ไฟล์ของเว็บไซต์จริงมีเพียงไม่กี่สิบหัวข้อ: ลบรายการที่คัดลอกซ้ำหรือวางผิดที่ออก และไม่ต้องใช้ & หรือ * ของ YAML".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Parses with knn's options into a loose structure (any YAML value).
    fn parse(yaml: &str) -> Result<BTreeMap<String, serde_json::Value>, serde_saphyr::Error> {
        serde_saphyr::from_str_with_options(yaml, yaml_options())
    }

    #[test]
    fn a_billion_laughs_alias_bomb_stops_early_with_a_thai_message() {
        let mut yaml =
            String::from("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (prev, next) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            yaml.push_str(&format!("{next}: &{next} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let err = parse(&yaml).unwrap_err();
        assert!(started.elapsed().as_secs() < 10, "bounded work");
        let (message, _) = budget_message(&err).expect("a budget error");
        assert!(message.contains("limit reached"), "{message}");
    }

    #[test]
    fn deep_nesting_and_a_hundred_thousand_item_list_are_refused() {
        let deep = format!("a: {}{}\n", "[".repeat(5000), "]".repeat(5000));
        let block_deep: String = (0..200).map(|i| format!("{}k:\n", "  ".repeat(i))).collect();
        for yaml in [deep, block_deep] {
            let (message, _) = budget_message(&parse(&yaml).unwrap_err()).expect("a budget error");
            assert!(message.contains("16"), "{message}");
        }
        let list = format!("teachers:\n{}", "  - ครู\n".repeat(100_000));
        let err = parse(&list).unwrap_err();
        let (message, _) = budget_message(&err).expect("a budget error");
        assert!(message.contains(&YAML_MAX_NODES.to_string()), "{message}");
    }

    #[test]
    fn load_names_the_file_and_line_of_a_yaml_bomb_in_front_matter() {
        let text = format!("---\ntitle: x\nteachers:\n{}---\nbody\n", "  - ครู\n".repeat(30_000));
        let d = check_yaml("districts/a/b/plot.md", &text).expect("over the budget");
        assert_eq!(d.file, "districts/a/b/plot.md");
        assert!(d.line > 1 && d.message.contains("20000"), "{d:?}");
        assert!(check_yaml("districts/a/b/plot.md", "---\ntitle: x\n---\n").is_none());
        assert!(
            check_yaml("site.yaml", "title: [unclosed\n").is_none(),
            "syntax errors are validate's"
        );
    }

    #[test]
    fn real_sized_files_are_within_the_budget() {
        let markets: String = (0..50)
            .map(|i| format!("  - name: ตลาด {i}\n    level: community\n    schedule:\n      days: [จันทร์, พุธ]\n"))
            .collect();
        assert!(parse(&format!("markets:\n{markets}")).is_ok());
    }
}
