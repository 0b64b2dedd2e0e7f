//! Where `knn build` and `knn report` may write: the `--out` folder is checked before anything
//! is written, and refused when replacing it could delete anything of the user's (the site
//! itself, a folder around it, the home folder, a system folder, a file, a folder of other
//! files). knn marks every folder it writes with a `.knn-output` file, so it can tell its own.

use super::found::{Found, folder_kind, inspect, resolve};
use std::path::{Path, PathBuf};

/// Which command writes a folder; each replaces only folders of its own kind, so a build can
/// never replace a reports folder (personal data) and a report never lands in the website.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Site,
    Report,
}

impl Kind {
    /// The marker file's text.
    pub(crate) fn marker_text(self) -> &'static str {
        match self {
            Kind::Site => "knn site output: knn build replaces this whole folder on every build.\n",
            Kind::Report => "knn report output: knn report replaces this whole folder; it holds personal data.\n",
        }
    }

    /// The kind a marker file's text names (its words before the colon).
    pub(super) fn from_marker(text: &str) -> Option<Kind> {
        let head = |k: Kind| k.marker_text().split(':').next().unwrap_or_default();
        [Kind::Site, Kind::Report]
            .into_iter()
            .find(|k| text.starts_with(head(*k)))
    }

    /// The command, as the user typed it.
    fn command(self) -> &'static str {
        match self {
            Kind::Site => "knn build --out",
            Kind::Report => "knn report --out",
        }
    }
}

/// An output folder that passed every check: the absolute path knn may replace.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) path: PathBuf,
    pub(crate) kind: Kind,
    site: PathBuf,
}

impl Target {
    /// The `--out` folder of `knn build` for the site folder `site`.
    pub(crate) fn site(site: &Path, out: &Path) -> Result<Target, String> {
        Target::new(site, out, Kind::Site)
    }

    /// The month folder of `knn report` (`<--out>/<B.E. year-month>`).
    pub(crate) fn report(site: &Path, dir: &Path) -> Result<Target, String> {
        Target::new(site, dir, Kind::Report)
    }

    fn new(site: &Path, out: &Path, kind: Kind) -> Result<Target, String> {
        let target = Target {
            path: resolve(out),
            kind,
            site: resolve(site),
        };
        target.check()?;
        Ok(target)
    }

    /// Looks at the disk again (under the output lock, just before writing): another build
    /// may have written the folder meanwhile, or a person may have put files there.
    pub(crate) fn check(&self) -> Result<(), String> {
        let home = std::env::home_dir().map(|h| resolve(&h));
        let found = inspect(&self.path)?;
        let enclosing = self
            .path
            .ancestors()
            .skip(1)
            .find_map(|a| folder_kind(a).map(|k| (a.to_path_buf(), k)));
        let enclosing = enclosing.as_ref().map(|(p, k)| (p.as_path(), *k));
        decide(&self.site, &self.path, home.as_deref(), self.kind, &found, enclosing)
    }
}

