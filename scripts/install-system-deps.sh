#!/usr/bin/env bash
# Installs the Debian packages Nadir's tests need, skipping what is already there. Idempotent.
#   chromium     headless browser for the end-to-end tests (playwright-core drives /usr/bin/chromium)
#   dcmtk        dcmdump / dsrdump: independent parsers that every DICOM file Nadir writes must pass
#   dicom3tools  dciodvfy: the IOD validator for the same files
#   orthanc, orthanc-dicomweb  a real PACS with QIDO-RS / WADO-RS for the DICOMweb tests and `npm run pacs`
#   poppler-utils  pdftotext / pdfinfo / pdftoppm: the report's PDF (printed by Chromium) is checked with them
set -euo pipefail

packages=(chromium dcmtk dicom3tools orthanc orthanc-dicomweb poppler-utils)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${packages[*]})"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Nadir's tests need these Debian packages: ${missing[*]}. This machine has no apt-get; install them by hand." >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Nadir's tests need these Debian packages: ${missing[*]}." >&2
  echo "Run as root: apt-get update && apt-get install -y ${missing[*]}  (or run 'npm test' as root)." >&2
  exit 1
fi

echo "system packages: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed ${missing[*]}"
