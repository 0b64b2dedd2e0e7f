//! The registry of Chachoengsao's districts and sub-districts, shipped with knn as data
//! (`data/chachoengsao.json`, see `data/README.md` for its sources and licences).

use serde::Deserialize;

/// The registry JSON, compiled into the binary so that validation never depends on the disk.
const REGISTRY_JSON: &str = include_str!("../data/chachoengsao.json");

/// The province with its districts.
#[derive(Debug, Deserialize)]
pub(crate) struct Registry {
    pub(crate) province: Province,
    pub(crate) districts: Vec<DistrictInfo>,
}

/// The province's names.
#[derive(Debug, Deserialize)]
pub(crate) struct Province {
    pub(crate) name_th: String,
    pub(crate) name_en: String,
}

/// One district (อำเภอ) as registered.
#[derive(Debug, Deserialize)]
pub(crate) struct DistrictInfo {
    pub(crate) code: String,
    pub(crate) name_th: String,
    pub(crate) name_en: String,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) subdistricts: Vec<SubdistrictInfo>,
}

/// One sub-district (ตำบล).
#[derive(Debug, Deserialize)]
pub(crate) struct SubdistrictInfo {
    pub(crate) name_th: String,
    pub(crate) name_en: String,
}

impl Registry {
    /// The district named by its folder name, English or Thai name (`อำเภอ`/`อ.` allowed);
    /// an unknown name is an error naming the nearest.
    pub(crate) fn find_district(&self, name: &str) -> Result<&DistrictInfo, String> {
        let trimmed = name.trim().trim_start_matches("อำเภอ").trim_start_matches("อ.");
        let wanted = trimmed.to_lowercase();
        let found = self
            .districts
            .iter()
            .find(|d| d.slug() == wanted || d.name_en.to_lowercase() == wanted || d.name_th == trimmed);
        if let Some(d) = found {
            return Ok(d);
        }
        let slugs: Vec<String> = self.districts.iter().map(|d| d.slug()).collect();
        let near = crate::diag::nearest(name, slugs.iter().map(String::as_str));
        Err(format!(
            "ไม่รู้จักอำเภอ `{name}` (unknown district)\n  = วิธีแก้ (hint): {}อำเภอที่มี: {}",
            near.map(|n| format!("หมายถึง `{n}` หรือไม่? ")).unwrap_or_default(),
            slugs.join(", ")
        ))
    }

    /// The registry shipped with knn.
    pub(crate) fn shipped() -> Registry {
        serde_json::from_str(REGISTRY_JSON).expect("data/chachoengsao.json is valid (checked by a unit test)")
    }
}

impl DistrictInfo {
    /// The folder name of this district: `Bang Nam Priao` -> `bang-nam-priao`.
    pub(crate) fn slug(&self) -> String {
        self.name_en
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-")
    }

    /// The sub-district named `name` (Thai or English, any case).
    pub(crate) fn subdistrict(&self, name: &str) -> Option<&SubdistrictInfo> {
        let name = name.trim();
        self.subdistricts
            .iter()
            .find(|s| s.name_th == name || s.name_en.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_has_eleven_districts_and_their_subdistricts() {
        let r = Registry::shipped();
        assert_eq!(r.districts.len(), 11);
        assert_eq!(r.districts.iter().map(|d| d.subdistricts.len()).sum::<usize>(), 93);
        let d = r.districts.iter().find(|d| d.slug() == "bang-nam-priao").expect("slug");
        assert_eq!(d.name_th, "บางน้ำเปรี้ยว");
        assert!(d.subdistrict("บางน้ำเปรี้ยว").is_some());
        assert!(r.districts.iter().any(|d| d.slug() == "mueang-chachoengsao"));
    }
}
