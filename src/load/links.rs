//! Symbolic links in the site folder. A committed link could make the build read, and the site
//! publish, any file of the build machine, so a link is read only when it names a real file
//! inside the site that `load` would read anyway (not hidden, like `.git/config`); a link to a
//! folder is never walked into (it would list the same pages twice, or loop). Every link
//! skipped is a warning naming it.

use crate::diag::{Diagnostic, Severity};
use std::path::{Component, Path, PathBuf};

/// What to do about the file listed as `rel` at `path`: read `path` itself, read the target of
/// a link that stays inside the site, or skip it with a warning. `real_root` is the site folder
/// with its own links resolved.
pub(crate) fn follow(real_root: &Path, rel: &str, path: &Path) -> Result<PathBuf, Diagnostic> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| Diagnostic::error(rel, 1, 1, format!("อ่านไฟล์ไม่ได้ (cannot read): {e}")))?;
    if meta.is_file() {
        return Ok(path.to_path_buf());
    }
    if !meta.file_type().is_symlink() {
        return Err(skipped(rel, "ไม่ใช่ไฟล์ธรรมดา (not a regular file)", ""));
    }
    let shown = std::fs::read_link(path).map_or_else(|_| "?".into(), |t| t.display().to_string());
    let Ok(target) = path.canonicalize() else {
        return Err(skipped(rel, &format!("ชี้ไปยัง {shown} ซึ่งไม่มีอยู่ (broken symlink)"), ""));
    };
    let Ok(inside) = target.strip_prefix(real_root) else {
        return Err(skipped(
            rel,
            &format!("ชี้ออกไปนอกโฟลเดอร์เว็บไซต์ ({shown}) จึงไม่อ่านและไม่เผยแพร่ (symlink leaves the site folder)"),
            "ถ้าต้องการใช้ไฟล์นี้ในเว็บไซต์ ให้คัดลอกไฟล์จริงมาวางแทนลิงก์",
        ));
    };
    if inside
        .components()
        .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')))
    {
        return Err(skipped(
            rel,
            &format!(
                "ชี้ไปยังไฟล์ซ่อน {} ในโฟลเดอร์เว็บไซต์ (symlink to a hidden file)",
                inside.display()
            ),
            "",
        ));
    }
    if target.is_dir() {
        return Err(skipped(
            rel,
            "ชี้ไปยังโฟลเดอร์ knn อ่านเฉพาะโฟลเดอร์จริง (symlink to a folder)",
            "ย้ายหรือคัดลอกโฟลเดอร์จริงมาไว้ที่นี่แทนลิงก์",
        ));
    }
    if !target.is_file() {
        return Err(skipped(rel, "ไม่ได้ชี้ไปยังไฟล์ธรรมดา (not a regular file)", ""));
    }
    Ok(target)
}

/// The warning for a skipped link.
fn skipped(rel: &str, why: &str, hint: &str) -> Diagnostic {
    let d = Diagnostic::warning(rel, 1, 1, format!("ข้ามลิงก์ (symlink skipped) {rel}: {why}"));
    let hint = if hint.is_empty() {
        "แทนลิงก์ด้วยไฟล์จริงที่อยู่ในโฟลเดอร์เว็บไซต์"
    } else {
        hint
    };
    d.with_hint(hint)
}

/// A skipped file the site cannot do without (`site.yaml`): an error, not a warning.
pub(crate) fn required(d: Diagnostic) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        message: format!("{} ไฟล์นี้จำเป็นต้องมี (required file)", d.message),
        ..d
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_the_site_are_read_and_every_other_link_is_a_warning() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir_all(site.join(".git")).unwrap();
        std::fs::write(site.join("real.md"), "x").unwrap();
        std::fs::write(site.join(".git/config"), "token").unwrap();
        std::fs::write(tmp.path().join("secret"), "x").unwrap();
        let real_root = site.canonicalize().unwrap();
        let link = |name: &str, to: &Path| {
            symlink(to, site.join(name)).unwrap();
            follow(&real_root, name, &site.join(name))
        };
        assert_eq!(
            link("inside.md", Path::new("real.md")).unwrap(),
            real_root.join("real.md")
        );
        let says = |r: Result<PathBuf, Diagnostic>, what: &str| {
            let d = r.unwrap_err();
            assert_eq!(d.severity, Severity::Warning);
            assert!(
                d.message.contains(what) && d.message.contains("symlink skipped"),
                "{}",
                d.message
            );
        };
        says(link("out.md", &tmp.path().join("secret")), "leaves the site");
        says(link("passwd.md", Path::new("/etc/passwd")), "leaves the site");
        says(link("up.md", Path::new("../secret")), "leaves the site");
        says(link("git.md", Path::new(".git/config")), "hidden file");
        says(link("dir", Path::new(".")), "folder");
        says(link("broken.md", Path::new("nowhere.md")), "broken");
        assert_eq!(
            follow(&real_root, "real.md", &site.join("real.md")).unwrap(),
            site.join("real.md")
        );
    }
}
