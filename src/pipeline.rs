//! The one build pipeline: options resolved once into `Inputs`, then the stages
//! load -> validate -> plan images -> render -> guard, composed in `run`. Every command
//! (`build`, `check`, `serve`, `report`) calls `run`, so none can skip a check another makes;
//! they differ only in what they do with the result (write it, print it, serve it, report it).

use crate::diag::{Diagnostic, Severity};
use crate::images::{self, ImagePlan, ImageStats};
use crate::model::Site;
use crate::output::{OutputFile, Sink};
use crate::validate::Overrides;
use crate::{guard, load, registry, render, validate};
use std::path::{Path, PathBuf};

/// What the command line asked for, as typed (ripgrep's `LowArgs`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Args {
    pub(crate) site: PathBuf,
    pub(crate) theme: Option<PathBuf>,
    pub(crate) cache: Option<PathBuf>,
    pub(crate) base_url: Option<String>,
    pub(crate) size_limit_mb: u64,
    pub(crate) images_bucket: Option<String>,
    pub(crate) images_endpoint: Option<String>,
}

/// The resolved inputs of every command (ripgrep's `HiArgs`): no later code derives a default.
#[derive(Debug, Clone)]
pub(crate) struct Inputs {
    /// The site folder, holding `site.yaml`.
    pub(crate) site: PathBuf,
    /// The theme folder (`templates/`, `css/`, `static/`).
    pub(crate) theme: PathBuf,
    /// The image cache folder.
    pub(crate) cache: PathBuf,
    /// Values that override `site.yaml` (the base URL).
    pub(crate) overrides: Overrides,
    /// The host's size limit in MB (GitHub Pages: 1 GB); a warning at 80%.
    pub(crate) size_limit_mb: u64,
    /// The photos' bucket credentials (from the environment only).
    pub(crate) bucket_keys: images::BucketKeys,
}

impl Inputs {
    /// The options that change what a build makes, as text (for `load::stamp::inputs`).
    pub(crate) fn settings(&self) -> String {
        format!(
            "theme {:?} cache {:?} base_url {:?} size_limit_mb {} images_bucket {:?} images_endpoint {:?}",
            self.theme,
            self.cache,
            self.overrides.base_url,
            self.size_limit_mb,
            self.overrides.images_bucket,
            self.overrides.images_endpoint
        )
    }

    /// Resolves the defaults once: the theme beside the site, the cache inside it.
    pub(crate) fn resolve(args: Args) -> Inputs {
        let theme = args.theme.unwrap_or_else(|| find_theme(&args.site));
        let cache = args.cache.unwrap_or_else(|| images::default_cache(&args.site));
        Inputs {
            site: args.site,
            theme,
            cache,
            overrides: Overrides {
                base_url: args.base_url,
                images_bucket: args.images_bucket,
                images_endpoint: args.images_endpoint,
            },
            size_limit_mb: if args.size_limit_mb == 0 {
                1000
            } else {
                args.size_limit_mb
            },
            bucket_keys: images::BucketKeys::from_env(),
        }
    }
}

/// How the photos stage runs: `Convert` makes (or reuses) every output; `Probe` reads each
/// photo's header and plans the same outputs without converting or writing anything (`check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Photos {
    Convert,
    Probe,
}

/// How a run goes: what the photos stage does and whether it draws a progress bar.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mode {
    pub(crate) photos: Photos,
    pub(crate) progress: bool,
    /// Whether the photos go to the site's bucket when it has one (only `knn build`; a
    /// preview, a check and a report keep them beside the pages).
    pub(crate) bucket: bool,
}

/// What a run produced besides its files (which went to the run's sink as they were made).
pub(crate) struct Built {
    pub(crate) site: Site,
    pub(crate) plan: ImagePlan,
    /// Warnings (a run with errors is `Stopped::Content`).
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) sources: load::Sources,
    pub(crate) theme: load::Theme,
    pub(crate) image_stats: ImageStats,
    /// Pages rendered through their template, and pages taken unchanged from the memo.
    pub(crate) rendered: usize,
    pub(crate) reused: usize,
    /// What the guards counted (pages, bytes by kind).
    pub(crate) totals: guard::Totals,
    /// The search index: pages indexed, bytes, milliseconds.
    pub(crate) search: (usize, usize, u128),
    /// The size of the published site in bytes (pages, assets and photos).
    pub(crate) bytes: u64,
}

/// What one run keeps for the next (only `knn serve` keeps one): the pages it rendered and
/// the files the guards found clean, so an edit costs only what it changed.
#[derive(Default)]
pub(crate) struct Memo {
    pub(crate) render: render::Memo,
    pub(crate) guard: guard::Memo,
}

/// Why a run stopped before producing a site.
pub(crate) enum Stopped {
    /// Content errors (and any warnings), with the sources to quote them from.
    Content(Box<load::Sources>, Vec<Diagnostic>),
    /// Could not run at all.
    Failed(String),
}

