//! Stage 3, images: every photo shown on the site becomes lossy WebP at a few widths (and,
//! when it leads a page, a 1200x630 JPEG share card and 4:3 crops for the page's lead slot),
//! upright, in sRGB and without metadata.
//! Outputs come from the persistent cache when the source is unchanged; new or changed
//! photos are processed in parallel, one decoded image per worker thread at a time. The
//! result is the plan the renderer links to and the list of files `write` publishes.

mod bucket;
mod cache;
mod encode;
mod outputs;
mod pixels;
mod probe;

use crate::diag::Diagnostic;
use crate::model::{Photo, RemoteImages, Site};
use cache::{Cache, Entry, Seen, Stored};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use outputs::{output_names, size_of};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Widths of the WebP outputs (never wider than the photo).
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1600];
/// The share card's size (Facebook and LINE crop to about 1.91:1).
pub(crate) const CARD: (u32, u32) = (1200, 630);
/// Widths of the 4:3 centre crops made for the lead slot of a page (a phone shows its lead
/// photo across the column in 4:3): 480 for a phone at 1x, 720 for the common 360-412 px
/// phones at 1.75-2x (Lighthouse's phone needs 665 px), 960 for the 3x ones.
pub(crate) const LEAD_WIDTHS: [u32; 3] = [480, 720, 960];

/// One published file of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    /// Path relative to the output root (`districts/.../img-480.webp`).
    pub(crate) path: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// The outputs of one photo.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    /// WebP variants, narrowest first.
    pub(crate) variants: Vec<Variant>,
    /// The share card, for photos that lead a page.
    pub(crate) card: Option<Variant>,
    /// The 4:3 crops for the lead slot, narrowest first (none unless the photo leads a page).
    pub(crate) lead: Vec<Variant>,
    /// CSS `background` shown while the photo loads.
    pub(crate) placeholder: String,
    /// The bytes of every file published for this photo.
    pub(crate) bytes: u64,
}

impl Planned {
    /// The narrowest variant.
    pub(crate) fn small(&self) -> &Variant {
        &self.variants[0]
    }

    /// The widest variant.
    pub(crate) fn large(&self) -> &Variant {
        &self.variants[self.variants.len() - 1]
    }
}

/// A cached file to publish under `path`.
#[derive(Debug, Clone)]
pub(crate) struct Published {
    pub(crate) cached: PathBuf,
    pub(crate) path: String,
    pub(crate) bytes: u64,
}

/// Every photo's outputs, by source path, and the files to publish: into the site, or
/// (with a bucket) as objects named by their content, each `path` then an object's name.
#[derive(Debug, Default)]
pub(crate) struct ImagePlan {
    pub(crate) photos: BTreeMap<String, Planned>,
    pub(crate) files: Vec<Published>,
    /// The objects the bucket must hold before the pages naming them are published, each
    /// name once.
    pub(crate) objects: Vec<Published>,
    /// The bucket the objects go to (and where they are seen on the web), when there is one.
    pub(crate) remote: Option<RemoteImages>,
}

pub(crate) use bucket::{BucketKeys, Uploaded, upload};

/// What the stage did.
#[derive(Debug, Default)]
pub(crate) struct ImageStats {
    pub(crate) photos: usize,
    pub(crate) processed: usize,
    pub(crate) reused: usize,
    pub(crate) bytes_in: u64,
    pub(crate) bytes_out: u64,
    pub(crate) seconds: f64,
    /// Warnings about photos that were still used (a file much larger than it needs to be).
    pub(crate) notes: Vec<Diagnostic>,
}

/// Where the cache lives, whether to draw a progress bar, and whether to convert photos or
/// only probe them (`knn check`: the same plan and warnings, nothing converted or written).
#[derive(Debug, Clone)]
pub(crate) struct ImageOptions {
    pub(crate) cache: PathBuf,
    pub(crate) progress: bool,
    pub(crate) probe_only: bool,
    /// The bucket the outputs go to instead of the site (only `knn build` names one).
    pub(crate) remote: Option<RemoteImages>,
}

