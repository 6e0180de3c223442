// js-client 0.9.0 as a Fluence app would use it: connects to RELAY_MULTIADDR, calls FUNC of a
// compiled Aqua file (the `--json` output of `fluence aqua compile`) with ARGS, prints
// {"result": ...} or {"error": "..."} as one JSON line.
//   node call_aqua.mjs RELAY_MULTIADDR COMPILED.json FUNC '[args]'
import { readFileSync } from "node:fs";
import { Fluence, v5_callFunction } from "@fluencelabs/js-client";

const [relay, compiledPath, func, argsJson] = process.argv.slice(2);
const compiled = JSON.parse(readFileSync(compiledPath, "utf8"));
const fn = compiled.functions[func];
const timer = setTimeout(() => {
  console.log(JSON.stringify({ error: "timed out" }));
  process.exit(0);
}, 60000);

try {
  if (!fn) throw new Error(`no function ${func} in ${compiledPath}`);
  await Fluence.connect(relay, { connectionOptions: { dialTimeoutMs: 10000 } });
  const args = JSON.parse(argsJson ?? "[]");
  const result = await v5_callFunction([...args, { ttl: 20000 }], fn.funcDef, fn.script);
  console.log(JSON.stringify({ result }));
} catch (e) {
  console.log(JSON.stringify({ error: String(e?.message ?? e) }));
} finally {
  clearTimeout(timer);
  try {
    await Fluence.disconnect();
  } catch {}
  process.exit(0);
}
