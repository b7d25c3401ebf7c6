#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a real, unlocked gnome-keyring and a
# throwaway XDG_DATA_HOME, so keychain tests use the OS keychain without touching the user's.
#   bash test/with-keyring.sh <command> [args...]
set -euo pipefail
if [ -z "${INKWELL_KEYRING_SESSION:-}" ]; then
  scratch=$(mktemp -d -t inkwell-keyring.XXXXXX)
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch/data" "$scratch/run"
  chmod 0700 "$scratch/run"
  INKWELL_KEYRING_SESSION=1 XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" \
    dbus-run-session -- bash "$0" "$@"
  exit $?
fi
# Inside the private session: create and unlock a login keyring with a throwaway password.
eval "$(printf 'inkwell-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
export INKWELL_KEYRING=gnome-keyring
"$@"
