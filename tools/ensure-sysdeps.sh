#!/usr/bin/env bash
# Makes sure the system libraries WeasyPrint needs are present, installing them with apt-get
# when that is possible; otherwise stops with a message saying exactly what to install.
#   Pango (text layout), libharfbuzz-subset0 (font subsetting: without it PDF writing is several
#   times slower and not byte-reproducible), fonts covering Latin, Cyrillic and Crimean Tatar,
#   gettext (msgfmt, used by the translators' checks) and the Python venv module.
set -euo pipefail

missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q 'DejaVuSerif.ttf'; then
  missing+=(fontconfig fonts-dejavu-core)
fi
fc-list 2>/dev/null | grep -q 'DejaVuSerifCondensed' || missing+=(fonts-dejavu-extra)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)

[ ${#missing[@]} -eq 0 ] && exit 0

echo "advocacy-docs needs these system packages: ${missing[*]}"
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
  fi
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
    exit 0
  fi
fi
cat >&2 <<MSG

Could not install them automatically (need root or password-less sudo, and apt-get).
Install them yourself, then run make again:

    sudo apt-get install ${missing[*]}

(On other systems: Pango >= 1.44 with HarfBuzz's subset library, and the DejaVu fonts.)
MSG
exit 1
