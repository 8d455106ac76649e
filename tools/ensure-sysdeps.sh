#!/usr/bin/env bash
# Makes sure the system packages advocacy-docs needs are present, installing them with apt-get
# when that is possible; otherwise stops with a message saying exactly what to install.
#
#   tools/ensure-sysdeps.sh            what rendering needs (make demo, make test):
#     Pango (text layout), libharfbuzz-subset0 (font subsetting: without it PDF writing is several
#     times slower and not byte-reproducible), fonts covering Latin, Cyrillic and Crimean Tatar,
#     gettext (msgfmt, used by the translators' checks) and the Python venv module.
#   tools/ensure-sysdeps.sh office     also what the tests that open our Word documents in real
#     programs need: LibreOffice Writer without a GUI, and pandoc. CI installs them (.ci/run); on a
#     laptop those tests skip, printing the line below that makes them run.
#   tools/ensure-sysdeps.sh browser    also Chromium, which the studio's browser tests drive headless
#     (through Playwright from PyPI; Playwright's own browser download is never used). CI installs
#     it; on a laptop those tests skip, printing the line that makes them run.
#   tools/ensure-sysdeps.sh --print office browser   only print the apt-get line for what is missing.
set -euo pipefail

print_only=false
groups=()
for arg in "$@"; do
  case "$arg" in
    --print) print_only=true ;;
    office | browser) groups+=("$arg") ;;
    *) echo "usage: $0 [--print] [office] [browser]" >&2; exit 2 ;;
  esac
done

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

for group in "${groups[@]}"; do
  if [ "$group" = office ]; then
    command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 ||
      missing+=(libreoffice-writer-nogui)
    command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
  fi
  if [ "$group" = browser ]; then
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

line="sudo apt-get install --no-install-recommends ${missing[*]}"
if $print_only; then
  echo "$line"
  exit 0
fi

echo "advocacy-docs needs these system packages: ${missing[*]}"
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
  fi
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    export DEBIAN_FRONTEND=noninteractive
    # apt and dpkg chatter (progress, "delaying package configuration") is not for the
    # newcomer's screen: it is kept, and shown only when the installation fails.
    log=$(mktemp)
    if $SUDO apt-get update -qq >"$log" 2>&1 &&
      $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
      rm -f "$log"
      echo "installed: ${missing[*]}"
      exit 0
    fi
    cat "$log" >&2
    rm -f "$log"
    echo "apt-get could not install them (output above)." >&2
    exit 1
  fi
fi
cat >&2 <<MSG

Could not install them automatically (need root or password-less sudo, and apt-get).
Install them yourself, then run make again:

    $line

(On other systems: Pango >= 1.44 with HarfBuzz's subset library, and the DejaVu fonts.)
MSG
exit 1
