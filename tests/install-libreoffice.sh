#!/usr/bin/env bash
# Install LibreOffice Writer (headless) from Debian's bookworm-backports suite when it is missing.
# Debian 12's main suite ships LibreOffice 7.4, which predates drop-down and date content
# controls; the tests need the 25.x series from backports. We add the suite to the machine's
# existing Debian sources entry rather than naming a mirror here.
set -euo pipefail
# The layout variants' hyphenated PDFs (tests/extract/test_layout_variants.py) need LibreOffice's
# en-GB hyphenation patterns, which Debian ships apart from LibreOffice.
if [ ! -e /usr/share/hyphen/hyph_en_GB.dic ] && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends hyphen-en-gb >/dev/null
fi
if command -v soffice >/dev/null 2>&1 && soffice --version 2>/dev/null | grep -qE 'LibreOffice (2[4-9]|[3-9][0-9])\.'; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-libreoffice: LibreOffice 24+ is missing and this is not root; install libreoffice-writer-nogui from bookworm-backports" >&2
  exit 1
fi
sources=/etc/apt/sources.list.d/debian.sources
if [ -f "$sources" ] && ! grep -q 'bookworm-backports' "$sources"; then
  # Only the first "Suites: bookworm ..." line (the main archive, not the security one).
  sed -i '0,/^Suites: bookworm\( \|$\)/s//Suites: bookworm bookworm-backports\1/' "$sources"
elif [ ! -f "$sources" ] && ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  main=$(grep -hE '^deb .* bookworm main' /etc/apt/sources.list | head -n1 | awk '{print $2}')
  echo "deb $main bookworm-backports main" > /etc/apt/sources.list.d/backports.list
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -t bookworm-backports --no-install-recommends \
  libreoffice-writer-nogui libreoffice-script-provider-python python3-uno poppler-utils fonts-liberation >/dev/null
soffice --version
