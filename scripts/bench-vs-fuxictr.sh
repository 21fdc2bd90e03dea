#!/usr/bin/env bash
# Training speed of hitlbm's CTR backbones beside FuxiCTR 2.3.10 (PyTorch 2.7.1) on the same
# MovieLens-100K rows, one backbone at a time, back to back, at the same settings (see
# scripts/fuxictr_bench.py for each model's mapping); a hand-written PyTorch DIN is the reference row.
#
#   scripts/bench-vs-fuxictr.sh [--data ML100K_DIR] [--models din,dien,...] [--epochs 3]
#       [--threads 2] [--venv DIR] [--zoo FUXICTR_CHECKOUT] [--jar HITLBM_JAR] [--out results/bench/vs-fuxictr.md]
#
# Python is a side tool here: a throwaway venv, never part of the Java build or CI. Speed is
# training rows / epoch wall time, the median over epochs 2..N (epoch 1 carries warm-up); the epoch
# includes its validation pass on both sides, because hitlbm's `run` reports no finer time.
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS="$*"

DATA=${HITLBM_ML100K:-../shared/data/ml-100k}
MODELS=din,dien,dcnv2,deepfm,xdeepfm,autoint,fibinet,fignn
EPOCHS=3 THREADS=2 VENV= ZOO= OUT=results/bench/vs-fuxictr.md JAR=hitlbm-experiments/target/hitlbm.jar
while [ $# -gt 0 ]; do
    case "$1" in
        --data) DATA=$2 ;; --models) MODELS=$2 ;; --epochs) EPOCHS=$2 ;; --threads) THREADS=$2 ;;
        --venv) VENV=$2 ;; --zoo) ZOO=$2 ;; --out) OUT=$2 ;; --jar) JAR=$2 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vs-fuxictr.XXXXXX")
VENV=${VENV:-${TMPDIR:-/tmp}/fuxictr-venv}
SPEC=configs/backbones-ml100k.yaml
JAVA=(java -Dai.djl.offline=true -jar "$JAR")
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS  # both engines' intra-op pools
START=$(date +%s)

# 1. the venv, reused when it already has both pinned versions. pandas 3.1 / numpy 2.4 work with
# the FuxiCTR parts used here (FeatureMap, layers, BaseModel), so nothing else is pinned.
# TORCH_INDEX=https://download.pytorch.org/whl/cpu gets the CPU-only wheel (smaller RSS).
if ! "$VENV/bin/python" -c 'import torch, fuxictr; assert torch.__version__.startswith("2.7.1") and fuxictr.__version__ == "2.3.10"' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q ${TORCH_INDEX:+--index-url "$TORCH_INDEX"} torch==2.7.1
    "$VENV/bin/pip" install -q fuxictr==2.3.10
fi
PY=$VENV/bin/python

# The wheel (and sdist) ship only model_zoo/LongCTR and multitask: the models live in the git repo.
if [ -z "$ZOO" ]; then
    ZOO=$VENV/FuxiCTR
    [ -d "$ZOO/model_zoo" ] || git clone -q --depth 1 --branch v2.3.10 https://github.com/reczoo/FuxiCTR "$ZOO" \
        || git clone -q --depth 1 https://github.com/reczoo/FuxiCTR "$ZOO"
fi

# 2. hitlbm and the exact rows it trains on
[ -f "$JAR" ] || mvn -q -B install -DskipTests
"${JAVA[@]}" export-samples "$SPEC" --cell 2 --set dataset.path="$DATA" --out "$WORK/samples" >/dev/null
SETS=(--set dataset.path="$DATA" --set train.epochs="$EPOCHS" --set train.patience=99
      --set paths.results="$WORK/hitlbm" --set tracking.enabled=false)
# a thread setting of hitlbm's own where this build has one; OMP_NUM_THREADS either way
HOW="OMP_NUM_THREADS only"
if "${JAVA[@]}" validate "$SPEC" --set train.threads="$THREADS" >/dev/null 2>&1; then
    SETS+=(--set train.threads="$THREADS") HOW="train.threads=$THREADS"
fi
CELLS=$("${JAVA[@]}" validate "$SPEC" "${SETS[@]}")  # "  cell 2: {backbone.name=din}"

