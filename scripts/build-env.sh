# Sourced by scripts/demo.sh and scripts/test.sh: makes sure the tools that building
# HiGHS from source needs are present (cmake >= 3.15, a C++ compiler, libclang for
# bindgen), installing them when missing. As root with apt: Debian's cmake and
# libclang-dev. Otherwise: cmake and libclang from PyPI, put on PATH / LIBCLANG_PATH.

have_libclang() {
  [ -n "${LIBCLANG_PATH:-}" ] && return 0
  local candidate
  for candidate in /usr/lib/llvm-*/lib/libclang.so* /usr/lib/llvm-*/lib/libclang-*.so* \
                   /usr/lib/*-linux-gnu/libclang.so* /usr/lib/*-linux-gnu/libclang-[0-9]*.so*; do
    [ -e "$candidate" ] && return 0
  done
  return 1
}

have_cmake() {
  command -v cmake >/dev/null 2>&1 || return 1
  local version
  version=$(cmake --version | head -n1 | sed 's/[^0-9]*\([0-9]*\)\.\([0-9]*\).*/\1 \2/')
  set -- $version
  [ "${1:-0}" -gt 3 ] || { [ "${1:-0}" -eq 3 ] && [ "${2:-0}" -ge 15 ]; }
}

if ! command -v g++ >/dev/null 2>&1; then
  echo "rebook: g++ is needed to build the HiGHS solver (apt-get install g++)" >&2
  return 1 2>/dev/null || exit 1
fi

if ! have_cmake || ! have_libclang; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "rebook: installing cmake and libclang-dev (needed once to build HiGHS)..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cmake libclang-dev >/dev/null
  else
    echo "rebook: installing cmake and libclang from PyPI (needed once to build HiGHS)..." >&2
    python3 -m pip install --quiet --user cmake libclang
  fi
fi

if ! have_cmake; then
  cmake_bin=$(python3 -c 'import cmake; print(cmake.CMAKE_BIN_DIR)' 2>/dev/null || true)
  if [ -n "$cmake_bin" ]; then export PATH="$cmake_bin:$PATH"; fi
fi
if ! have_libclang; then
  clang_dir=$(python3 -c 'import clang, os; print(os.path.join(os.path.dirname(clang.__file__), "native"))' 2>/dev/null || true)
  if [ -n "$clang_dir" ]; then export LIBCLANG_PATH="$clang_dir"; fi
fi
if ! have_cmake || ! have_libclang; then
  echo "rebook: could not install cmake >= 3.15 and libclang; install them and retry" >&2
  return 1 2>/dev/null || exit 1
fi