/// The parameters that change the outputs; part of every cache key.
fn params() -> String {
    params_of(&WIDTHS, &LEAD_WIDTHS, encode::LEAD_QUALITY)
}

/// The cache key's parameters for these widths and lead crops (so changing either list, or
/// the crops' quality, makes every photo's outputs again).
fn params_of(widths: &[u32], lead: &[u32], lead_quality: f32) -> String {
    let text = format!(
        "w{widths:?}-webp{}-card{CARD:?}-filled-jpeg{}-lead{lead:?}-4x3-webp{lead_quality}",
        encode::WEBP_QUALITY,
        encode::JPEG_QUALITY
    );
    cache::hash(text.as_bytes())[..8].to_string()
}

/// One photo's work: what it is, where it comes from, what it needs.
struct Job<'a> {
    photo: &'a Photo,
    card: bool,
}

/// How one photo went.
enum Done {
    Ready {
        source: String,
        seen: Seen,
        key: String,
        entry: Entry,
        reused: bool,
    },
    Failed(Diagnostic),
}

/// Processes every photo of the site (from the cache where possible) into a plan.
pub(crate) fn process(site: &Site, opts: &ImageOptions) -> (ImagePlan, ImageStats, Vec<Diagnostic>) {
    let start = Instant::now();
    let jobs = jobs(site);
    let cache = Cache::open(&opts.cache);
    let params = params();
    let bar = progress_bar(jobs.len() as u64, opts.progress, "ภาพถ่าย (photos)");
    let done: Vec<Done> = jobs
        .par_iter()
        .map(|job| {
            let d = run(job, &cache, &params, opts.probe_only);
            bar.inc(1);
            d
        })
        .collect();
    bar.finish_and_clear();
    let mut plan = ImagePlan {
        remote: opts.remote.clone(),
        ..ImagePlan::default()
    };
    let mut stats = ImageStats::default();
    let mut diags = Vec::new();
    let mut sources = BTreeMap::new();
    let mut used = BTreeMap::new();
    for (job, d) in jobs.iter().zip(done) {
        match d {
            Done::Ready {
                source,
                seen,
                key,
                entry,
                reused,
            } => {
                stats.photos += 1;
                stats.bytes_in += seen.size;
                stats.notes.extend(probe::large(&source, seen.size));
                if reused {
                    stats.reused += 1;
                } else {
                    stats.processed += 1;
                }
                let remote = plan.remote.is_some();
                let into = if remote { &mut plan.objects } else { &mut plan.files };
                let planned = publish(&cache, job, &key, &entry, remote, into);
                plan.photos.insert(source.clone(), planned);
                sources.insert(source, seen);
                match used.get_mut(&key) {
                    Some(e) => Entry::merge(e, entry),
                    None => {
                        used.insert(key, entry);
                    }
                }
            }
            Done::Failed(d) => diags.push(d),
        }
    }
    // The same photo under two names is one object.
    plan.objects.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    plan.objects.dedup_by(|a, b| a.path == b.path);
    stats.bytes_out = plan.files.iter().chain(&plan.objects).map(|f| f.bytes).sum();
    if opts.probe_only {
        stats.seconds = start.elapsed().as_secs_f64();
        return (plan, stats, diags);
    }
    if let Err(e) = cache.save(sources, used) {
        diags.push(Diagnostic::warning(
            &opts.cache.display().to_string(),
            1,
            1,
            format!("บันทึกแคชภาพไม่ได้ (could not write the image cache): {e}"),
        ));
    }
    stats.seconds = start.elapsed().as_secs_f64();
    (plan, stats, diags)
}

