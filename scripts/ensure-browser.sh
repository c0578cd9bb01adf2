#!/usr/bin/env bash
# Install Debian's Chromium, CJK fonts (readable screenshots and PDFs) and poppler-utils
# (pdftotext reads the printed PDFs back in tests/dashboard/test_exports.py); the Docker
# image installs the same Chromium with fonts-noto-cjk. Playwright drives /usr/bin/chromium;
# it never downloads a browser of its own.
set -u
if [ -x /usr/bin/chromium ] && command -v pdftotext >/dev/null \
  && fc-list 2>/dev/null | grep -qi -e "wqy" -e "noto sans cjk"; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "ensure-browser: /usr/bin/chromium is missing and apt-get is not usable; browser tests will be skipped." >&2
  exit 0
fi
echo "ensure-browser: installing chromium, fonts-wqy-zenhei and poppler-utils with apt-get…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium fonts-wqy-zenhei poppler-utils >/dev/null \
  || echo "ensure-browser: apt-get failed; browser tests will be skipped (or fail under IPPLAN_REQUIRE_SERVICES)." >&2
exit 0
