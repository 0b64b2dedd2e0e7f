//! The validated site: typed, complete, in display order. Everything later stages need and
//! nothing they must not show: personal data sits apart in `Private`, which no view reads.

use crate::load::Body;
use crate::thai::Date;
use crate::values::Opt;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The whole validated site.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) config: Config,
    /// All 11 districts in registry (code) order, with or without plots.
    pub(crate) districts: Vec<District>,
    /// Markdown of the about page (`about.md` in the site folder; may be empty).
    pub(crate) about: String,
}

/// Settings from `site.yaml` (and the command line).
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) title: String,
    pub(crate) description: String,
    /// Absolute URL ending in `/`.
    pub(crate) base_url: String,
    /// The path part of `base_url`, starting and ending in `/` (`/knn/`).
    pub(crate) base_path: String,
    pub(crate) language: String,
    pub(crate) thai_digits: bool,
    pub(crate) sample: bool,
    pub(crate) office: String,
    pub(crate) min_photos: usize,
    pub(crate) province_th: String,
    /// The day of the month the report is due at the province (1-28; default 20).
    pub(crate) report_due_day: u32,
    /// Whether the printable report forms (without house number and phone) are published.
    pub(crate) publish_forms: bool,
    /// The GitHub repository (`owner/name`) the web form saves to, when known.
    pub(crate) repository: Option<String>,
    /// The OAuth authenticator the web form signs in through (else tokens only).
    pub(crate) auth_url: Option<String>,
    /// Where a build puts the photos' files instead of the site: an S3-compatible bucket.
    pub(crate) images: Option<RemoteImages>,
}

/// An S3-compatible bucket for the photos' files (`images_*` in `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemoteImages {
    /// Where pages point their `<img>`: an absolute URL ending in `/`.
    pub(crate) base_url: String,
    /// The bucket's name.
    pub(crate) bucket: String,
    /// The folder inside the bucket: empty, or ending in `/`.
    pub(crate) prefix: String,
    /// The S3-compatible service's address (AWS itself when absent).
    pub(crate) endpoint: Option<String>,
}

/// A district (อำเภอ) from the registry with its plots.
#[derive(Debug)]
pub(crate) struct District {
    pub(crate) slug: String,
    pub(crate) code: String,
    pub(crate) name_th: String,
    pub(crate) name_en: String,
    pub(crate) plots: Vec<Plot>,
}

/// A model plot (พื้นที่ต้นแบบ).
#[derive(Debug)]
pub(crate) struct Plot {
    pub(crate) slug: String,
    pub(crate) name: String,
    /// The owner's name, only when the owner agreed to publish it.
    pub(crate) public_owner: Option<String>,
    pub(crate) model: &'static Opt,
    pub(crate) programme: &'static Opt,
    pub(crate) size_rai: f64,
    pub(crate) moo: Option<u32>,
    pub(crate) subdistrict_th: String,
    pub(crate) location: Option<(f64, f64)>,
    pub(crate) rating: &'static Opt,
    pub(crate) parts: Vec<&'static Opt>,
    pub(crate) teachers: Vec<String>,
    pub(crate) clusters: Vec<String>,
    /// Learning stations (ฐานเรียนรู้) on the plot, each with a QR sign of its own.
    pub(crate) stations: Vec<String>,
    /// Markdown description.
    pub(crate) body: Body,
    /// Newest first.
    pub(crate) activities: Vec<Activity>,
    pub(crate) lessons: Vec<Lesson>,
    pub(crate) products: Vec<Product>,
    pub(crate) markets: Vec<Market>,
    /// Personal data for the internal monthly report; never rendered on the public site.
    pub(crate) private: Private,
}

/// Personal data of a plot owner (PDPA): kept for the report, never published.
#[derive(Debug)]
pub(crate) struct Private {
    pub(crate) owner: String,
    pub(crate) house_no: String,
    pub(crate) phone: String,
}

/// A photo of a page bundle, in display order.
#[derive(Debug, Clone)]
pub(crate) struct Photo {
    /// Path relative to the site folder (the key of the image plan).
    pub(crate) source: String,
    pub(crate) path: PathBuf,
    /// URL-safe output name without extension.
    pub(crate) stem: String,
    pub(crate) caption: Option<String>,
}

/// Photo formats knn converts and publishes. HEIC, HEIF and AVIF files are listed (so each
/// gets a warning saying how to get a JPEG) but never published.
const PUBLISHABLE: &[&str] = &["jpg", "jpeg", "png", "webp"];

impl Photo {
    /// Whether this photo will be on the site and counts toward the form's minimum: a format
    /// knn publishes, and not refused by the images stage (`refused`: the sources it warned
    /// about). `knn check`, `knn build` and `knn report` all count photos with this.
    pub(crate) fn usable(&self, refused: &BTreeSet<String>) -> bool {
        let ext = self.source.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        ext.is_some_and(|e| PUBLISHABLE.contains(&e.as_str())) && !refused.contains(&self.source)
    }
}

/// A monthly activity (form items 4-6 and the signature block).
#[derive(Debug)]
pub(crate) struct Activity {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) date: Date,
    pub(crate) kind: &'static Opt,
    pub(crate) strategies: Vec<&'static Opt>,
    pub(crate) participants: Option<u32>,
    pub(crate) publicity: Vec<Link>,
    pub(crate) reporter: Reporter,
    pub(crate) photos: Vec<Photo>,
    pub(crate) body: Body,
}

/// A publicity link with the platform recognised from its host.
#[derive(Debug)]
pub(crate) struct Link {
    pub(crate) url: String,
    pub(crate) platform: &'static str,
}

/// The reporter of an activity.
#[derive(Debug)]
pub(crate) struct Reporter {
    pub(crate) name: String,
    pub(crate) position: String,
    pub(crate) date: Option<Date>,
}

/// A lesson learned (ถอดบทเรียน / Best Practice).
#[derive(Debug)]
pub(crate) struct Lesson {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) date: Date,
    pub(crate) topic: String,
    pub(crate) success_factors: Vec<String>,
    pub(crate) honoured: bool,
    pub(crate) photos: Vec<Photo>,
    pub(crate) body: Body,
}

/// A product of a plot.
#[derive(Debug)]
pub(crate) struct Product {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) category: &'static Opt,
    pub(crate) certifications: Vec<String>,
    pub(crate) price: Option<f64>,
    pub(crate) unit: String,
    pub(crate) order: String,
    pub(crate) photos: Vec<Photo>,
    pub(crate) body: Body,
}

/// Where a plot sells.
#[derive(Debug)]
pub(crate) struct Market {
    pub(crate) name: String,
    pub(crate) level: &'static Opt,
    pub(crate) kind: &'static Opt,
    pub(crate) schedule: String,
    pub(crate) place: String,
    pub(crate) link: Option<String>,
}