/// Every photo shown on the site, once, with whether it leads a page (and so needs a card).
fn jobs(site: &Site) -> Vec<Job<'_>> {
    let mut seen = BTreeSet::new();
    let mut jobs = Vec::new();
    for plot in site.districts.iter().flat_map(|d| &d.plots) {
        let bundles = plot
            .activities
            .iter()
            .map(|a| &a.photos)
            .chain(plot.lessons.iter().map(|l| &l.photos))
            .chain(plot.products.iter().map(|x| &x.photos));
        for photos in bundles {
            for (i, photo) in photos.iter().enumerate() {
                if seen.insert(&photo.source) {
                    jobs.push(Job { photo, card: i == 0 });
                }
            }
        }
    }
    jobs
}

/// A progress bar on standard error, drawn only on a terminal and never in CI.
fn progress_bar(len: u64, wanted: bool, what: &str) -> ProgressBar {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    if !wanted || in_ci || len == 0 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(&format!("{what} {{wide_bar}} {{pos}}/{{len}} เหลือ {{eta}}"))
    {
        bar.set_style(style);
    }
    bar
}

/// Finds a photo's outputs in the cache or makes them (or, with `probe_only`, plans them from
/// the photo's header without converting).
fn run(job: &Job, cache: &Cache, params: &str, probe_only: bool) -> Done {
    let photo = job.photo;
    let fail = |message: String, hint: &str| {
        let d = Diagnostic::warning(&photo.source, 1, 1, message);
        Done::Failed(if hint.is_empty() { d } else { d.with_hint(hint) })
    };
    let (size, mtime_s, mtime_ns) = match cache::stat(&photo.path) {
        Ok(s) => s,
        Err(e) => return fail(format!("อ่านไฟล์ภาพไม่ได้ (unreadable file): {e}"), ""),
    };
    if let Err(r) = probe::check_size(size) {
        return fail(r.message, &r.hint);
    }
    let known = cache
        .manifest
        .sources
        .get(&photo.source)
        .filter(|s| s.size == size && s.mtime_s == mtime_s && s.mtime_ns == mtime_ns);
    let mut bytes = None;
    let hash = match known {
        Some(s) => s.hash.clone(),
        None => match probe::read_file(&photo.path) {
            Ok(b) => {
                let h = cache::hash(&b);
                bytes = Some(b);
                h
            }
            Err(r) => return fail(r.message, &r.hint),
        },
    };
    let seen = Seen {
        size,
        mtime_s,
        mtime_ns,
        hash: hash.clone(),
    };
    let key = format!("{hash}-{params}");
    // The lead crops are made with the card, under a key that names them.
    let needed: Vec<String> = if job.card { vec!["card".into()] } else { vec![] };
    if let Some(entry) = cache.complete(&key, &needed) {
        return Done::Ready {
            source: photo.source.clone(),
            seen,
            key,
            entry: entry.clone(),
            reused: true,
        };
    }
    let bytes = match bytes.map_or_else(|| probe::read_file(&photo.path), Ok) {
        Ok(b) => b,
        Err(r) => return fail(r.message, &r.hint),
    };
    let made = if probe_only {
        plan_only(&bytes, job.card)
    } else {
        make(&bytes, job.card, cache, &key)
    };
    match made {
        Ok(entry) => Done::Ready {
            source: photo.source.clone(),
            seen,
            key,
            entry,
            reused: false,
        },
        Err(r) => fail(r.message, &r.hint),
    }
}

/// The outputs a conversion would make, from the photo's header alone: sizes known, bytes
/// estimated (a WebP at q75 of a phone photo is about a fifth of a byte per pixel).
fn plan_only(bytes: &[u8], card: bool) -> Result<Entry, probe::Refusal> {
    let header = probe::probe(bytes)?;
    let (w, h) = header.upright();
    let outputs = output_names(w, h, card)
        .into_iter()
        .map(|name| {
            let (width, height) = size_of(&name, w, h);
            Stored {
                bytes: u64::from(width) * u64::from(height) / 5,
                name,
                width,
                height,
            }
        })
        .collect();
    Ok(Entry {
        placeholder: String::new(),
        outputs,
    })
}

