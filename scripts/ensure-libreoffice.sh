#!/usr/bin/env bash
# Install Debian's LibreOffice Calc and Writer for the test that opens every export and
# converts it to PDF (tests/dashboard/test_exports.py). Never downloads anything else.
set -u
if command -v soffice >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "ensure-libreoffice: soffice is missing and apt-get is not usable; the LibreOffice test will be skipped." >&2
  exit 0
fi
echo "ensure-libreoffice: installing libreoffice-calc and libreoffice-writer with apt-get…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends libreoffice-calc libreoffice-writer >/dev/null \
  || echo "ensure-libreoffice: apt-get failed; the LibreOffice test will be skipped (or fail under IPPLAN_REQUIRE_SERVICES)." >&2
exit 0
