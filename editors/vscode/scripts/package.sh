#!/usr/bin/env bash
# Build and package the extension as a .vsix with the seedlint binary for this
# platform inside it. Usage: scripts/package.sh [path/to/seedlint]  (default: the release build)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
binary="${1:-$root/target/release/seedlint}"
cd "$here"
platform="$(node -p 'process.platform + "-" + process.arch')"
rm -rf bin dist && mkdir -p "bin/$platform"
cp "$binary" "bin/$platform/seedlint"
chmod +x "bin/$platform/seedlint"
# The release profile keeps debug info for profiling; users do not need it.
command -v strip >/dev/null && strip "bin/$platform/seedlint"
npm run --silent build
npx --no-install vsce package --no-dependencies --allow-missing-repository -o seedlint.vsix
echo "$here/seedlint.vsix"
