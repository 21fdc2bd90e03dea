#!/usr/bin/env python3
"""Op-by-op summary of a trace from `bench backbones --torch-profile PREFIX` (PyTorch's Chrome trace).

    python3 scripts/torch-profile-summary.py PREFIX-din.json [--batches N] [--top 30] [--shapes]

Counts top-level ops (those not nested in another: forward ops, autograd nodes, the optimizer's
ops) and their wall time, per batch when --batches is given (default: the number of
aten::embedding calls of the first lookup's shape, i.e. one per batch and table). The profiler
inflates every op; read shares and counts, not absolute times.
"""
import argparse
import collections
import json

ap = argparse.ArgumentParser()
ap.add_argument("trace")
ap.add_argument("--batches", type=int, default=0)
ap.add_argument("--top", type=int, default=30)
ap.add_argument("--shapes", action="store_true", help="group by op name and input shapes")
a = ap.parse_args()

data = json.load(open(a.trace))
events = data["traceEvents"] if isinstance(data, dict) else data
events = sorted((e for e in events if e.get("ph") == "X"), key=lambda e: (e["ts"], -e["dur"]))
top, end = [], -1.0
for e in events:
    if e["ts"] >= end:
        top.append(e)
        end = e["ts"] + e["dur"]
batches = a.batches
if not batches:
    lookups = [e for e in top if e["name"] == "aten::embedding"]
    first = str(lookups[0].get("shape")) if lookups else None
    batches = max(1, sum(1 for e in lookups if str(e.get("shape")) == first))
time, count = collections.Counter(), collections.Counter()
for e in top:
    key = (e["name"], str(e.get("shape"))) if a.shapes else e["name"]
    time[key] += e["dur"]
    count[key] += 1
total = sum(time.values())
print(f"{a.trace}: {len(top)} top-level ops, {batches} batches: {len(top) / batches:.0f} ops and "
      f"{total / batches / 1000:.2f} ms (profiled) per batch")
print(f"{'ms/batch':>9} {'share':>6} {'ops/batch':>9}  op")
for key, t in time.most_common(a.top):
    name = " ".join(key) if a.shapes else key
    print(f"{t / batches / 1000:9.3f} {t / total:6.1%} {count[key] / batches:9.1f}  {name}")
