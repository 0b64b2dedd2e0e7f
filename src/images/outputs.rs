//! Which files a photo becomes, by its upright size: the widths (never wider than the photo),
//! the share card and the 4:3 lead crops, with their names (`480`, `card`, `lead720`) and
//! pixel sizes.

use super::{CARD, LEAD_WIDTHS, WIDTHS};

/// The names of the outputs a photo of upright size `w` x `h` needs.
pub(super) fn output_names(w: u32, h: u32, card: bool) -> Vec<String> {
    let mut names: Vec<String> = WIDTHS
        .iter()
        .filter(|&&t| f64::from(t) < f64::from(w) * 0.9)
        .map(|t| t.to_string())
        .collect();
    if w < WIDTHS[WIDTHS.len() - 1] {
        names.push(w.to_string());
    } else if !names.contains(&WIDTHS[2].to_string()) {
        names.push(WIDTHS[2].to_string());
    }
    names.dedup();
    if card {
        names.push("card".into());
        names.extend(lead_names(w, h));
    }
    names
}

/// The names of the lead crops of a photo of upright size `w` x `h`: `lead480`, `lead720`,
/// `lead960`, never wider than the photo's own 4:3 middle (a small photo gets fewer).
fn lead_names(w: u32, h: u32) -> Vec<String> {
    let most = lead_most(w, h);
    let mut widths: Vec<u32> = LEAD_WIDTHS.iter().map(|&t| t.min(most)).collect();
    widths.dedup();
    widths.iter().map(|t| format!("lead{t}")).collect()
}

/// The width of the largest 4:3 middle of a photo of upright size `w` x `h` (at least 4).
fn lead_most(w: u32, h: u32) -> u32 {
    w.min((u64::from(h) * 4 / 3).min(u64::from(u32::MAX)) as u32).max(4)
}

/// The size of an output of a photo whose upright size is `w` x `h`.
/// The share card is always 1200x630 (the middle of the photo, enlarged if it is smaller),
/// the size Facebook and LINE show large; a lead crop is 4:3 (the middle of the photo, never
/// enlarged); the other outputs are never wider than the photo.
pub(super) fn size_of(name: &str, w: u32, h: u32) -> (u32, u32) {
    if name == "card" {
        return CARD;
    }
    if let Some(width) = name.strip_prefix("lead") {
        let most = lead_most(w, h);
        let width: u32 = width.parse().unwrap_or(most).min(most);
        return (width, width * 3 / 4);
    }
    let width: u32 = name.parse().unwrap_or(w).min(w);
    let height = ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w)).max(1) as u32;
    (width, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_never_wider_than_the_photo() {
        assert_eq!(
            output_names(4032, 3024, true),
            ["480", "960", "1600", "card", "lead480", "lead720", "lead960"]
        );
        assert_eq!(output_names(1024, 768, false), ["480", "1024"]);
        assert_eq!(output_names(300, 400, false), ["300"]);
        assert_eq!(output_names(1700, 1000, false), ["480", "960", "1600"]);
    }

    #[test]
    fn lead_crops_are_4x3_and_never_wider_than_the_photo() {
        assert_eq!(size_of("lead480", 3024, 4032), (480, 360));
        assert_eq!(size_of("lead720", 4032, 3024), (720, 540));
        assert_eq!(size_of("lead960", 3024, 4032), (960, 720));
        // The sample's first activity photo, 768x1024: its largest 4:3 middle is 768x576.
        assert_eq!(lead_names(768, 1024), ["lead480", "lead720", "lead768"]);
        assert_eq!(size_of("lead768", 768, 1024), (768, 576));
        // A wide panorama: the crop is limited by its height (600 * 4/3 = 800).
        assert_eq!(lead_names(3000, 600), ["lead480", "lead720", "lead800"]);
        assert_eq!(size_of("lead800", 3000, 600), (800, 600));
        assert_eq!(lead_names(400, 300), ["lead400"]);
        assert_eq!(output_names(400, 300, true), ["400", "card", "lead400"]);
    }

    #[test]
    fn card_is_always_1200x630() {
        assert_eq!(size_of("card", 4032, 3024), (1200, 630));
        assert_eq!(size_of("card", 600, 800), (1200, 630));
        assert_eq!(size_of("480", 3024, 4032), (480, 640));
    }
}
