#!/usr/bin/env python3
"""Score kronika on every shared evaluation set and check the floors.

Usage: eval/eval.py [--bin PATH] [--floors eval/floors.json] [--check] [--json OUT]

Runs ../shared/eval/score.py on the seed gold and each dev set under
../shared/data, prints one table (rows: sets, columns: metrics), and with
--check exits 1 when any figure is below its floor in floors.json. Without
../shared it says so and exits 0, so a fresh clone passes.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")

# The sets, by the name floors.json uses. timeml has no dev split: its
# train file is the development set (see the dates issue).
SETS = [
    ("seed", "seed/gold.jsonl"),
    ("sq-news-dev", "data/sq-news-dev/gold.jsonl"),
    ("en-news-dev", "data/en-news-dev/gold.jsonl"),
    ("conll2003-dev", "data/conll2003/dev.jsonl"),
    ("timeml-train", "data/timeml/train.jsonl"),
    ("newsquant-dev", "data/newsquant/dev.jsonl"),
    ("polnear-dev", "data/polnear/dev.jsonl"),
]

# Columns shown, in order: score.py's report keys; f1 for P/R/F1 rows,
# acc for accuracies.
METRICS = [
    "entities_exact", "entities_relaxed", "linking", "entity_set",
    "quotes", "quote_speaker", "amounts", "amount_value", "amount_approx",
    "dates", "date_value", "titles",
]


def figure(rep, key):
    v = rep.get(key)
    if not isinstance(v, dict):
        return None
    if "f1" in v:
        # A task the set does not annotate has no gold and no true
        # positives: leave it out rather than report a meaningless 0.
        if v.get("tp", 0) + v.get("fn", 0) == 0:
            return None
        return v["f1"]
    if "acc" in v:
        return v["acc"] if v.get("n") else None
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "bin", "kronika"))
    ap.add_argument("--floors", default=os.path.join(ROOT, "eval", "floors.json"))
    ap.add_argument("--check", action="store_true", help="fail when a figure is below its floor")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    scorer = os.path.join(SHARED, "eval", "score.py")
    if not os.path.exists(scorer):
        print(f"eval: {SHARED} is absent; nothing to score")
        return 0
    if not os.path.exists(args.bin):
        sys.exit(f"eval: no binary at {args.bin}; build it first (make build)")

    results = {}
    for name, rel in SETS:
        path = os.path.join(SHARED, rel)
        if not os.path.exists(path):
            continue
        proc = subprocess.run(
            [sys.executable, scorer, "run", path, "--json", "--time", "--", args.bin, "extract"],
            capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"eval: {name}: the run failed:\n{proc.stderr}", file=sys.stderr)
            results[name] = None
            continue
        rep = json.loads(proc.stdout)
        results[name] = {k: figure(rep, k) for k in METRICS}
        results[name]["words_per_second"] = rep.get("words_per_second")

    cols = [m for m in METRICS if any(r and r.get(m) is not None for r in results.values())]
    head = ["set"] + cols + ["words/s"]
    rows = []
    for name, r in results.items():
        if r is None:
            rows.append([name] + ["FAILED"] * (len(cols) + 1))
            continue
        rows.append([name] + ["-" if r.get(c) is None else f"{r[c]:.3f}" for c in cols]
                    + [str(r.get("words_per_second") or "-")])
    widths = [max(len(str(x[i])) for x in [head] + rows) for i in range(len(head))]
    for row in [head] + rows:
        print("  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths))))

    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)

    if not args.check:
        return 0
    with open(args.floors) as f:
        floors = json.load(f)
    bad = []
    for name, metrics in floors.items():
        if name.startswith("_"):
            continue
        r = results.get(name)
        if name not in results:
            continue  # the set is not in this ../shared
        if r is None:
            bad.append(f"{name}: the run failed")
            continue
        for metric, floor in metrics.items():
            got = r.get(metric)
            if got is None or got + 1e-9 < floor:
                bad.append(f"{name} {metric}: {got} is below the floor {floor}")
    if bad:
        print("\neval: below the floors in " + os.path.relpath(args.floors, ROOT) + ":")
        for b in bad:
            print("  " + b)
        return 1
    print("\neval: every figure is at or above its floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
