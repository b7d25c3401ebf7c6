#!/usr/bin/env bash
# `npm test`: lint, typecheck, build, then every vitest project (node, dom, e2e in Chromium),
# all inside a private D-Bus session with an unlocked gnome-keyring (test/with-keyring.sh).
# Ends with one line "N passed, N failed", summed over everything it ran; exits non-zero on any
# failure. Lint, typecheck and build count as one check each.
set -u
cd "$(dirname "$0")/.."
logs=$(mktemp -d -t inkwell-test.XXXXXX)
passed=0
failed=0

check() {
  local name=$1
  shift
  if "$@" >"$logs/$name.log" 2>&1; then
    passed=$((passed + 1))
    echo "✓ $name"
  else
    failed=$((failed + 1))
    echo "✗ $name failed:"
    tail -n 60 "$logs/$name.log"
  fi
}

check lint npm run -s lint
check typecheck npm run -s typecheck
check build npm run -s build

bash test/with-keyring.sh npx vitest run --reporter=default --reporter=json --outputFile.json="$logs/vitest.json" "$@"
if [ -s "$logs/vitest.json" ]; then
  read -r vp vf < <(node -e '
    const r = require(process.argv[1]);
    console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrors ?? 0) + (r.success || r.numFailedTests ? 0 : 1));
  ' "$logs/vitest.json")
  passed=$((passed + vp))
  failed=$((failed + vf))
else
  echo "✗ vitest wrote no report"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
