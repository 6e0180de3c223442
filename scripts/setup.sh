#!/usr/bin/env bash
# Installs what the project needs on Debian bookworm, idempotently, and says nothing when
# everything is already there.
#   scripts/setup.sh          build and run dependencies
#   scripts/setup.sh --test   also what the tests need (Node.js and npm for the interop tests)
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  clang lld wasi-libc libclang-rt-dev-wasm32 libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libsodium-dev libssl-dev libmimalloc-dev libprotobuf-dev protobuf-compiler
  wabt libtomlplusplus-dev libcli11-dev libspdlog-dev libsqlite3-dev prometheus-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev b3sum
)
if [ "${1:-}" = "--test" ]; then
  # The machine may already have Node.js from elsewhere (with npm bundled); only fall back to
  # Debian's packages when node or npm is missing.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