/// The decision, from the paths and what is there (all absolute and normalised). Refuses, in
/// this order: the root of a disk, a system folder, the home folder or a folder around it, the
/// site folder, a folder around it or inside it, a folder inside another knn output, a file, a
/// folder of another command, a folder of other files. Tested with made-up paths, so `/` and
/// the home folder are never touched by a test.
pub(crate) fn decide(
    site: &Path,
    out: &Path,
    home: Option<&Path>,
    kind: Kind,
    found: &Found,
    enclosing: Option<(&Path, Kind)>,
) -> Result<(), String> {
    let shown = out.display();
    let cmd = kind.command();
    let new_folder = match kind {
        Kind::Site => "ระบุโฟลเดอร์ใหม่สำหรับเว็บไซต์ที่สร้าง เช่น --out public (ข้างโฟลเดอร์ content)",
        Kind::Report => "ระบุโฟลเดอร์ใหม่สำหรับรายงาน เช่น --out reports (ข้างโฟลเดอร์ content และนอกโฟลเดอร์ public)",
    };
    let refuse = |why: String| {
        Err(format!(
            "ไม่เขียนลงในโฟลเดอร์ {shown} ({cmd}): {why}\n  = วิธีแก้ (hint): {new_folder}"
        ))
    };
    if out.parent().is_none() {
        return refuse("เป็นโฟลเดอร์รากของเครื่อง ถ้าเขียนลงไป ไฟล์ทั้งหมดในเครื่องจะถูกลบ (refused: the root folder)".into());
    }
    if is_system(out) {
        return refuse("เป็นโฟลเดอร์ของระบบ ถ้าเขียนลงไป เครื่องจะใช้งานไม่ได้ (refused: a system folder)".into());
    }
    if let Some(home) = home.filter(|h| h.starts_with(out)) {
        let what = if home == out {
            "เป็นโฟลเดอร์บ้าน (home folder)"
        } else {
            "มีโฟลเดอร์บ้าน (home folder)"
        };
        return refuse(format!(
            "{what} ของผู้ใช้ {} ถ้าเขียนลงไป เอกสารทั้งหมดของผู้ใช้จะถูกลบ (refused: the home folder)",
            home.display()
        ));
    }
    if out == site {
        return refuse(
            "เป็นโฟลเดอร์เว็บไซต์เอง ถ้าเขียนลงไป ไฟล์ Markdown และภาพของเว็บไซต์จะถูกลบ (refused: the site folder)".into(),
        );
    }
    if site.starts_with(out) {
        return refuse(format!(
            "มีโฟลเดอร์เว็บไซต์ {} อยู่ข้างใน ถ้าเขียนลงไป เนื้อหาของเว็บไซต์จะถูกลบ (refused: contains the site folder)",
            site.display()
        ));
    }
    if out.starts_with(site) {
        return refuse(format!(
            "อยู่ในโฟลเดอร์เว็บไซต์ {} ผลลัพธ์ต้องอยู่นอกโฟลเดอร์เนื้อหา (refused: inside the site folder)",
            site.display()
        ));
    }
    if let Some((folder, k)) = enclosing {
        let why = match k {
            Kind::Site => "ซึ่งจะถูกเผยแพร่และถูกลบเมื่อสร้างเว็บไซต์ครั้งถัดไป",
            Kind::Report => "ซึ่งมีข้อมูลส่วนบุคคลและจะถูกลบเมื่อออกรายงานครั้งถัดไป",
        };
        return refuse(format!(
            "อยู่ในโฟลเดอร์ผลลัพธ์ {} ของ {} {why} (refused: inside another knn output folder)",
            folder.display(),
            k.command()
        ));
    }
    match found {
        Found::Nothing | Found::Empty => Ok(()),
        Found::Knn(k) if *k == kind => Ok(()),
        Found::Knn(Kind::Report) => refuse(
            "เป็นโฟลเดอร์รายงานที่ knn report เขียนไว้ มีข้อมูลส่วนบุคคล และจะไม่ถูกแทนด้วยเว็บไซต์ (refused: a reports folder)".into(),
        ),
        Found::Knn(Kind::Site) => refuse(
            "เป็นโฟลเดอร์เว็บไซต์ที่ knn build สร้างไว้ รายงานที่มีข้อมูลส่วนบุคคลต้องไม่อยู่ในเว็บไซต์ (refused: a website output folder)"
                .into(),
        ),
        Found::File => refuse("เป็นไฟล์ ไม่ใช่โฟลเดอร์ knn จะไม่ลบหรือเขียนทับไฟล์นี้ (refused: is a file)".into()),
        Found::Other(names) => refuse(format!(
            "มีไฟล์อื่นอยู่แล้ว (เช่น {}) และไม่ใช่โฟลเดอร์ที่ knn เขียนไว้ knn จะไม่ลบไฟล์เหล่านี้ (refused: a folder of other files, not a knn output)",
            names.join(", ")
        )),
    }
}

/// Folders of the operating system, refused by name (their contents never decide).
#[cfg(not(windows))]
const SYSTEM: &[&str] = &[
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/lib32",
    "/lib64",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/local",
    "/var",
    "/var/tmp",
    "/Applications",
    "/Library",
    "/System",
    "/Users",
    "/Volumes",
    "/private",
    "/private/tmp",
    "/private/var",
];

/// Folders of the operating system, refused by name on any drive (compared in lower case).
#[cfg(windows)]
const SYSTEM: &[&str] = &[
    "\\windows",
    "\\program files",
    "\\program files (x86)",
    "\\programdata",
    "\\users",
    "\\users\\public",
];