/// Decodes one photo once and encodes all its outputs into the cache.
fn make(bytes: &[u8], card: bool, cache: &Cache, key: &str) -> Result<Entry, probe::Refusal> {
    let header = probe::probe(bytes)?;
    let (w, h) = header.upright();
    let names = output_names(w, h, card);
    let sizes: Vec<(String, u32, u32)> = names
        .iter()
        .map(|n| (n.clone(), size_of(n, w, h)))
        .map(|(n, (a, b))| (n, a, b))
        .collect();
    let need = sizes
        .iter()
        .map(|(_, ow, oh)| (f64::from(*ow) / f64::from(w)).max(f64::from(*oh) / f64::from(h)))
        .fold(0.0, f64::max);
    let failed = |why: String| probe::Refusal {
        message: format!("แปลงไฟล์ภาพไม่สำเร็จ ไฟล์อาจเสียหาย (photo failed to convert, corrupt data): {why}"),
        hint: "เปิดภาพในโทรศัพท์หรือคอมพิวเตอร์ แล้วบันทึกหรือส่งออกใหม่เป็นไฟล์ .jpg แล้ววางแทนไฟล์เดิม".into(),
    };
    let decoded = pixels::decode(bytes, &header, need).map_err(failed)?;
    let mut resizer = fast_image_resize::Resizer::new();
    let mut outputs = Vec::new();
    let mut placeholder = String::new();
    for (name, ow, oh) in &sizes {
        let img = pixels::resize_upright(&decoded, &header, *ow, *oh, &mut resizer).map_err(failed)?;
        if placeholder.is_empty() {
            placeholder = pixels::placeholder(&img);
        }
        let encoded = if name == "card" {
            encode::jpeg(&img)
        } else if name.starts_with("lead") {
            encode::webp_at(&img, encode::LEAD_QUALITY)
        } else {
            encode::webp(&img)
        }
        .map_err(failed)?;
        cache
            .put(key, name, &encoded)
            .map_err(|e| failed(format!("cache: {e}")))?;
        outputs.push(Stored {
            name: name.clone(),
            width: *ow,
            height: *oh,
            bytes: encoded.len() as u64,
        });
    }
    Ok(Entry { placeholder, outputs })
}

/// The plan entry of a photo, and its files to publish: beside its page, or (`remote`) as
/// objects named by the photo's content and the outputs' parameters.
fn publish(cache: &Cache, job: &Job, key: &str, entry: &Entry, remote: bool, files: &mut Vec<Published>) -> Planned {
    let photo = job.photo;
    let dir = photo.source.rsplit_once('/').map_or("", |(d, _)| d);
    let mut variants = Vec::new();
    let mut lead = Vec::new();
    let mut card = None;
    let mut bytes = 0;
    for o in &entry.outputs {
        let is_card = o.name == "card";
        let is_lead = o.name.starts_with("lead");
        let path = if remote {
            bucket::object_name(key, &o.name)
        } else if is_card {
            format!("{dir}/{}-card.jpg", photo.stem)
        } else if is_lead {
            format!("{dir}/{}-{}x{}.webp", photo.stem, o.width, o.height)
        } else {
            format!("{dir}/{}-{}.webp", photo.stem, o.width)
        };
        if (is_card || is_lead) && !job.card {
            continue;
        }
        bytes += o.bytes;
        files.push(Published {
            cached: cache.file(key, &o.name),
            path: path.clone(),
            bytes: o.bytes,
        });
        let v = Variant {
            path,
            width: o.width,
            height: o.height,
        };
        if is_card {
            card = Some(v);
        } else if is_lead {
            lead.push(v);
        } else {
            variants.push(v);
        }
    }
    variants.sort_by_key(|v| v.width);
    lead.sort_by_key(|v| v.width);
    Planned {
        variants,
        card,
        lead,
        placeholder: entry.placeholder.clone(),
        bytes,
    }
}

