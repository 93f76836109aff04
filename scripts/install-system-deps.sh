#!/usr/bin/env bash
# Installs the system packages the test suite drives: Debian's Chromium (browser tests; Playwright cannot
# download browsers here), LibreOffice Calc (the workbook-to-PDF check), LibreOffice Writer with the Liberation
# fonts (the documents' PDFs; Liberation Serif has Times New Roman's metrics) and poppler-utils (pdftotext, to
# read the PDFs back). Does nothing when they are there.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-calc)
[ -e /usr/lib/libreoffice/program/swriter ] || missing+=(libreoffice-writer)
fc-list 2>/dev/null | grep -q "Liberation Serif" || missing+=(fonts-liberation2)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing ${missing[*]} from Debian's packages..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
