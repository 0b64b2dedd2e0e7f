//! Where a plot and its pages live, from the model alone: the one place their folders (in the
//! output, no trailing slash) and their content files (in the site folder) are spelled. The
//! pages, galleries, feeds, search index, forms and report all ask here.

use crate::model::{Activity, District, Lesson, Plot, Product};

/// A district's folder: `districts/<district>`.
pub(crate) fn district(d: &District) -> String {
    format!("districts/{}", d.slug)
}

/// A plot's folder: `districts/<district>/<plot>`.
pub(crate) fn plot(d: &District, p: &Plot) -> String {
    format!("districts/{}/{}", d.slug, p.slug)
}

/// An activity's folder.
pub(crate) fn activity(d: &District, p: &Plot, a: &Activity) -> String {
    format!("{}/activities/{}", plot(d, p), a.slug)
}

/// A lesson's folder.
pub(crate) fn lesson(d: &District, p: &Plot, l: &Lesson) -> String {
    format!("{}/lessons/{}", plot(d, p), l.slug)
}

/// A product's folder.
pub(crate) fn product(d: &District, p: &Plot, x: &Product) -> String {
    format!("{}/products/{}", plot(d, p), x.slug)
}

/// The content file of a page bundle (the site's folders mirror the output's):
/// `<folder>/index.md`.
pub(crate) fn bundle_source(folder: &str) -> String {
    format!("{folder}/index.md")
}

/// A plot's content file: `<plot folder>/plot.md`.
pub(crate) fn plot_source(d: &District, p: &Plot) -> String {
    format!("{}/plot.md", plot(d, p))
}