/// Whether `path` is one of the operating system's own folders.
fn is_system(path: &Path) -> bool {
    #[cfg(windows)]
    let path = PathBuf::from(
        path.components()
            .filter(|c| !matches!(c, std::path::Component::Prefix(_)))
            .collect::<PathBuf>()
            .to_string_lossy()
            .to_lowercase(),
    );
    SYSTEM.iter().any(|s| path == Path::new(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "/work/office/content";
    const HOME: &str = "/srv/people/somchai";

    /// The decision for a build into `out` of the made-up site, with nothing there yet.
    fn build_into(out: &str, found: &Found) -> Result<(), String> {
        decide(
            Path::new(SITE),
            Path::new(out),
            Some(Path::new(HOME)),
            Kind::Site,
            found,
            None,
        )
    }

    #[test]
    fn the_root_folder_is_refused_whatever_it_holds() {
        for found in [Found::Nothing, Found::Empty, Found::Knn(Kind::Site)] {
            let e = build_into("/", &found).unwrap_err();
            assert!(e.contains("ไม่เขียนลงในโฟลเดอร์ / ") && e.contains("root folder"), "{e}");
            assert!(e.contains("--out public"), "says what to do: {e}");
        }
    }

    #[test]
    fn regression_out_deletes_home_the_home_folder_and_folders_around_it_are_refused() {
        let e = build_into(HOME, &Found::Knn(Kind::Site)).unwrap_err();
        assert!(e.contains("เป็นโฟลเดอร์บ้าน") && e.contains("home folder"), "{e}");
        let e = build_into("/srv/people", &Found::Nothing).unwrap_err();
        assert!(e.contains("มีโฟลเดอร์บ้าน") && e.contains(HOME), "{e}");
        assert!(build_into("/srv/people/somchai/knn/public", &Found::Nothing).is_ok());
    }

    #[test]
    fn regression_out_deletes_tmp_system_folders_are_refused_even_when_empty() {
        for out in [
            "/usr",
            "/etc",
            "/tmp",
            "/var",
            "/home",
            "/root",
            "/Users",
            "/private/tmp",
        ] {
            let e = build_into(out, &Found::Empty).unwrap_err();
            assert!(e.contains("system folder"), "{out}: {e}");
        }
        assert!(
            build_into("/var/www/knn", &Found::Nothing).is_ok(),
            "a web server's folder is fine"
        );
        assert!(build_into("/tmp/knn-public", &Found::Nothing).is_ok());
    }

    #[test]
    fn regression_out_deletes_site_the_site_and_folders_around_or_inside_it_are_refused() {
        let e = build_into(SITE, &Found::Knn(Kind::Site)).unwrap_err();
        assert!(e.contains(SITE) && e.contains("site folder"), "{e}");
        let e = build_into("/work/office", &Found::Nothing).unwrap_err();
        assert!(e.contains("contains the site folder"), "{e}");
        let e = build_into("/work/office/content/public", &Found::Nothing).unwrap_err();
        assert!(e.contains("inside the site folder"), "{e}");
        assert!(
            build_into("/work/office/content-public", &Found::Nothing).is_ok(),
            "a name prefix is not inside"
        );
    }

    #[test]
    fn files_and_folders_of_other_files_are_refused_knn_folders_and_empty_ones_are_not() {
        let e = build_into("/work/office/report.pdf", &Found::File).unwrap_err();
        assert!(e.contains("is a file"), "{e}");
        let other = Found::Other(vec!["งบประมาณ.xlsx".into(), "notes.docx".into()]);
        let e = build_into("/work/office/Documents", &other).unwrap_err();
        assert!(
            e.contains("งบประมาณ.xlsx, notes.docx") && e.contains("not a knn output"),
            "{e}"
        );
        for ok in [Found::Nothing, Found::Empty, Found::Knn(Kind::Site)] {
            assert!(build_into("/work/office/public", &ok).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn a_build_never_replaces_reports_and_a_report_never_lands_in_the_website() {
        let e = build_into("/work/office/reports/2569-11", &Found::Knn(Kind::Report)).unwrap_err();
        assert!(e.contains("reports folder"), "{e}");
        let report = |out: &str, found: &Found, enclosing: Option<(&Path, Kind)>| {
            decide(Path::new(SITE), Path::new(out), None, Kind::Report, found, enclosing)
        };
        let e = report("/work/office/public", &Found::Knn(Kind::Site), None).unwrap_err();
        assert!(
            e.contains("knn report --out") && e.contains("website output folder"),
            "{e}"
        );
        let public = (Path::new("/work/office/public"), Kind::Site);
        let e = report("/work/office/public/2569-11", &Found::Nothing, Some(public)).unwrap_err();
        assert!(e.contains("เผยแพร่") && e.contains("inside another knn output"), "{e}");
        let e = report("/work/office/content/2569-11", &Found::Nothing, None).unwrap_err();
        assert!(e.contains("inside the site folder"), "{e}");
        assert!(report("/work/office/reports/2569-11", &Found::Knn(Kind::Report), None).is_ok());
    }

    #[cfg(windows)]
    #[test]
    fn windows_drive_roots_and_system_folders_are_refused() {
        let site = Path::new("C:\\Users\\somchai\\knn\\content");
        let d = |out: &str| decide(site, Path::new(out), None, Kind::Site, &Found::Nothing, None);
        assert!(d("C:\\").unwrap_err().contains("root folder"));
        assert!(d("D:\\Windows").unwrap_err().contains("system folder"));
        assert!(d("C:\\Program Files").unwrap_err().contains("system folder"));
        assert!(d("C:\\Users\\somchai\\knn\\public").is_ok());
    }
}