/// The default cache folder: `.knn-cache` in the site folder (hidden, so `load` skips it;
/// listed in `.gitignore`).
pub(crate) fn default_cache(site: &Path) -> PathBuf {
    site.join(".knn-cache")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_key_names_the_lead_crops() {
        let now = params_of(&WIDTHS, &LEAD_WIDTHS, encode::LEAD_QUALITY);
        assert_eq!(params(), now);
        assert_ne!(now, params_of(&WIDTHS, &[], encode::LEAD_QUALITY), "crops added");
        assert_ne!(
            now,
            params_of(&WIDTHS, &[480, 960], encode::LEAD_QUALITY),
            "other widths"
        );
        assert_ne!(now, params_of(&WIDTHS, &LEAD_WIDTHS, 75.0), "another quality");
        assert!(cache::is_key(&format!("{}-{now}", cache::hash(b"photo"))));
    }

    /// A phone photo stored sideways (EXIF orientation 6): its lead crops come out upright,
    /// the middle of the upright photo, and its share card and crops are published beside it.
    #[test]
    fn lead_crops_of_a_turned_phone_photo_are_its_upright_middle() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/phone-photos/districts/bang-khla/ban-rai-plot/activities/2024-01-10-phone-photos/04-RainDrops.jpg");
        let bytes = std::fs::read(path).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::open(tmp.path());
        let key = format!("{}-{}", cache::hash(&bytes), params());
        let entry = make(&bytes, true, &cache, &key).unwrap();
        let size = |name: &str| {
            let o = entry.outputs.iter().find(|o| o.name == name).unwrap();
            (o.width, o.height)
        };
        assert_eq!(size("480"), (480, 640), "the photo is upright (portrait)");
        assert_eq!(size("lead480"), (480, 360));
        assert_eq!(size("lead960"), (960, 720));
        let read = |name: &str| image::open(cache.file(&key, name)).unwrap().into_rgb8();
        let (crop, whole) = (read("lead480"), read("480"));
        assert_eq!(crop.dimensions(), (480, 360));
        let middle = image::imageops::crop_imm(&whole, 0, 140, 480, 360).to_image();
        let upside_down = image::imageops::rotate180(&middle);
        let differ = |a: &image::RgbImage, b: &image::RgbImage| {
            let sum: u64 = a
                .as_raw()
                .iter()
                .zip(b.as_raw())
                .map(|(x, y)| u64::from(x.abs_diff(*y)))
                .sum();
            sum as f64 / a.as_raw().len() as f64
        };
        let (same, turned) = (differ(&crop, &middle), differ(&crop, &upside_down));
        assert!(same < 6.0, "the crop is the upright middle: {same}");
        assert!(turned > same * 3.0, "and not turned: {turned} against {same}");
        let job = Job {
            photo: &Photo {
                source: "d/p/a/04.jpg".into(),
                path: PathBuf::new(),
                stem: "04".into(),
                caption: None,
            },
            card: true,
        };
        let mut files = Vec::new();
        let planned = publish(&cache, &job, &key, &entry, false, &mut files);
        let paths: Vec<&str> = planned.lead.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "d/p/a/04-480x360.webp",
                "d/p/a/04-720x540.webp",
                "d/p/a/04-960x720.webp"
            ]
        );
        assert!(
            files
                .iter()
                .any(|f| f.path == "d/p/a/04-960x720.webp" && f.cached.is_file())
        );
        let plain = Job { card: false, ..job };
        assert!(
            publish(&cache, &plain, &key, &entry, false, &mut Vec::new())
                .lead
                .is_empty()
        );
        let mut objects = Vec::new();
        let remote = publish(&cache, &job, &key, &entry, true, &mut objects);
        let name = &remote.variants[0].path;
        assert!(name.ends_with("-480.webp") && !name.contains('/'), "{name}");
        assert!(
            name.get(..32).is_some_and(|hash| key.starts_with(hash)),
            "named by the photo's content: {name}"
        );
        assert_eq!(objects.len(), files.len(), "the same outputs, in the bucket");
    }
}