# 3. each backbone: FuxiCTR, then hitlbm; peak RSS of each process from /usr/bin/time
fx() {  # fx NAME MODEL: one python run, its JSON and its peak RSS (KB)
    /usr/bin/time -f %M -o "$WORK/$1.rss" "$PY" scripts/fuxictr_bench.py --data "$WORK/samples" \
        --model "$2" --zoo "$ZOO" --epochs "$EPOCHS" --threads "$THREADS" --work "$WORK/fx" \
        >"$WORK/$1.json" 2>"$WORK/$1.err" || { tail -20 "$WORK/$1.err" >&2; return 1; }
}
for m in ${MODELS//,/ }; do
    echo "== $m" >&2
    fx "fx-$m" "$m"
    cell=$(sed -n "s/^ *cell \([0-9]*\): {backbone.name=$m}.*/\1/p" <<<"$CELLS")
    # each line stamped on arrival: epoch K's line comes right after its validation
    /usr/bin/time -f %M -o "$WORK/hl-$m.rss" "${JAVA[@]}" run "$SPEC" --cell "$cell" --force "${SETS[@]}" 2>&1 \
        | while IFS= read -r line; do echo "$EPOCHREALTIME $line"; done >"$WORK/hl-$m.log"
    grep -q " done: best epoch" "$WORK/hl-$m.log" || { tail -20 "$WORK/hl-$m.log" >&2; exit 1; }
done
if [[ ",$MODELS," == *,din,* ]]; then echo "== torch-din" >&2; fx fx-torch-din torch-din; fi

# 4. the table
mkdir -p "$(dirname "$OUT")"
HITLBM_JAR=$JAR "$PY" - "$WORK" "$MODELS" "$EPOCHS" "$THREADS" "$(( $(date +%s) - START ))" "$ARGS" "$HOW" >"$OUT" <<'EOF'
import glob, json, os, platform, re, statistics, subprocess, sys
import torch, fuxictr
work, models, epochs, threads, took = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
rows = lambda split: sum(1 for _ in open(os.path.join(work, "samples", split + ".csv"))) - 1
n = rows("train")
first = 1 if epochs > 1 else 0  # epochs 2..N, or the only one

def mb(name):
    return int(open(os.path.join(work, name + ".rss")).read().split()[-1]) / 1024

def speed(seconds):
    # the median epoch: one epoch stalled by a neighbour on a shared machine moves it little
    return n / statistics.median(seconds[first:])

def python_side(name):
    r = json.loads(open(os.path.join(work, name + ".json")).read().strip().splitlines()[-1])
    return dict(s=speed(r["epoch_seconds"]), train=speed(r["train_seconds"]), rss=mb(name), auc=r["test_auc"],
                epochs=r["epoch_seconds"], val=[e - t for e, t in zip(r["epoch_seconds"], r["train_seconds"])],
                val_auc=r.get("val_auc_per_epoch", []))

def hitlbm(m):
    # epoch K ends at its line; epoch 1 starts at the data-loaded line (so it includes building the model)
    log = open(os.path.join(work, f"hl-{m}.log")).read().splitlines()
    stamps = [float(l.split()[0]) for l in log if "] data " in l or re.search(r"\] epoch \d+/\d+ ", l)]
    epochs = [b - a for a, b in zip(stamps, stamps[1:])]
    cell = [p for p in glob.glob(os.path.join(work, "hitlbm", "*", "run-*", "metrics.json"))
            if json.load(open(p))["params"]["backbone.name"] == m][0]
    record = json.load(open(cell))
    return dict(s=speed(epochs), rss=mb(f"hl-{m}"), auc=record["final"]["test.auc"], epochs=epochs,
                val_auc=[e["metrics"]["val.auc"] for e in record["history"]])

def line(name, f, h):
    return (f"| {name} | {f['s']:,.0f} | {h['s']:,.0f} | {h['s'] / f['s']:.2f} | {f['train']:,.0f} | {f['rss']:,.0f} "
            f"| {h['rss']:,.0f} | {f['auc']:.4f} | {h['auc']:.4f} |")

secs = lambda xs, f="{:.2f}": " ".join(f.format(x) for x in xs)

head = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
import datetime
jar = datetime.datetime.fromtimestamp(os.path.getmtime(os.environ["HITLBM_JAR"])).strftime("%Y-%m-%d %H:%M")
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"""# hitlbm vs FuxiCTR {fuxictr.__version__}: training speed on MovieLens-100K

{n:,} training rows (export-samples, cell 2 of configs/backbones-ml100k.yaml), batch 256, {epochs} epochs,
{threads} threads (python: torch.set_num_threads; hitlbm: {sys.argv[7]}); PyTorch {torch.__version__}, hitlbm {head} (jar built {jar}), {java};
{os.cpu_count()} x {cpu}. Whole run: {took // 60} min {took % 60} s (`scripts/bench-vs-fuxictr.sh {sys.argv[6]}`).

Samples/s = training rows / epoch wall time, the median over epochs {first + 1}..{max(epochs, 1)}; **the epoch includes its
validation pass** ({rows("valid"):,} rows, and keeping the best weights) on both sides, since hitlbm's `run` reports no
finer time. "FuxiCTR train only" leaves FuxiCTR's eval_step out, for scale. Peak RSS is each process's
maximum resident set (/usr/bin/time). Test AUC: the best validation epoch's weights on both sides.

| backbone | FuxiCTR samples/s | hitlbm samples/s | hitlbm / FuxiCTR | FuxiCTR train only samples/s | FuxiCTR peak RSS MB | hitlbm peak RSS MB | FuxiCTR test AUC | hitlbm test AUC |
|---|--:|--:|--:|--:|--:|--:|--:|--:|""")
hl = {m: hitlbm(m) for m in models}
fx = {m: python_side(f"fx-{m}") for m in models + (["torch-din"] if "din" in models else [])}
for m in models:
    print(line(m, fx[m], hl[m]))
if "din" in models:
    print(line("din, plain PyTorch (reference; hitlbm columns: the din row)", fx["torch-din"], hl["din"]))
print("""
Per epoch, to judge noise and warm-up (seconds: FuxiCTR's train_epoch incl. its eval_step; hitlbm's between its
epoch lines, epoch 1 from the data-loaded line) and where the best validation AUC fell:

| backbone | FuxiCTR epoch s | of which FuxiCTR eval_step s | hitlbm epoch s | FuxiCTR val AUC | hitlbm val AUC |
|---|---|---|---|---|---|""")
for m in fx:
    h = hl.get(m, dict(epochs=[], val_auc=[]))
    print(f"| {m} | {secs(fx[m]['epochs'])} | {secs(fx[m]['val'])} | {secs(h['epochs'])} "
          f"| {secs(fx[m]['val_auc'], '{:.4f}')} | {secs(h['val_auc'], '{:.4f}')} |")
EOF
cat "$OUT"
echo "raw logs: $WORK" >&2
