#!/usr/bin/env node
// Runs the reference AIR parser (the `ast` export of avm.wasm 0.62.0, hosted by marine-js 0.13.0)
// on every *.air file of a folder.
//
//   node reference_ast.mjs CORPUS_DIR [--modules NODE_MODULES] [--write]
//
// Without --write: prints one JSON line per script, {"name": "x.air", "output": "<raw text>"},
// where the raw text is exactly what the export returned (AST JSON, or the parse error text).
// With --write: records that text as CORPUS_DIR/x.expected (how the corpus's expected files were
// made; rerun it after adding scripts). NODE_MODULES defaults to tests/interop/air/node_modules,
// where scripts/install-interop.sh installs the pinned reference packages.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let modules = path.resolve(HERE, "../../interop/air/node_modules");
let write = false;
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--modules") modules = path.resolve(args[++i]);
  else if (args[i] === "--write") write = true;
  else positional.push(args[i]);
}
if (positional.length !== 1) {
  process.stderr.write("usage: node reference_ast.mjs CORPUS_DIR [--modules NODE_MODULES] [--write]\n");
  process.exit(2);
}
const corpus = path.resolve(positional[0]);
const pkg = (name, rel) => path.join(modules, ...name.split("/"), rel);

const { MarineService } = await import(pathToFileURL(pkg("@fluencelabs/marine-js", "dist/MarineService.js")).href);
const { defaultCallParameters } = await import(pathToFileURL(pkg("@fluencelabs/marine-js", "dist/types.js")).href);
const control = new WebAssembly.Module(readFileSync(pkg("@fluencelabs/marine-js", "dist/marine-js.wasm")));
const config = {
  modules_config: [
    {
      import_name: "avm",
      config: {
        logger_enabled: true,
        logging_mask: 0,
        wasi: { envs: { WASM_LOG: "off" }, preopened_files: new Set(), mapped_dirs: new Map() },
      },
    },
  ],
};
const avm = new Uint8Array(readFileSync(pkg("@fluencelabs/avm", "dist/avm.wasm")));
const service = new MarineService(control, "avm", () => {}, config, { avm }, {});
await service.init();

const names = readdirSync(corpus).filter((n) => n.endsWith(".air")).sort();
for (const name of names) {
  const script = readFileSync(path.join(corpus, name), "utf8");
  const output = service.call("ast", [script], defaultCallParameters);
  if (write) {
    writeFileSync(path.join(corpus, name.replace(/\.air$/, ".expected")), output);
  } else {
    process.stdout.write(JSON.stringify({ name, output }) + "\n");
  }
}
await service.terminate?.();
process.exit(0);
