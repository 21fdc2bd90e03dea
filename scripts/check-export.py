#!/usr/bin/env python3
"""Reads an `export` folder back with pyarrow (run by .ci/run): users.parquet and items.parquet
have the documented columns and types, one row per user and chunk, finite vectors of one width,
weights equal to S_final for tree interests, and the resolved config in the footer.
Usage: scripts/check-export.py DIR"""
import math
import sys

import pyarrow.parquet as pq
import pyarrow as pa


def fail(message):
    print("check-export: " + message, file=sys.stderr)
    sys.exit(1)


def vectors(table):
    names = [n for n in table.column_names if n.startswith("e") and n[1:].isdigit()]
    if [int(n[1:]) for n in names] != list(range(len(names))) or not names:
        fail("vector columns are not e0..e<d-1>: %s" % names[:5])
    for n in names:
        if table.schema.field(n).type != pa.float32():
            fail("%s is %s, not float" % (n, table.schema.field(n).type))
    rows = [list(r) for r in zip(*(table.column(n).to_pylist() for n in names))]
    if any(not math.isfinite(v) for r in rows for v in r):
        fail("a vector holds a non-finite value")
    return len(names), rows


folder = sys.argv[1]
users = pq.read_table(folder + "/users.parquet")
items = pq.read_table(folder + "/items.parquet")
expected = {"user_id": pa.int32(), "raw_user_id": pa.string(), "chunk": pa.int32(), "first_behaviour": pa.int32(),
            "behaviours": pa.int32(), "start_time": pa.int64(), "end_time": pa.int64(), "interest": pa.string(),
            "s_final": pa.float64(), "weight": pa.float32()}
for name, kind in expected.items():
    if users.schema.field(name).type != kind:
        fail("users.%s is %s, not %s" % (name, users.schema.field(name).type, kind))
d_users, user_vectors = vectors(users)
d_items, item_vectors = vectors(items)
if d_users != d_items:
    fail("users have %d-d vectors, items %d-d" % (d_users, d_items))
rows = users.select(["user_id", "chunk", "start_time", "end_time", "s_final", "weight"]).to_pylist()
seen = {}
for r in rows:
    seen.setdefault(r["user_id"], []).append(r["chunk"])
    if r["start_time"] > r["end_time"]:
        fail("user %d chunk %d ends before it starts" % (r["user_id"], r["chunk"]))
    if not math.isnan(r["s_final"]) and abs(r["weight"] - r["s_final"]) > 1e-6:
        fail("user %d chunk %d: weight %s is not S_final %s" % (r["user_id"], r["chunk"], r["weight"], r["s_final"]))
for user, chunks in seen.items():
    if sorted(chunks) != list(range(len(chunks))):
        fail("user %d has chunks %s" % (user, sorted(chunks)))
meta = pq.read_metadata(folder + "/users.parquet").metadata
if b"hitlbm.config" not in meta or b"hitlbm.git.commit" not in meta:
    fail("the footer lacks the config or the commit: %s" % sorted(meta))
print("check-export: %d users, %d user-chunk rows, %d items, %d-d vectors: read back by pyarrow %s"
      % (len(seen), users.num_rows, items.num_rows, d_users, pa.__version__))
