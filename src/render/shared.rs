//! What many pages show and is computed once per render, before the pages: the site's months,
//! each district's photo list (its page and every gallery page show slices of it) and newest
//! share card, and the QR code of every sign (the A4 and A5 sign share one).

use super::pages::{gallery, sign};
use super::views::{Ctx, GalleryItem, ShareImage};
use crate::model::Site;
use crate::report::Month;
use qrcode::QrCode;
use rayon::prelude::*;
use std::collections::HashMap;

/// The lists several pages share, each made once.
#[derive(Default)]
pub(crate) struct Shared {
    /// Every month from the first activity's to the last's (`report::months`).
    pub(crate) months: Vec<Month>,
    /// Per district (by slug): every activity photo, newest activity first.
    photos: HashMap<String, Vec<GalleryItem>>,
    /// Per district (by slug): the share card of its newest activity with one.
    cards: HashMap<String, Option<ShareImage>>,
    /// Each sign's QR code, by the URL it opens (drawn as SVG by each sign page: the SVG of
    /// a province's signs would take 15 times the memory).
    qr: HashMap<String, QrCode>,
}

impl Shared {
    /// Computes every shared list (the photo lists and QR codes in parallel); a QR code in
    /// `known` (an earlier render's, by URL) is taken from it.
    pub(crate) fn new(ctx: &Ctx, site: &Site, known: Option<&HashMap<String, QrCode>>) -> Shared {
        let per_district: Vec<_> = site
            .districts
            .par_iter()
            .map(|d| {
                let card = gallery::latest_share(ctx, d.plots.iter().flat_map(|p| &p.activities));
                (d.slug.clone(), gallery::district_items(ctx, d), card)
            })
            .collect();
        let targets: Vec<String> = site
            .districts
            .iter()
            .flat_map(|d| d.plots.iter().map(move |p| (d, p)))
            .flat_map(|(d, p)| {
                std::iter::once(None)
                    .chain((0..p.stations.len()).map(Some))
                    .map(move |s| sign::target(ctx, d, p, s))
            })
            .collect();
        let qr = targets
            .into_par_iter()
            .filter_map(|t| {
                let code = known.and_then(|k| k.get(&t).cloned()).or_else(|| sign::qr_code(&t))?;
                Some((t, code))
            })
            .collect();
        let mut shared = Shared {
            months: crate::report::months(site),
            qr,
            ..Shared::default()
        };
        for (slug, photos, card) in per_district {
            shared.photos.insert(slug.clone(), photos);
            shared.cards.insert(slug, card);
        }
        shared
    }

    /// A district's activity photos, newest first (empty for an unknown district).
    pub(crate) fn photos(&self, district: &str) -> &[GalleryItem] {
        self.photos.get(district).map_or(&[], Vec::as_slice)
    }

    /// A district's newest share card.
    pub(crate) fn card(&self, district: &str) -> Option<ShareImage> {
        self.cards.get(district).cloned().flatten()
    }

    /// Every sign's QR code, by URL, for the next render.
    pub(crate) fn qr_codes(&self) -> &HashMap<String, QrCode> {
        &self.qr
    }

    /// The QR code of a sign's URL as SVG (the code made here if it was not made beforehand).
    pub(crate) fn qr(&self, target: &str) -> Option<String> {
        match self.qr.get(target) {
            Some(code) => Some(sign::svg_of(code)),
            None => sign::qr_svg(target),
        }
    }
}
