#!/usr/bin/env bash
# Install Debian's LibreOffice Writer (no GUI) for the PDF of the publication decision and the dispatch, with the fonts it
# needs: Times New Roman is not free, and LibreOffice (through fontconfig's metric aliases) substitutes Liberation Serif,
# which has the same widths, so the pages break where Word breaks them. poppler-utils (pdfinfo, pdftoppm) counts and
# draws the PDF's pages in the tests. Nothing is downloaded from outside Debian's archive.
set -euo pipefail
PACKAGES="libreoffice-writer-nogui fonts-liberation2 fonts-dejavu-core poppler-utils"
have_all() {
  command -v soffice >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 \
    && fc-list 2>/dev/null | grep -q "Liberation Serif"
}
if have_all; then
  echo "soffice: $(soffice --version 2>/dev/null | head -n 1 || echo present)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "LibreOffice is missing and this user cannot install packages: run 'apt-get install $PACKAGES' as root" >&2
    exit 1
  fi
else
  SUDO=""
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $PACKAGES
soffice --version | head -n 1
echo "Times New Roman is drawn with: $(fc-match 'Times New Roman')"