/// load -> validate -> plan images -> render -> guard -> `sink`: each rendered file is guarded
/// and handed to the sink as soon as it is made, so no stage holds the whole site; the guards'
/// verdict comes at the end, and a caller publishes only a run that returned `Ok` (a build's
/// staging folder is swapped in only then). `memo` holds what an earlier run can lend this one
/// (only `knn serve` keeps one); the new memo comes back with the result. The diagnostics are the
/// same whichever command asks, except that only a conversion can find a photo whose data is
/// corrupt beyond its header.
pub(crate) fn run(inputs: &Inputs, memo: Option<&Memo>, mode: Mode, sink: &dyn Sink) -> Result<(Built, Memo), Stopped> {
    let (sources, theme) = load_stage(inputs)?;
    let (site, mut diags) = validate_stage(sources, &inputs.overrides)?;
    let (site, sources) = site;
    let (plan, mut image_stats, image_diags) = images_stage(&site, inputs, mode);
    // The form's minimum of photos counts only those this stage did not refuse.
    diags.extend(validate::photo_minimum(&site, &validate::refused(&image_diags)));
    diags.extend(image_diags);
    diags.append(&mut image_stats.notes);
    let guard = guard::Guard::new(&site, &sources.texts, memo.map(|m| &m.guard));
    let emit = |order: usize, file: OutputFile| {
        guard.scan(order, &file);
        sink.put(file)
    };
    let rendered = render::render(&site, &plan, &theme, &sources.texts, memo.map(|m| &m.render), &emit)
        .map_err(Stopped::Failed)?;
    let (found, totals, guard_memo) = guard.finish(&plan);
    diags.extend(found);
    changed_during_build(&sources.texts)?;
    let bytes = totals.bytes + plan.files.iter().map(|p| p.bytes).sum::<u64>();
    diags.extend(size_warning(bytes, inputs.size_limit_mb));
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(Stopped::Content(Box::new(sources), diags));
    }
    let built = Built {
        site,
        plan,
        warnings: diags,
        sources,
        theme,
        image_stats,
        rendered: rendered.rendered,
        reused: rendered.reused,
        totals,
        search: rendered.search,
        bytes,
    };
    let memo = Memo {
        render: rendered.memo,
        guard: guard_memo.unwrap_or_default(),
    };
    Ok((built, memo))
}

/// Stops a run whose pages could not read a body again as it was validated: its file was
/// changed or removed while the build ran, so the pages made from it cannot be trusted.
fn changed_during_build(texts: &load::Texts) -> Result<(), Stopped> {
    let failed = texts.failures();
    if failed.is_empty() {
        return Ok(());
    }
    Err(Stopped::Failed(format!(
        "{}: {}\n  = วิธีแก้ (hint): {}",
        load::CHANGED,
        failed.join(", "),
        load::CHANGED_HINT
    )))
}

/// Stage 1: the site's sources and the theme.
fn load_stage(inputs: &Inputs) -> Result<(load::Sources, load::Theme), Stopped> {
    let sources = load::load_site(&inputs.site).map_err(Stopped::Failed)?;
    let theme = load::load_theme(&inputs.theme).map_err(Stopped::Failed)?;
    Ok((sources, theme))
}

/// The site and its sources, after validation.
type Validated = (Site, load::Sources);

/// Stage 2: the typed site, or every content error.
fn validate_stage(sources: load::Sources, overrides: &Overrides) -> Result<(Validated, Vec<Diagnostic>), Stopped> {
    let (site, diags) = validate::validate(&sources, &registry::Registry::shipped(), overrides);
    match site {
        Some(site) => Ok(((site, sources), diags)),
        None => Err(Stopped::Content(Box::new(sources), diags)),
    }
}

/// Stage 3: every photo's outputs, converted or (for `check`) only planned.
fn images_stage(site: &Site, inputs: &Inputs, mode: Mode) -> (ImagePlan, ImageStats, Vec<Diagnostic>) {
    let opts = images::ImageOptions {
        cache: inputs.cache.clone(),
        progress: mode.progress,
        probe_only: mode.photos == Photos::Probe,
        remote: site.config.images.clone().filter(|_| mode.bucket),
    };
    images::process(site, &opts)
}

/// `12.3 MB`.
pub(crate) fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A warning when the published site reaches 80% of the host's size limit.
fn size_warning(total: u64, limit_mb: u64) -> Option<Diagnostic> {
    let limit = limit_mb.saturating_mul(1_000_000);
    if total.saturating_mul(5) < limit.saturating_mul(4) {
        return None;
    }
    Some(
        Diagnostic::warning(
            "site.yaml",
            1,
            1,
            format!(
                "เว็บไซต์มีขนาด {} เกิน 80% ของขีดจำกัด {limit_mb} MB ของ GitHub Pages (site size near the hosting limit)",
                mb(total)
            ),
        )
        .with_hint(
            "ย้ายภาพไปไว้ในที่เก็บภาพ (images_bucket) ตามคู่มือ docs/guide.th.md ข้อ 7.3 แล้วบน GitHub Pages จะเหลือเพียงหน้าเว็บและดัชนีค้นหา; อย่าลบกิจกรรมหรือภาพเก่า (รายงานประจำเดือนนับจากไฟล์เหล่านั้น); เปลี่ยนขีดจำกัดได้ด้วย --size-limit-mb",
        ),
    )
}

/// The theme folder: `<site>/themes/default`, then `themes/default` beside the site folder,
/// then the one in knn's own source tree.
fn find_theme(site: &Path) -> PathBuf {
    let candidates = [
        site.join("themes/default"),
        site.parent().unwrap_or(Path::new(".")).join("themes/default"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
    ];
    candidates
        .iter()
        .find(|c| c.join("templates").is_dir())
        .cloned()
        .unwrap_or_else(|| candidates[2].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_at_80_percent_of_the_size_limit() {
        assert!(size_warning(799_000_000, 1000).is_none());
        let d = size_warning(800_000_000, 1000).expect("warning at 80%");
        assert!(d.message.contains("800.0 MB"), "{}", d.message);
        assert!(size_warning(90_000_000, 100).is_some(), "the limit is configurable");
    }

    #[test]
    fn inputs_resolve_the_theme_and_cache_once() {
        let inputs = Inputs::resolve(Args {
            site: PathBuf::from("content"),
            ..Args::default()
        });
        assert_eq!(inputs.cache, PathBuf::from("content/.knn-cache"));
        assert!(inputs.theme.join("templates").is_dir(), "{}", inputs.theme.display());
        assert_eq!(inputs.size_limit_mb, 1000);
    }
}
