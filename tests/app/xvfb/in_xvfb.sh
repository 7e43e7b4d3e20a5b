#!/bin/sh
# Runs a command against a fresh Xvfb server with one screen of the given size, on a display
# number Xvfb picks itself (tests may run in parallel):  in_xvfb.sh 1366x768 COMMAND [ARGS...]
set -eu
size=$1
shift
if ! command -v Xvfb >/dev/null 2>&1; then
  echo "in_xvfb.sh: Xvfb is not installed (packaging/install-deps.sh installs the xvfb package)" >&2
  exit 1
fi
number=$(mktemp)
Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3>"$number" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$number"' EXIT
tries=0
until [ -s "$number" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 200 ] || ! kill -0 "$server" 2>/dev/null; then
    echo "in_xvfb.sh: Xvfb did not start a ${size} screen within 20 s" >&2
    exit 1
  fi
  sleep 0.1
done
DISPLAY=":$(head -n1 "$number")" QT_QPA_PLATFORM=xcb "$@"
