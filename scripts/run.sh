#!/usr/bin/env bash
# The main job of the README: installs what it needs, builds, and runs the longest end-to-end
# path the project has so far. Today: make a peer identity in nox's key-file format, derive its
# peer id, and show the CID AquaVM would give a JSON value.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release fluence >/dev/null
bin=build/bin/fluence
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== a new peer identity (nox's secret_key.ed25519 format)"
$bin key new --out "$work/secret_key.ed25519"
echo "== its peer id, read back from the key file"
$bin key show "$work/secret_key.ed25519"
