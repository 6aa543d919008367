#!/usr/bin/env bash
# Re-fetches the dashboard's vendored chart library (uPlot) from npm into the center's web folder.
# Not run by the build: run it by hand to change the version, then update web/vendor/README.md and commit.
# Usage: rpc-monitor/vendor-ui.sh [version]   (default: the version vendored now)
set -euo pipefail
version=${1:-1.6.32}
here=$(cd "$(dirname "$0")" && pwd)
vendor="$here/src/main/resources/io/ferryrpc/monitor/center/web/vendor"
tmp=$(mktemp -d /tmp/ferry-vendor-ui.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "uplot@$version" >/dev/null)
tarball=$(ls "$tmp"/uplot-*.tgz)
tar -xzf "$tarball" -C "$tmp"
for f in dist/uPlot.iife.min.js dist/uPlot.min.css LICENSE; do
  test -f "$tmp/package/$f" || { echo "ERROR: $f is missing from $tarball" >&2; exit 1; }
done
mkdir -p "$vendor"
cp "$tmp/package/dist/uPlot.iife.min.js" "$tmp/package/dist/uPlot.min.css" "$vendor/"
cp "$tmp/package/LICENSE" "$vendor/LICENSE"
echo "uplot $(grep -m1 '"version"' "$tmp/package/package.json") copied to $vendor"
echo "Now update the version in $vendor/README.md."
