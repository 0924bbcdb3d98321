#!/usr/bin/env bash
# Install (if missing) what the drivers' sheets and their tests need from Debian: Chromium and its
# driver (the page is tested in a real headless browser), poppler-utils (pdftotext, pdftoppm:
# the PDF is read back). Idempotent; run as root.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
/usr/bin/chromium --version
