#!/usr/bin/env bash
# Fetches the released knn for Linux x86_64 of one version, checks it and puts it at DEST, so the
# Pages workflow does not have to compile knn.
#
#   scripts/fetch-knn.sh <version> <owner/repo> <dest>
#   scripts/fetch-knn.sh 0.1.0 cdd-chachoengsao/knn target/release/knn
#
# It takes knn-v<version>-x86_64-unknown-linux-gnu.tar.gz and its .sha256 (as release.yml makes
# them) from the GitHub release of tag v<version> of <owner/repo> (`gh release download`, which
# needs GH_TOKEN in Actions), or from the folder $KNN_RELEASE_DIR when that is set (tests, or a
# copy on this computer). The archive must match its checksum file (`sha256sum -c`) and the
# binary must say it is knn <version>. Note: the checksum comes from the same release, so it
# catches a damaged or swapped download, not a release that was itself tampered with.
#
# Exit 0: DEST is the checked binary. Non-zero (no such release, no such file, a checksum that
# does not match, a binary that does not run): DEST is left as it was; build knn from source.
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "ใช้ (usage): $0 <version> <owner/repo> <dest>" >&2
  exit 2
fi
version="${1#v}"
repo="$2"
dest="$3"
target="x86_64-unknown-linux-gnu"

fail() {
  echo "ไม่ได้ใช้ knn ที่ออกรุ่นแล้ว (release binary not used): $*" >&2
  exit 1
}

if [[ ! "$version" =~ ^[0-9A-Za-z][0-9A-Za-z.+-]*$ ]]; then
  fail "เลขรุ่น '$1' ไม่ถูกต้อง (not a version)"
fi
tag="v$version"
archive="knn-$tag-$target.tar.gz"
sums="$archive.sha256"

work="$(mktemp -d)"
staged=""
cleanup() {
  rm -rf "$work"
  if [[ -n "$staged" ]]; then rm -f "$staged"; fi
}
trap cleanup EXIT

# 1. The archive and its checksum file.
if [[ -n "${KNN_RELEASE_DIR:-}" ]]; then
  echo "คัดลอก knn $tag จากโฟลเดอร์ $KNN_RELEASE_DIR (from a local folder)"
  for file in "$archive" "$sums"; do
    [[ -f "$KNN_RELEASE_DIR/$file" ]] || fail "ไม่พบไฟล์ $file ใน $KNN_RELEASE_DIR (no such file)"
    cp "$KNN_RELEASE_DIR/$file" "$work/"
  done
else
  command -v gh > /dev/null || fail "ไม่มีคำสั่ง gh (GitHub CLI not installed)"
  echo "ดาวน์โหลด knn $tag จาก $repo (downloading the release)"
  gh release download "$tag" --repo "$repo" --dir "$work" --pattern "$archive" --pattern "$sums" ||
    fail "ไม่พบรุ่น $tag หรือไฟล์ของรุ่นใน $repo (no such release or asset)"
  for file in "$archive" "$sums"; do
    [[ -f "$work/$file" ]] || fail "รุ่น $tag ของ $repo ไม่มีไฟล์ $file (asset missing)"
  done
fi

# 2. The checksum: one line, `<sha-256 hex>  <archive>`, as sha256sum writes it.
lines="$(grep -c . "$work/$sums" || true)"
read -r hash name < "$work/$sums" || true
if [[ "$lines" != 1 || ! "${hash:-}" =~ ^[0-9a-f]{64}$ || "${name#\*}" != "$archive" ]]; then
  fail "ไฟล์ $sums ไม่ใช่ค่า SHA-256 ของ $archive (malformed checksum file)"
fi
(cd "$work" && sha256sum -c --strict "$sums") ||
  fail "ค่า SHA-256 ของ $archive ไม่ตรง ไม่ใช้ไฟล์นี้ (checksum mismatch)"

# 3. Unpack the binary and check that it runs and is the version asked for.
mkdir "$work/unpacked"
tar -xzf "$work/$archive" -C "$work/unpacked" --no-same-owner knn ||
  fail "แตกไฟล์ $archive ไม่ได้ หรือไม่มี knn ข้างใน (cannot unpack)"
binary="$work/unpacked/knn"
[[ -f "$binary" && ! -L "$binary" ]] || fail "knn ใน $archive ไม่ใช่ไฟล์ปกติ (not a regular file)"
chmod 755 "$binary"
said="$("$binary" --version 2>&1)" || fail "knn ใน $archive รันบนเครื่องนี้ไม่ได้ (does not run here)"
[[ "$said" == "knn $version" ]] || fail "knn ใน $archive บอกว่าเป็น '$said' ไม่ใช่ knn $version (wrong version)"

# 4. Into place in one step: DEST is either the checked binary or as it was.
mkdir -p "$(dirname "$dest")"
staged="$(dirname "$dest")/.knn-fetch.$$"
cp "$binary" "$staged"
chmod 755 "$staged"
mv -f "$staged" "$dest"
staged=""
echo "knn $tag พร้อมใช้ที่ $dest (release binary verified: SHA-256 OK)"
