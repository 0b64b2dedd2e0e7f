#!/usr/bin/env bash
# Prints knn's version: `version` in the [package] table of Cargo.toml (0.1.0). Both workflows
# use it, release.yml to check the tag and pages.yml to pick the release to download. No Rust
# needed. Exit 1 when Cargo.toml has no package version.
set -euo pipefail
cd "$(dirname "$0")/.."
version="$(awk -F'"' '
  /^[[:space:]]*\[/ { in_package = ($0 ~ /^[[:space:]]*\[package\][[:space:]]*$/) }
  in_package && /^[[:space:]]*version[[:space:]]*=/ { print $2; exit }
' Cargo.toml)"
if [[ -z "$version" ]]; then
  echo "ไม่พบ version ใน [package] ของ Cargo.toml (no package version in Cargo.toml)" >&2
  exit 1
fi
printf '%s\n' "$version"
