//! The in-process interface: runs the one pipeline on a site folder and returns what it found
//! and what it would write, as plain data. For programs and the integration tests, where
//! parsing printed Thai output would be fragile. Nothing is written but the image cache.

use crate::diag::Severity;
use crate::pipeline::{self, Args, Inputs, Mode, Photos, Stopped};
use std::path::Path;

/// One problem found, located in the site (file relative to the site folder).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// `"error"` or `"warning"`.
    pub severity: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

/// One output file as it would be written.
#[derive(Debug, Clone)]
pub struct Output {
    /// Path relative to the output folder.
    pub path: String,
    /// What the file is (`Page`, `Feed`, `SearchText`, ...).
    pub kind: String,
    /// The content file it was made from, if one.
    pub source: Option<String>,
    pub bytes: Vec<u8>,
}

/// What a run found and produced.
#[derive(Debug, Clone)]
pub struct Run {
    /// Every error and warning, in the order knn reports them.
    pub findings: Vec<Finding>,
    /// The files a build would write (empty when the run stopped on errors).
    pub files: Vec<Output>,
    /// The photo files a build would publish, by output path.
    pub photos: Vec<String>,
}

/// Which command to run as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum As {
    /// `knn build` (photos converted into the cache), without writing the site.
    Build,
    /// `knn check` (photos probed, nothing written).
    Check,
}

/// Runs the pipeline on `site` with its image cache in `cache`. `Err` when knn could not run
/// at all (no `site.yaml`, no theme), with the message `knn` would print.
pub fn run(site: &Path, cache: &Path, base_url: Option<&str>, run_as: As) -> Result<Run, String> {
    let inputs = Inputs::resolve(Args {
        site: site.to_path_buf(),
        cache: Some(cache.to_path_buf()),
        base_url: base_url.map(str::to_string),
        ..Args::default()
    });
    let photos = match run_as {
        As::Build => Photos::Convert,
        As::Check => Photos::Probe,
    };
    let mode = Mode {
        photos,
        progress: false,
        bucket: false,
    };
    let kept = crate::output::Keep::default();
    match pipeline::run(&inputs, None, mode, &kept) {
        Ok((built, _)) => Ok(Run {
            findings: findings(&built.warnings),
            files: kept
                .into_files()
                .into_iter()
                .map(|f| Output {
                    path: f.path,
                    kind: format!("{:?}", f.kind),
                    source: f.source,
                    bytes: f.bytes,
                })
                .collect(),
            photos: built.plan.files.into_iter().map(|p| p.path).collect(),
        }),
        Err(Stopped::Content(_, diags)) => Ok(Run {
            findings: findings(&diags),
            files: Vec::new(),
            photos: Vec::new(),
        }),
        Err(Stopped::Failed(e)) => Err(e),
    }
}

/// Diagnostics as plain data.
fn findings(diags: &[crate::diag::Diagnostic]) -> Vec<Finding> {
    diags
        .iter()
        .map(|d| Finding {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            hint: d.hint.clone(),
        })
        .collect()
}
