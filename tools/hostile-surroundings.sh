#!/usr/bin/env bash
# Runs a command in surroundings that differ from a developer's in every way the code must not
# depend on: a clock that says the machine booted 5 seconds ago (a Linux time namespace), the
# time zone furthest ahead of UTC, the C locale, and a home folder nothing can be written to.
#
#   tools/hostile-surroundings.sh .venv/bin/pytest -q
#
# As root (CI), the home folder is a read-only tmpfs in a mount namespace of its own (root
# ignores permission bits); otherwise an empty folder without write permission. Without a time
# namespace (no root, no user namespaces) it says so and, under CI=true, fails.
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

home=$(mktemp -d "${TMPDIR:-/tmp}/advocacy-docs-home.XXXXXX")
trap 'chmod 0700 "$home"; rmdir "$home" 2>/dev/null || true' EXIT

ns=()
uptime=$(cut -d. -f1 /proc/uptime)
shift_by=$((uptime - 5))
if [ "$shift_by" -gt 0 ]; then
  if unshare --time --monotonic=-"$shift_by" --boottime=-"$shift_by" true 2>/dev/null; then
    ns=(unshare --time --monotonic=-"$shift_by" --boottime=-"$shift_by")
  elif unshare --user --map-root-user --time --monotonic=-"$shift_by" --boottime=-"$shift_by" true 2>/dev/null; then
    ns=(unshare --user --map-root-user --time --monotonic=-"$shift_by" --boottime=-"$shift_by")
  else
    echo "hostile-surroundings: cannot make a time namespace here (needs root or user namespaces)" >&2
    case "${CI:-}" in "" | 0 | false | no) ;; *) exit 1 ;; esac
  fi
fi

# Everything that could point at a writable place instead of $HOME goes.
environment=(env -u LC_ALL -u LC_CTYPE -u LC_MESSAGES -u LANGUAGE -u XDG_CACHE_HOME
  -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME -u XDG_RUNTIME_DIR
  TZ=Pacific/Kiritimati LANG=C HOME="$home")

if [ "$(id -u)" -eq 0 ] && unshare --mount true 2>/dev/null; then
  # shellcheck disable=SC2016
  "${ns[@]}" unshare --mount sh -c 'mount -t tmpfs -o ro,mode=0755 tmpfs "$1" && shift && exec "$@"' \
    sh "$home" "${environment[@]}" "$@"
else
  chmod 0555 "$home"
  "${ns[@]}" "${environment[@]}" "$@"
fi
