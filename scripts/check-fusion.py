#!/usr/bin/env python3
"""Runs a saved fusion (fusion.onnx) on onnxruntime from Python, fed from an `export` of the same
cell (run by .ci/run): for every row of reference.tsv, e_user and e_item from the exported Parquet
vectors must match what the trained Java model gave, one row at a time and all rows as one padded
batch. Shows the serving artifact needs neither Java nor PyTorch.
Usage: scripts/check-fusion.py FUSION_DIR EXPORT_DIR"""
import sys

import numpy as np
import onnxruntime as ort
import pyarrow.parquet as pq

TOLERANCE = 1e-4  # as UserInterestModel.REFERENCE_TOLERANCE


def fail(message):
    print("check-fusion: " + message, file=sys.stderr)
    sys.exit(1)


def vector_columns(table):
    return [n for n in table.column_names if n.startswith("e") and n[1:].isdigit()]


fusion_dir, export_dir = sys.argv[1], sys.argv[2]
users = pq.read_table(export_dir + "/users.parquet")
items = pq.read_table(export_dir + "/items.parquet")
names = vector_columns(users)
d = len(names)
chunks = {}
for r in users.select(["user_id", "chunk", "weight"] + names).to_pylist():
    chunks.setdefault(r["user_id"], {})[r["chunk"]] = (r["weight"], [r[n] for n in names])
item_vectors = {r["item_id"]: [r[n] for n in names] for r in items.select(["item_id"] + names).to_pylist()}

reference = []
with open(fusion_dir + "/reference.tsv") as f:
    for line in f:
        if not line.startswith("#"):
            v = line.rstrip("\n").split("\t")
            reference.append((int(v[0]), int(v[1]), int(v[2]), np.array([float(x) for x in v[3:]], dtype=np.float32)))
if not reference:
    fail("reference.tsv has no rows")

session = ort.InferenceSession(fusion_dir + "/fusion.onnx", providers=["CPUExecutionProvider"])


def pack(rows, t):
    batch = {"chunks": np.zeros((len(rows), t, d), np.float32), "mask": np.zeros((len(rows), t), np.float32),
             "scores": np.zeros((len(rows), t), np.float32), "item": np.zeros((len(rows), d), np.float32)}
    for b, (user, item, visible, _) in enumerate(rows):
        for j in range(visible):
            weight, vector = chunks[user][j]
            batch["chunks"][b, j] = vector
            batch["mask"][b, j] = 1
            batch["scores"][b, j] = weight
        batch["item"][b] = item_vectors[item]
    return batch


def worst(rows, outputs):
    e_user, e_item = outputs
    got = np.concatenate([e_user, e_item], axis=1)
    expected = np.stack([r[3] for r in rows])
    if got.shape != expected.shape:
        fail("fusion.onnx gives %s values, reference.tsv holds %s" % (got.shape, expected.shape))
    return float(np.max(np.abs(got - expected)))


one_at_a_time = max(worst([r], session.run(["e_user", "e_item"], pack([r], max(1, r[2])))) for r in reference)
longest = max(max(1, r[2]) for r in reference)
batched = worst(reference, session.run(["e_user", "e_item"], pack(reference, longest)))
for label, w in (("one row at a time", one_at_a_time), ("as one padded batch", batched)):
    if not w <= TOLERANCE:
        fail("%s, fusion.onnx is %g away from the trained fusion (tolerance %g)" % (label, w, TOLERANCE))
print("check-fusion: %d reference rows (up to %d chunks), %d-d vectors from Parquet: onnxruntime %s within %.1e one at a time, %.1e batched"
      % (len(reference), longest, d, ort.__version__, one_at_a_time, batched))
