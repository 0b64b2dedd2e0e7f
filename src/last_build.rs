//! What a build leaves for the next one in the image cache: the fingerprints of its inputs and
//! of the output it wrote, and what it printed. A build whose inputs and output still match
//! stops at once and prints the same (`commands::build`); the file is read by `load` and
//! written by `write`.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Bumped when the file's meaning changes, so an older knn's file is never trusted.
const VERSION: u32 = 1;

/// What a build printed about its content, in every form a later run may be asked for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Printed {
    /// The problems as text, with their quoted lines (standard error).
    pub(crate) text: String,
    /// The problems as one JSON document (`--format json`).
    pub(crate) json: String,
    /// The problems as GitHub workflow annotations.
    pub(crate) annotations: Vec<String>,
}

/// One finished build, as the next build reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LastBuild {
    pub(crate) version: u32,
    /// `load::stamp::inputs` when the build started.
    pub(crate) inputs: String,
    /// `load::stamp::output` after the output was swapped in.
    pub(crate) output: String,
    pub(crate) printed: Printed,
    /// The HTML pages and the published bytes, for the summary line.
    pub(crate) pages: usize,
    pub(crate) bytes: u64,
}

impl LastBuild {
    /// A build of this knn.
    pub(crate) fn new(inputs: String, output: String, printed: Printed, pages: usize, bytes: u64) -> LastBuild {
        LastBuild {
            version: VERSION,
            inputs,
            output,
            printed,
            pages,
            bytes,
        }
    }

    /// Whether this build's output may stand for a build of `inputs` whose output folder now
    /// has the fingerprint `output` (nothing changed in either since).
    pub(crate) fn still_holds(&self, inputs: &str, output: Option<&str>) -> bool {
        self.version == VERSION && self.inputs == inputs && output == Some(self.output.as_str())
    }
}

/// The file of the last build into `out` (its absolute path, hashed: one site may be built
/// into several folders).
pub(crate) fn file(cache: &Path, out: &Path) -> std::path::PathBuf {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let key = blake3::hash(out.as_os_str().as_encoded_bytes()).to_hex();
    cache.join("builds").join(format!("{}.json", &key[..16]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last() -> LastBuild {
        LastBuild::new("in".into(), "out".into(), Printed::default(), 3, 10)
    }

    #[test]
    fn holds_only_when_inputs_and_output_both_match() {
        let last = last();
        assert!(last.still_holds("in", Some("out")));
        assert!(!last.still_holds("in2", Some("out")), "an input changed");
        assert!(!last.still_holds("in", Some("out2")), "the output was touched");
        assert!(!last.still_holds("in", None), "the output is gone");
        let older = LastBuild { version: 0, ..last };
        assert!(!older.still_holds("in", Some("out")), "another knn's file");
    }

    #[test]
    fn each_output_folder_has_its_own_file() {
        let cache = Path::new("cache");
        assert_ne!(file(cache, Path::new("public")), file(cache, Path::new("other")));
        assert!(file(cache, Path::new("public")).starts_with("cache/builds"));
    }
}
