#!/usr/bin/env bash
# npm, for tests/browser/conftest.py to install axe-core (the accessibility checker) from the
# npm registry into .cache/ the first time the browser tests run.
set -u
if command -v npm >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "ensure-npm: npm is missing and apt-get is not usable; the axe-core tests will be skipped." >&2
  exit 0
fi
echo "ensure-npm: installing npm with apt-get…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq npm >/dev/null \
  || echo "ensure-npm: apt-get failed; the axe-core tests will be skipped (or fail under IPPLAN_REQUIRE_SERVICES)." >&2
exit 0
