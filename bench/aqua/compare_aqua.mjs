#!/usr/bin/env node
// Aqua compile speed, ours vs the reference, in one run:
//   node bench/aqua/compare_aqua.mjs --ours build/bench/aqua/bench_aqua [--iterations N] [--project-iterations M]
//   node bench/aqua/compare_aqua.mjs --generate DIR      (only write the generated project)
// Compiles the golden examples (tests/aqua/corpus/golden_*.aqua) and a generated project
// (100 files, ~10 000 lines, every exported function inlines a chain of 100 calls across the
// files) with bench_aqua (our compiler, warm, in-process) and with aqua-api 0.14.6 (warm, in the
// same node process), and prints the median time per file and the ratio.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const NODE_MODULES = path.join(ROOT, "tests/interop/aqua/node_modules");
const argv = process.argv.slice(2);
let ours = null, iterations = 10, generateOnly = null, projectIterations = 1, projectFiles = 100;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--ours") ours = argv[++i];
  else if (argv[i] === "--iterations") iterations = Number(argv[++i]);
  else if (argv[i] === "--project-iterations") projectIterations = Number(argv[++i]);
  else if (argv[i] === "--generate") generateOnly = argv[++i];
  else if (argv[i] === "--project-files") projectFiles = Number(argv[++i]);
}
if (!ours && !generateOnly) {
  console.error("usage: node compare_aqua.mjs --ours PATH/TO/bench_aqua [--iterations N] [--project-iterations M] | --generate DIR");
  process.exit(2);
}

// The generated project: mod0 .. mod99, each importing the previous one.
function generateProject(dir, files = projectFiles) {
  fs.mkdirSync(dir, { recursive: true });
  let lines = 0;
  for (let k = 0; k < files; k++) {
    const out = [`aqua Mod${k} declares *`, ""];
    if (k > 0) out.push(`import "mod${k - 1}.aqua"`, "");
    out.push(`service S${k}("s${k}"):`, "  call(x: string) -> string", "  check(x: string) -> bool", "");
    for (let j = 0; j < 10; j++) {
      const prev = k > 0 ? `m${k - 1}f${j}(x)` : `S${k}.call(x)`;
      out.push(
        `func m${k}f${j}(x: string) -> string:`,
        `  a <- ${prev}`,
        `  ok <- S${k}.check(a)`,
        `  res: *string`,
        `  if ok:`,
        `    res <- S${k}.call(a)`,
        `  else:`,
        `    res <<- a`,
        `  <- res!`,
        "",
      );
    }
    lines += out.length;
    fs.writeFileSync(path.join(dir, `mod${k}.aqua`), out.join("\n"));
  }
  const main = ["aqua Main", "", `import "mod${files - 1}.aqua"`, "", `export ${Array.from({ length: 10 }, (_, j) => `run${j}`).join(", ")}`, ""];
  for (let j = 0; j < 10; j++) main.push(`func run${j}(x: string) -> string:`, `  r <- m${files - 1}f${j}(x)`, "  <- r", "");
  lines += main.length;
  fs.writeFileSync(path.join(dir, "main.aqua"), main.join("\n"));
  return { main: path.join(dir, "main.aqua"), lines };
}

if (generateOnly) {
  const p = generateProject(path.resolve(generateOnly));
  console.log(JSON.stringify(p));
  process.exit(0);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aqua-bench-"));
const project = generateProject(tmp);
const corpus = path.join(ROOT, "tests/aqua/corpus");
const files = fs.readdirSync(corpus).filter((f) => f.startsWith("golden_") && f.endsWith(".aqua")).map((f) => path.join(corpus, f));
files.push(project.main);

const oursMs = JSON.parse(execFileSync(ours, ["-n", String(iterations), "-I", NODE_MODULES, ...files], { encoding: "utf8", maxBuffer: 1 << 26 }));

const api = await import(pathToFileURL(path.join(NODE_MODULES, "@fluencelabs/aqua-api/index.js")).href);
async function refOnce(file) {
  const t0 = performance.now();
  const r = await api.compileFromPath({ filePath: file, imports: [NODE_MODULES], targetType: "air", logLevel: "off", noEmptyResponse: true });
  const t1 = performance.now();
  if (r.errors?.length) throw new Error(`${file}: ${r.errors[0]}`);
  return t1 - t0;
}
const refIterations = Math.max(3, Math.min(iterations, 10));
const rows = [];
for (const f of files) {
  if (f !== project.main) await refOnce(f);  // warm-up (the project is compiled after all the others: warm)
  const ts = [];
  const n = f === project.main ? projectIterations : refIterations;
  for (let i = 0; i < n; i++) ts.push(await refOnce(f));
  ts.sort((a, b) => a - b);
  const ref = ts[Math.floor(ts.length / 2)];
  const mine = oursMs[f];
  const r = { file: f === project.main ? `generated project (${projectFiles} files, ${project.lines} lines)` : path.basename(f), ours_ms: mine, reference_ms: ref, ratio: ref / mine };
  rows.push(r);
  console.log(`${r.file.padEnd(44)} ours ${r.ours_ms.toFixed(3).padStart(9)} ms   aqua-api ${r.reference_ms.toFixed(1).padStart(8)} ms   ${r.ratio.toFixed(0).padStart(6)}x`);
}
const geo = Math.exp(rows.reduce((s, r) => s + Math.log(r.ratio), 0) / rows.length);
console.log(JSON.stringify({ geometric_mean_ratio: Number(geo.toFixed(1)), min_ratio: Number(Math.min(...rows.map((r) => r.ratio)).toFixed(1)), project_ms_ours: rows[rows.length - 1].ours_ms }));
fs.rmSync(tmp, { recursive: true, force: true });
