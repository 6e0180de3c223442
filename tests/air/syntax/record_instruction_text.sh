#!/bin/sh
# Records the `instruction` field of the reference's error objects for every
# tests/air/syntax/instruction_text/NAME.air into NAME.expected. Each script makes the left branch
# of its xor fail and passes :error:.$.instruction to a call; the reference (run-reference.mjs of
# tests/interop/air, AquaVM 0.62) shows that call's arguments.
#   sh tests/air/syntax/record_instruction_text.sh
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
RUNNER="$HERE/../../interop/air/run-reference.mjs"
for air in "$HERE"/instruction_text/*.air; do
  out=$(node "$RUNNER" "$air" --peer client --init-peer client --compact --no-raw)
  printf '%s' "$out" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const r = JSON.parse(s);
      const req = (r.call_requests || [])[0];
      if (!req) { console.error(process.argv[1] + ": no call request: " + s); process.exit(1); }
      process.stdout.write(req.arguments[0]);
    });' "$air" > "${air%.air}.expected"
done
