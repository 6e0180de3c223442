#!/usr/bin/env python3
"""Differential fuzzing of our AIR parser against the reference (development tool, not a test).

Mutates the corpus scripts (token deletions, duplications, swaps, replacements with tokens from
other scripts, random characters), runs the reference parser (reference_ast.mjs) and ours
(`fluence air ast --as-reference`) on every mutant, and copies each mutant whose outputs differ
into OUT_DIR for inspection.

  python3 differential_fuzz.py FLUENCE_BINARY OUT_DIR [--count N] [--seed S]

Mutants worth keeping go into corpus/ (then record with `node reference_ast.mjs corpus --write`).
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
TOKEN = re.compile(r'"[^"]*"|[()\[\]]|[^\s()\[\]"]+|\s+')
EXTRA = ["(", ")", "[", "]", "x", "$s", "%m", "#$c", "#%m", "#c", "i", "1", "-1", "1.5", "\"s\"",
         "(null)", "(next i)", "(never)", "x.$.a", "x.$.[0]", "#$c.length", ":error:", "%last_error%",
         "%init_peer_id%", "[]", "call", "seq", "par", "xor", "fold", "new", "ap", "canon", "fail",
         "match", "mismatch", "next", "0", "a%b", "x.$", ".5", "1.2.3", "$", "#", "%", ";c\n"]


def mutate(text, rnd, pool):
    toks = TOKEN.findall(text)
    if not toks:
        return text
    for _ in range(rnd.randint(1, 3)):
        op = rnd.random()
        i = rnd.randrange(len(toks))
        if op < 0.3:
            del toks[i]
        elif op < 0.5:
            toks.insert(i, toks[rnd.randrange(len(toks))])
        elif op < 0.8:
            toks[i] = rnd.choice(pool)
        else:
            j = rnd.randrange(len(toks))
            toks[i], toks[j] = toks[j], toks[i]
        if not toks:
            break
    return "".join(toks)


def main():
    args = sys.argv[1:]
    count, seed = 500, 1
    if "--count" in args:
        k = args.index("--count"); count = int(args[k + 1]); del args[k:k + 2]
    if "--seed" in args:
        k = args.index("--seed"); seed = int(args[k + 1]); del args[k:k + 2]
    fluence, out_dir = args
    rnd = random.Random(seed)
    sources = [open(os.path.join(CORPUS, n), encoding="utf-8").read()
               for n in sorted(os.listdir(CORPUS)) if n.endswith(".air")]
    sources = [s for s in sources if len(s) < 4000]
    pool = EXTRA + [t for s in sources for t in TOKEN.findall(s) if not t.isspace()][:5000]
    work = tempfile.mkdtemp()
    for n in range(count):
        with open(os.path.join(work, f"m{n:05d}.air"), "w", encoding="utf-8") as f:
            f.write(mutate(rnd.choice(sources), rnd, pool))
    ref = subprocess.run(["node", os.path.join(HERE, "reference_ast.mjs"), work],
                         capture_output=True, text=True, check=True).stdout
    os.makedirs(out_dir, exist_ok=True)
    differ = 0
    for line in ref.splitlines():
        r = json.loads(line)
        path = os.path.join(work, r["name"])
        ours = subprocess.run([fluence, "air", "ast", "--as-reference", path],
                              capture_output=True).stdout.decode("utf-8", "replace")
        if ours != r["output"]:
            differ += 1
            shutil.copy(path, out_dir)
            with open(os.path.join(out_dir, r["name"] + ".reference"), "w", encoding="utf-8") as f:
                f.write(r["output"])
            with open(os.path.join(out_dir, r["name"] + ".ours"), "w", encoding="utf-8") as f:
                f.write(ours)
    shutil.rmtree(work)
    print(json.dumps({"mutants": count, "differ": differ, "out": out_dir}))


if __name__ == "__main__":
    main()
