#!/usr/bin/env bash
# Benchmarks for sbomkeeper. See docs/benchmarks.md for what is measured, why,
# and the results of a full run.
#
#   scripts/bench.sh [--quick] [--runs N] [--skip-cpython] [--skip-synthetic]
#                    [--skip-artifact] [--skip-memory] [--files N] [--size-mb M]
#                    [--big-mb M] [--mem-runs N] [--quiet-wait S]
#                    [--no-hyperfine] [--keep]
#
# (a) `sbomkeeper regen --offline` against upstream `Tools/build/generate_sbom.py`
#     on the same git checkout of the CPython 3.13.5 release tree, whole process.
# (b) hashing throughput on a synthetic tree (default 100,000 files, 2048 MiB):
#     `sbomkeeper regen` (SHA-1 and SHA-256 of every file, CRLF normalised)
#     against `sha256sum` run on every core through xargs -P.
# (c) release-artifact SBOMs: `sbomkeeper artifact` on the real
#     Python-3.13.5.tar.xz against python/release-tools `sbom.py` on the same
#     file, both asking a loopback package index (testdata/cpython-3.12/index)
#     about pip and its 20 vendored pins, and against the floor
#     `xz -dc FILE | sha256sum`; also `--offline --lock LOCK`, no network.
# (d) memory as archives grow: peak RSS (GNU time %M) and time of
#     `sbomkeeper artifact --offline --lock` on the real tarball, on a .tar.gz of
#     the same tree, and on a .tar.gz of that tree plus --big-mb MiB of random
#     data (default 2000: 40 files of 50 MiB), deleted afterwards.
#
# Progress goes to stderr; the Markdown report goes to stdout (and to
# report.md in the work directory, kept with --keep).
set -euo pipefail

runs=20
skip_cpython=0
skip_synthetic=0
skip_artifact=0
skip_memory=0
files=100000
size_mb=2048
big_mb=2000
mem_runs=5
keep=0
use_hyperfine=1
crlf_percent=10
quiet_wait=120

usage() {
  cat <<'EOF'
Usage: scripts/bench.sh [options]

  --quick           a fast check (a few minutes): --runs 3 --files 2000
                    --size-mb 40 --big-mb 200 --mem-runs 2 --quiet-wait 10;
                    options after it override these
  --runs N          timed runs of each command in (a) to (c) (default 20)
  --skip-cpython    skip (a), the CPython regen comparison
  --skip-synthetic  skip (b), the synthetic hashing-throughput comparison
  --skip-artifact   skip (c), the release-artifact comparison with sbom.py
  --skip-memory     skip (d), peak memory on a small and a large archive
  --files N         files in the synthetic tree (default 100000)
  --size-mb M       total size of the synthetic tree in MiB (default 2048)
  --big-mb M        random data added to the CPython tree for the large
                    archive of (d), in files of 50 MiB (default 2000)
  --mem-runs N      timed runs of each command in (d) (default 5)
  --quiet-wait S    before each benchmark wait up to S seconds (default 120)
                    for the machine to be idle (other processes below 10% of
                    the CPUs); 0 does not wait. The report shows how much CPU
                    other processes took during each benchmark either way.
  --no-hyperfine    time with a bash loop even if hyperfine is installed
  --keep            keep the temporary directories (and print where they are);
                    the large archive of (d) is deleted all the same
  -h, --help        this help
EOF
}

die() { echo "bench.sh: $*" >&2; exit 2; }
log() { echo "bench.sh: $*" >&2; }

need_arg() { if [ $# -lt 2 ] || [ -z "$2" ]; then die "$1 needs a value"; fi; }
need_int() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1: want a positive integer, got '$2'"; }

while [ $# -gt 0 ]; do
  case $1 in
    --quick) runs=3; files=2000; size_mb=40; big_mb=200; mem_runs=2; quiet_wait=10; shift ;;
    --runs) need_arg "$@"; need_int "$1" "$2"; runs=$2; shift 2 ;;
    --runs=*) runs=${1#*=}; need_int --runs "$runs"; shift ;;
    --files) need_arg "$@"; need_int "$1" "$2"; files=$2; shift 2 ;;
    --files=*) files=${1#*=}; need_int --files "$files"; shift ;;
    --size-mb) need_arg "$@"; need_int "$1" "$2"; size_mb=$2; shift 2 ;;
    --size-mb=*) size_mb=${1#*=}; need_int --size-mb "$size_mb"; shift ;;
    --big-mb) need_arg "$@"; need_int "$1" "$2"; big_mb=$2; shift 2 ;;
    --big-mb=*) big_mb=${1#*=}; need_int --big-mb "$big_mb"; shift ;;
    --mem-runs) need_arg "$@"; need_int "$1" "$2"; mem_runs=$2; shift 2 ;;
    --mem-runs=*) mem_runs=${1#*=}; need_int --mem-runs "$mem_runs"; shift ;;
    --quiet-wait) need_arg "$@"; [[ $2 =~ ^[0-9]+$ ]] || die "--quiet-wait: want seconds"; quiet_wait=$2; shift 2 ;;
    --skip-cpython) skip_cpython=1; shift ;;
    --skip-synthetic) skip_synthetic=1; shift ;;
    --skip-artifact) skip_artifact=1; shift ;;
    --skip-memory) skip_memory=1; shift ;;
    --no-hyperfine) use_hyperfine=0; shift ;;
    --keep) keep=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v python3 >/dev/null || die "python3 is required (upstream's script and the report)"
command -v go >/dev/null || die "go is required to build sbomkeeper"

# Neither tool may reach the network: upstream downloads every package when CI
# is set, sbomkeeper goes online with CI=true unless --offline.
unset CI
# git must behave the same for both tools whatever the user's config says.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export LC_ALL=C

work=$(mktemp -d "${TMPDIR:-/tmp}/sbk-bench.XXXXXX")
# Everything below deletes only inside $work: make sure it is what mktemp made.
case $work in
  /*/sbk-bench.??????) [ -d "$work" ] || die "mktemp made no directory" ;;
  *) die "unexpected work directory '$work'" ;;
esac
index_pid=""
cleanup() {
  local rc=$?
  stop_index
  # The large archive of (d) never outlives the run, --keep or not.
  rm -f "$work"/memory/big/*.tar.gz
  rm -rf "$work/memory/tree"
  if [ "$keep" = 1 ]; then
    log "kept $work"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
# stop_index: stop the loopback package index of (c), if this script started it.
stop_index() {
  if [ -n "$index_pid" ]; then
    kill "$index_pid" 2>/dev/null || true
    wait "$index_pid" 2>/dev/null || true
    index_pid=""
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/results"

# --- the binary, built now: the code may change while this runs -------------
sbk=$work/bin/sbomkeeper
log "building sbomkeeper from $root"
(cd "$root" && go build -o "$sbk" ./cmd/sbomkeeper) || die "go build failed"
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
# --no-optional-locks: status must not refresh (write) the checkout's index.
dirty=$({ git --no-optional-locks -C "$root" status --porcelain 2>/dev/null || true; } | wc -l | tr -d ' ')

# --- timing -------------------------------------------------------------------
if [ "$use_hyperfine" = 1 ] && ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing hyperfine"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
  fi
fi
if [ "$use_hyperfine" = 1 ] && command -v hyperfine >/dev/null; then
  timer="hyperfine $(hyperfine --version | awk '{print $2}')"
else
  use_hyperfine=0
  timer="bash loop (date +%s%N)"
fi
log "timing with $timer"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# cpu_stat: busy and total jiffies summed over all CPUs, from /proc/stat.
cpu_stat() {
  awk '$1 == "cpu" { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6; exit }' /proc/stat
}

# wait_quiet: wait (up to $quiet_wait s) until the CPUs were less than 10% busy
# over one second, so that other work on a shared machine does not land in
# the timings. Gives up with a note; the report shows the CPU others took.
wait_quiet() {
  local deadline=$((SECONDS + quiet_wait)) b0 t0 b1 t1 pct
  while :; do
    read -r b0 t0 < <(cpu_stat)
    sleep 1
    read -r b1 t1 < <(cpu_stat)
    pct=$((100 * (b1 - b0) / (t1 - t0 > 0 ? t1 - t0 : 1)))
    if [ "$pct" -lt 10 ]; then return 0; fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      [ "$quiet_wait" = 0 ] || log "machine still ${pct}% busy after ${quiet_wait}s; measuring anyway"
      return 0
    fi
    log "machine ${pct}% busy; waiting for it to settle"
    sleep 4
  done
}

# bench NAME WARMUP SHELL -- COMMAND...
# Times COMMAND $runs times after WARMUP untimed runs, in the current directory,
# and writes $work/results/NAME.json shaped like hyperfine's export (times,
# exit_codes, and with hyperfine user/system). SHELL is "none" to exec the
# command directly, "bash" to run the single word COMMAND through bash -c.
# When $prepare is set, bash runs it, untimed, before every run; when
# $bench_runs is set, it replaces $runs.
prepare=""
bench_runs=""
bench() {
  local name=$1 warmup=$2 shell=$3 n=${bench_runs:-$runs}
  shift 4
  local out=$work/results/$name.json
  wait_quiet
  log "[$name] $* (load $(loadavg))"
  cpu_stat >"$work/results/$name.stat-before"
  if [ "$use_hyperfine" = 1 ]; then
    local sh=(-N)
    [ "$shell" = bash ] && sh=(--shell=bash)
    local line
    if [ "$shell" = bash ]; then line=$*; else line=$(printf '%q ' "$@"); fi
    local prep=()
    [ -z "$prepare" ] || prep=(--prepare "$prepare")
    hyperfine "${sh[@]}" "${prep[@]}" --ignore-failure --style basic --warmup "$warmup" --runs "$n" \
      --command-name "$name" --export-json "$out" "$line" >&2
  else
    local cmd=("$@")
    [ "$shell" = bash ] && cmd=(bash -c "$*")
    local i t0 t1 rc times=() codes=()
    for ((i = 0; i < warmup; i++)); do
      [ -z "$prepare" ] || bash -c "$prepare"
      "${cmd[@]}" >/dev/null 2>&1 || true
    done
    for ((i = 0; i < n; i++)); do
      [ -z "$prepare" ] || bash -c "$prepare"
      t0=$(date +%s%N)
      rc=0
      "${cmd[@]}" >/dev/null 2>&1 || rc=$?
      t1=$(date +%s%N)
      times+=("$((t1 - t0))")
      codes+=("$rc")
    done
    python3 - "$name" "$out" "${times[*]}" "${codes[*]}" <<'PY'
import json, sys
name, out, times, codes = sys.argv[1:]
json.dump({"results": [{"command": name,
                        "times": [int(t) / 1e9 for t in times.split()],
                        "exit_codes": [int(c) for c in codes.split()]}]},
          open(out, "w"))
PY
  fi
  cpu_stat >"$work/results/$name.stat-after"
  echo "$warmup" >"$work/results/$name.warmup"
}

# check_exit NAME MAX: every timed run of NAME exited with a code <= MAX.
check_exit() {
  python3 - "$work/results/$1.json" "$2" "$1" <<'PY' || die "$1: a run failed (see above)"
import json, sys
path, limit, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
codes = json.load(open(path))["results"][0].get("exit_codes") or []
bad = [c for c in codes if c is None or c > limit or c < 0]
if bad:
    print(f"bench.sh: {name}: exit codes {sorted(set(map(str, bad)))}, want <= {limit}", file=sys.stderr)
    sys.exit(1)
PY
}

# warm_cache DIR: read every file once so the runs start from a warm page cache.
warm_cache() { find "$1" -type f -print0 | xargs -0 -n 1000 cat >/dev/null; }

# The CPython 3.13.5 release: the tarball and its extracted tree, fetched once.
tree="" tarball=""
corpus() {
  [ -z "$tree" ] || return 0
  local out
  out=$(bash "$root/../shared/corpus/cpython.sh") || die "fetching the CPython corpus failed"
  tree=$(printf '%s\n' "$out" | sed -n 's/^TREE=//p')
  tarball=$(printf '%s\n' "$out" | sed -n 's/^TARBALL=//p')
  [ -d "$tree" ] || die "corpus script printed no TREE"
  [ -f "$tarball" ] || die "corpus script printed no TARBALL"
}

# The interpreter itself, not a wrapper: through a pyenv shim, for one, every
# python3 start costs ~100 ms of bash before Python runs.
upstream_py=$(python3 -c 'import sys; print(sys.executable)')
[ -x "$upstream_py" ] || die "cannot find the python3 executable"

# --- (a) CPython 3.13.5: regen against upstream generate_sbom.py ---------------
if [ "$skip_cpython" = 0 ]; then
  corpus
  py=$work/cpython
  log "copying $tree to $py"
  cp -a "$tree" "$py"
  # A git repository of its own, in the work directory (git -C, never a cd
  # that could fail and leave git running somewhere else).
  git -C "$py" init -q
  git -C "$py" add -A
  git -C "$py" -c user.name=b -c user.email=b@b commit -q -m "CPython release tree"
  cp "$root/examples/cpython/sbomkeeper.toml" "$py/"
  warm_cache "$py"
  cd "$py" || die "cannot cd to $py"
  # One checked run of each before timing: upstream must succeed; sbomkeeper
  # exits 1 on 3.13.5 (the expat pin in Modules/expat/refresh.sh is 2.7.1, the
  # SBOM says 2.6.3), and anything else is a failure.
  env -u CI "$upstream_py" Tools/build/generate_sbom.py >"$work/results/upstream.out" 2>&1 ||
    { cat "$work/results/upstream.out" >&2; die "upstream generate_sbom.py failed"; }
  rc=0
  "$sbk" regen --offline >"$work/results/sbk-cpython.out" 2>&1 || rc=$?
  if [ "$rc" -gt 1 ]; then
    cat "$work/results/sbk-cpython.out" >&2
    die "sbomkeeper regen exited $rc on CPython"
  fi
  echo "$rc" >"$work/results/sbk-cpython.rc"
  bench upstream-cpython 3 none -- env -u CI "$upstream_py" Tools/build/generate_sbom.py
  check_exit upstream-cpython 0
  # The same without the site module: Python's start-up floor. An interpreter
  # whose site-packages hold slow .pth files (or many packages) makes upstream
  # look slower for reasons that have nothing to do with its script.
  bench upstream-cpython-S 3 none -- env -u CI "$upstream_py" -S Tools/build/generate_sbom.py
  check_exit upstream-cpython-S 0
  bench sbomkeeper-cpython 3 none -- "$sbk" regen --offline
  check_exit sbomkeeper-cpython 1
  # Both regenerate the two SBOMs the release ships; neither may change them.
  git -C "$py" status --porcelain -- . ':!sbomkeeper.toml' >"$work/results/cpython-diff"
  cpython_files=$(git -C "$py" ls-files | wc -l | tr -d ' ')
  cd "$work" || die "cannot cd to $work"
fi

# --- (b) synthetic tree: hashing throughput ------------------------------------
if [ "$skip_synthetic" = 0 ]; then
  syn=$work/synthetic
  mkdir -p "$syn"
  cat >"$work/gen.py" <<'PY'
"""Writes N files totalling SIZE bytes under data/, text without NUL bytes.

Sizes are uniform in [0.1, 1.9] x the mean, scaled to hit SIZE exactly. Content
is a slice of a 64 MiB pool of seeded pseudo-random printable ASCII in lines of
about 40 characters; PERCENT% of the files come from a copy of the pool with
CRLF line ends. Deterministic for a given N and SIZE.
"""
import os, random, sys

n, size, percent, root = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(20250101)
mean = size / n
sizes = [rng.uniform(0.1 * mean, 1.9 * mean) for _ in range(n)]
scale = size / sum(sizes)
sizes = [max(1, int(s * scale)) for s in sizes]
sizes[-1] = max(1, sizes[-1] + size - sum(sizes))
longest = max(sizes)

# byte -> printable ASCII, with '\n' for 6 of 256 values (lines of ~42 characters)
table = bytes(10 if b < 6 else 32 + b % 95 for b in range(256))
pool_size = max(64 << 20, 2 * longest)
lf = rng.randbytes(pool_size).translate(table)
crlf = lf.replace(b"\n", b"\r\n")

per_dir = 250
dirs = max(1, (n + per_dir - 1) // per_dir)
for d in range(dirs):
    os.makedirs(os.path.join(root, "data", f"d{d:04d}"), exist_ok=True)
for i, s in enumerate(sizes):
    pool = crlf if rng.randrange(100) < percent else lf
    off = rng.randrange(len(pool) - s)
    path = os.path.join(root, "data", f"d{i % dirs:04d}", f"f{i:06d}.txt")
    with open(path, "wb") as f:
        f.write(pool[off:off + s])
print(sum(sizes))
PY
  size_bytes=$((size_mb * 1024 * 1024))
  log "generating $files files, $size_mb MiB under $syn/data"
  t0=$(date +%s%N)
  total=$(python3 "$work/gen.py" "$files" "$size_bytes" "$crlf_percent" "$syn")
  t1=$(date +%s%N)
  log "generated $total bytes in $(((t1 - t0) / 1000000)) ms"
  [ "$total" = "$size_bytes" ] || die "generator wrote $total bytes, want $size_bytes"
  crlf_files=$({ grep -rl $'\r' "$syn/data" || true; } | wc -l | tr -d ' ')

  # The source SBOM: one package, no files yet. sbomkeeper lists and hashes every
  # file under data/. Not a git repository: sha256sum applies no ignore rules
  # either, and git add of the whole tree would take longer than the benchmark.
  cat >"$syn/sbomkeeper.toml" <<'TOML'
[license]
policy = "any"

[[sbom]]
path = "sbom.spdx.json"
kind = "source"

[[sbom.package]]
name = "synthetic"
include = ["data/**"]
TOML
  cat >"$syn/sbom.spdx.json" <<'JSON'
{
  "SPDXID": "SPDXRef-DOCUMENT",
  "spdxVersion": "SPDX-2.3",
  "packages": [
    {
      "SPDXID": "SPDXRef-PACKAGE-synthetic",
      "name": "synthetic",
      "versionInfo": "1",
      "downloadLocation": "https://example.invalid/synthetic-1.tar.gz",
      "checksums": [
        {"algorithm": "SHA256", "checksumValue": "0000000000000000000000000000000000000000000000000000000000000000"}
      ],
      "licenseConcluded": "NOASSERTION",
      "externalRefs": [],
      "primaryPackagePurpose": "SOURCE"
    }
  ],
  "files": [],
  "relationships": []
}
JSON
  cp "$syn/sbom.spdx.json" "$syn/sbom.empty.json"
  cd "$syn" || die "cannot cd to $syn"
  log "flushing dirty pages and warming the page cache"
  sync
  warm_cache data
  # First regen writes the file list (~60 MB of JSON); the timed runs then find
  # the document up to date and rewrite nothing.
  rc=0
  "$sbk" regen >"$work/results/sbk-synthetic.out" 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then
    cat "$work/results/sbk-synthetic.out" >&2
    die "sbomkeeper regen exited $rc on the synthetic tree"
  fi
  listed=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["files"]))' sbom.spdx.json)
  [ "$listed" = "$files" ] || die "sbomkeeper listed $listed files, want $files"
  sbom_bytes=$(wc -c <sbom.spdx.json | tr -d ' ')
  sync

  bench sha256sum-P2 1 bash -- "find data -type f -print0 | xargs -0 -P$(nproc) -n 500 sha256sum >/dev/null"
  check_exit sha256sum-P2 0
  bench sbomkeeper-synthetic 1 none -- "$sbk" regen
  check_exit sbomkeeper-synthetic 0
  # The same from a document that lists no file yet: no old file list to parse,
  # and the new one is written. The difference from the run above is what
  # reading the previous document costs.
  prepare="cp sbom.empty.json sbom.spdx.json"
  bench sbomkeeper-synthetic-fresh 1 none -- "$sbk" regen
  prepare=""
  check_exit sbomkeeper-synthetic-fresh 0
  bench sbomkeeper-synthetic-w1 1 none -- "$sbk" regen --workers 1
  check_exit sbomkeeper-synthetic-w1 0
  bench sha256sum-P1 1 bash -- "find data -type f -print0 | xargs -0 -n 500 sha256sum >/dev/null"
  check_exit sha256sum-P1 0
  cd "$work" || die "cannot cd to $work"
fi

# --- (c) and (d): release-artifact SBOMs ---------------------------------------
if [ "$skip_artifact" = 0 ] || [ "$skip_memory" = 0 ]; then
  corpus
  command -v xz >/dev/null || die "xz is required for (c) and (d)"
  art=$work/artifact
  mkdir -p "$art"
  tarname=$(basename "$tarball")
  version=${tarname#Python-}
  version=${version%.tar.xz}
  cp "$tarball" "$art/$tarname"
  cp "$root/examples/cpython/sbomkeeper.toml" "$art/"
  art_bytes=$(stat -c %s "$art/$tarname")
  art_raw=$(xz -dc "$art/$tarname" | wc -c | tr -d ' ')
  # A fixed creation time (sbomkeeper reads it; sbom.py uses the clock).
  export SOURCE_DATE_EPOCH=1749513600
  index_dir=$root/testdata/cpython-3.12/index
  [ -d "$index_dir/pypi/pip" ] || die "no package index answers in $index_dir"
  wheels=("$tree"/Lib/ensurepip/_bundled/pip-*.whl)
  [ -f "${wheels[0]}" ] || die "no pip wheel in $tree/Lib/ensurepip/_bundled"
  pip_wheel=$(basename "${wheels[0]}")
  # The lock: for every project the index answers about, the file sbom.py and
  # sbomkeeper choose (pip: the bundled wheel by name; a pin: its first
  # bdist_wheel), in internal/pypi/lock.go's format. The checked runs below
  # show that it answers exactly as the index does.
  "$upstream_py" - "$index_dir/pypi" "$pip_wheel" >"$art/lock.toml" <<'PY'
import json, os, sys

root, pip_wheel = sys.argv[1], sys.argv[2]
print(f"# Package index answers for {pip_wheel} and its vendored pins,\n"
      f"# taken from {root} by scripts/bench.sh.")
for project in sorted(os.listdir(root)):
    for version in sorted(os.listdir(os.path.join(root, project))):
        with open(os.path.join(root, project, version, "json")) as f:
            urls = json.load(f)["urls"]
        wanted = pip_wheel if project == "pip" else ""
        chosen = next(u for u in urls if (u["filename"] == wanted if wanted else u["packagetype"] == "bdist_wheel"))
        q = json.dumps
        print(f"\n[[pypi]]\nproject = {q(project)}\nversion = {q(version)}")
        if wanted:
            print(f"wanted = {q(wanted)}")
        print(f"filename = {q(chosen['filename'])}\nurl = {q(chosen['url'])}\n"
              f"sha256 = {q(chosen['digests']['sha256'].lower())}")
PY
  lock_entries=$(grep -c '^\[\[pypi\]\]$' "$art/lock.toml" || true)
fi

# (c): sbomkeeper artifact vs sbom.py vs the xz | sha256sum floor
if [ "$skip_artifact" = 0 ]; then
  rt_mirror=$root/../.mirror/python+release-tools/repo
  rt=$work/release-tools
  log "cloning $rt_mirror to $rt"
  git clone -q "$rt_mirror" "$rt" || die "cannot clone $rt_mirror"
  [ -f "$rt/sbom.py" ] || die "no sbom.py in $rt_mirror"
  rt_rev=$(git -C "$rt" rev-parse HEAD)

  # The loopback package index. Not `python3 -m http.server`: its listen
  # backlog of 5 overflows when sbomkeeper opens its 8 connections at once,
  # and each dropped SYN is retransmitted after a second, which would be
  # timed as sbomkeeper's. Logs one line per request to index.log.
  cat >"$work/index_server.py" <<'PY'
import functools, http.server, os, sys

directory, port_file = sys.argv[1], sys.argv[2]


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True


server = Server(("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory))
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
PY
  "$upstream_py" "$work/index_server.py" "$index_dir" "$work/index.port" 2>"$work/results/index.log" &
  index_pid=$!
  for ((i = 0; i < 100; i++)); do
    [ -s "$work/index.port" ] && break
    kill -0 "$index_pid" 2>/dev/null || die "the loopback index did not start (see $work/results/index.log)"
    sleep 0.1
  done
  [ -s "$work/index.port" ] || die "the loopback index did not start"
  PORT=$(cat "$work/index.port")
  export PORT # read by the urlopen redirect below
  index_url=http://127.0.0.1:$PORT
  requests() { grep -c '"GET ' "$work/results/index.log" || true; }
  # Machine-wide count of connections dropped because a listen queue was full.
  listen_overflows() {
    awk '$1 == "TcpExt:" { if (!h) { for (i = 2; i <= NF; i++) if ($i == "ListenOverflows") c = i; h = 1 } else print $c + 0 }' /proc/net/netstat
  }

  # sbom.py with urlopen redirected to the loopback index, exactly as
  # testdata/release-tools/README.md runs it, from the release-tools clone.
  redirect='import os, sys, urllib.request as u; o=u.urlopen; u.urlopen=lambda url,*a,**k: o(url.replace("https://pypi.org", "http://127.0.0.1:"+os.environ["PORT"]),*a,**k); sys.argv=["sbom.py", *sys.argv[1:]]; import runpy; runpy.run_path("sbom.py", run_name="__main__")'

  # One checked run of each: all must succeed, and the outputs are compared in
  # the report.
  cd "$rt" || die "cannot cd to $rt"
  n0=$(requests)
  env -u CI "$upstream_py" -c "$redirect" "$art/$tarname" >"$work/results/upstream-artifact.out" 2>&1 ||
    { cat "$work/results/upstream-artifact.out" >&2; die "sbom.py failed"; }
  n1=$(requests)
  cp "$art/$tarname.spdx.json" "$work/results/upstream-artifact.spdx.json"
  cd "$art" || die "cannot cd to $art"
  "$sbk" artifact --quiet --index-url "$index_url" -o "$work/results/sbk-artifact.spdx.json" "$tarname" \
    >"$work/results/sbk-artifact.out" 2>&1 || { cat "$work/results/sbk-artifact.out" >&2; die "sbomkeeper artifact failed"; }
  n2=$(requests)
  "$sbk" artifact --quiet --offline --lock lock.toml -o "$work/results/sbk-artifact-offline.spdx.json" "$tarname" \
    >"$work/results/sbk-artifact-offline.out" 2>&1 ||
    { cat "$work/results/sbk-artifact-offline.out" >&2; die "sbomkeeper artifact --offline --lock failed"; }
  n3=$(requests)
  echo "$((n1 - n0)) $((n2 - n1)) $((n3 - n2))" >"$work/results/artifact-requests"
  warm_cache "$art"
  listen_overflows >"$work/results/listen-overflows-before"

  bench xz-sha256sum 1 bash -- "xz -dc $tarname | sha256sum >/dev/null"
  check_exit xz-sha256sum 0
  bench xz-only 1 bash -- "xz -dc $tarname >/dev/null"
  check_exit xz-only 0
  bench sbomkeeper-artifact-offline 1 none -- "$sbk" artifact --quiet --offline --lock lock.toml -o out-offline.spdx.json "$tarname"
  check_exit sbomkeeper-artifact-offline 0
  bench sbomkeeper-artifact 1 none -- "$sbk" artifact --quiet --index-url "$index_url" -o out.spdx.json "$tarname"
  check_exit sbomkeeper-artifact 0
  cd "$rt" || die "cannot cd to $rt"
  bench upstream-artifact 1 none -- env -u CI "$upstream_py" -c "$redirect" "$art/$tarname"
  check_exit upstream-artifact 0
  listen_overflows >"$work/results/listen-overflows-after"
  stop_index
  cd "$work" || die "cannot cd to $work"
fi

# (d): peak memory and time on a small and a ~2 GB archive
if [ "$skip_memory" = 0 ]; then
  [ -x /usr/bin/time ] || die "(d) needs GNU time at /usr/bin/time (apt-get install time)"
  memdir=$work/memory
  mkdir -p "$memdir/tree" "$memdir/small" "$memdir/big"
  cp "$art/sbomkeeper.toml" "$art/lock.toml" "$memdir/"
  top=Python-$version
  log "extracting $tarball"
  tar -C "$memdir/tree" -xJf "$tarball"
  [ -f "$memdir/tree/$top/Misc/sbom.spdx.json" ] || die "$tarball has no $top/Misc/sbom.spdx.json"
  tree_bytes() { find "$memdir/tree/$top" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d\n", s }'; }
  # The same tree as .tar.gz, made as the large one is: the like-for-like
  # small case (the .tar.xz runs an xz process besides).
  small_raw=$(tree_bytes)
  tar -C "$memdir/tree" -czf "$memdir/small/$top.tar.gz" "$top"
  # The large one: the tree plus incompressible data. The files of the source
  # SBOM are untouched, so sbomkeeper accepts it.
  mkdir "$memdir/tree/$top/Lib/bench-data"
  log "writing $big_mb MiB of random data"
  left=$big_mb big_files=0
  while [ "$left" -gt 0 ]; do
    chunk=$((left < 50 ? left : 50))
    head -c "$((chunk * 1048576))" /dev/urandom >"$memdir/tree/$top/Lib/bench-data/random-$(printf %03d "$big_files").bin"
    left=$((left - chunk))
    big_files=$((big_files + 1))
  done
  big_raw=$(tree_bytes)
  log "tar -czf of $((big_raw / 1048576)) MiB"
  t0=$(date +%s%N)
  tar -C "$memdir/tree" -czf "$memdir/big/$top.tar.gz" "$top"
  t1=$(date +%s%N)
  log "compressed in $(((t1 - t0) / 1000000)) ms"
  rm -rf "$memdir/tree"
  small_gz=$(stat -c %s "$memdir/small/$top.tar.gz")
  big_gz=$(stat -c %s "$memdir/big/$top.tar.gz")
  cd "$memdir" || die "cannot cd to $memdir"
  # Checked runs: each must succeed and list every regular file.
  for what in small big; do
    "$sbk" artifact --quiet --offline --lock lock.toml -o "$work/results/mem-$what.spdx.json" "$what/$top.tar.gz" \
      >"$work/results/mem-$what.out" 2>&1 || { cat "$work/results/mem-$what.out" >&2; die "sbomkeeper artifact failed on the $what archive"; }
  done
  mem_files=$("$upstream_py" -c 'import json, sys; print(*(len(json.load(open(p))["files"]) for p in sys.argv[1:]))' \
    "$work/results/mem-small.spdx.json" "$work/results/mem-big.spdx.json")
  [ "${mem_files#* }" = "$((${mem_files% *} + big_files))" ] ||
    die "files listed on the small and large archive: $mem_files, want a difference of $big_files"
  sync
  cat "$art/$tarname" small/"$top".tar.gz big/"$top".tar.gz >/dev/null

  bench_runs=$mem_runs
  # GNU time reports the largest RSS of the process it ran and of the
  # processes that one waited for (for the .tar.xz: xz, about 10 MB).
  for what in xz small big; do
    case $what in
      xz) file=$art/$tarname ;;
      *) file=$what/$top.tar.gz ;;
    esac
    : >"$work/results/mem-$what.rss"
    bench "mem-$what" 1 none -- /usr/bin/time -a -o "$work/results/mem-$what.rss" -f %M \
      "$sbk" artifact --quiet --offline --lock lock.toml -o "out-$what.spdx.json" "$file"
    check_exit "mem-$what" 0
  done
  bench gzip-sha256sum-small 1 bash -- "gzip -dc small/$top.tar.gz | sha256sum >/dev/null"
  check_exit gzip-sha256sum-small 0
  bench gzip-sha256sum-big 1 bash -- "gzip -dc big/$top.tar.gz | sha256sum >/dev/null"
  check_exit gzip-sha256sum-big 0
  bench_runs=""
  rm -f "$memdir/big/$top.tar.gz"
  log "deleted the large archive"
  cd "$work" || die "cannot cd to $work"
fi

# --- report --------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)
sha_ni=no
grep -qw sha_ni /proc/cpuinfo && sha_ni=yes
mem=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
py_version=$(python3 --version 2>&1)
go_version=$(go version)
# sed, not head: head exits after one line and the writer can die of SIGPIPE,
# which pipefail turns into the script's exit status (141).
sha_version=$(sha256sum --version | sed -n 1p)

BENCH_NPROC=$(nproc)
BENCH_KERNEL=$(uname -r)
export BENCH_RESULTS=$work/results BENCH_RUNS=$runs BENCH_TIMER=$timer
export BENCH_NPROC BENCH_CPU=$cpu BENCH_SHA_NI=$sha_ni BENCH_MEM=$mem BENCH_KERNEL
export BENCH_GO=$go_version BENCH_PY=$py_version BENCH_SHA=$sha_version
export BENCH_REV=$rev BENCH_DIRTY=$dirty
export BENCH_SKIP_CPYTHON=$skip_cpython BENCH_SKIP_SYNTHETIC=$skip_synthetic
export BENCH_CPYTHON_FILES=${cpython_files:-0}
export BENCH_FILES=$files BENCH_BYTES=${total:-0} BENCH_CRLF_FILES=${crlf_files:-0}
export BENCH_SBOM_BYTES=${sbom_bytes:-0} BENCH_UPSTREAM_PY=${upstream_py:-python3}
export BENCH_SKIP_ARTIFACT=$skip_artifact BENCH_SKIP_MEMORY=$skip_memory
export BENCH_TARNAME=${tarname:-} BENCH_ART_BYTES=${art_bytes:-0} BENCH_ART_RAW=${art_raw:-0}
export BENCH_LOCK_ENTRIES=${lock_entries:-0} BENCH_RT_REV=${rt_rev:-} BENCH_INDEX_URL=${index_url:-}
export BENCH_FIXTURE=$root/testdata/release-tools/${tarname:-none}.spdx.json
export BENCH_MEM_RUNS=$mem_runs BENCH_BIG_FILES=${big_files:-0} BENCH_SMALL_RAW=${small_raw:-0}
export BENCH_BIG_RAW=${big_raw:-0} BENCH_SMALL_GZ=${small_gz:-0} BENCH_BIG_GZ=${big_gz:-0}
export BENCH_MEM_FILES=${mem_files:-}
BENCH_XZ=$(xz --version 2>/dev/null | sed -n 1p || true)
BENCH_GZIP=$(gzip --version 2>/dev/null | sed -n 1p || true)
export BENCH_XZ BENCH_GZIP
BENCH_CLK_TCK=$(getconf CLK_TCK)
export BENCH_CLK_TCK

python3 - <<'PY' | tee "$work/report.md"
import json, os, statistics as st

E = os.environ
res = E["BENCH_RESULTS"]

def load(name):
    r = json.load(open(f"{res}/{name}.json"))["results"][0]
    t = r["times"]
    d = {"mean": st.mean(t), "median": st.median(t), "min": min(t), "max": max(t),
         "sd": st.stdev(t) if len(t) > 1 else 0.0, "n": len(t),
         "cpu": (r["user"] + r["system"]) if "user" in r else None,
         "codes": sorted(set(r.get("exit_codes") or []))}
    # CPU the whole machine spent while the benchmark ran, less what the timed
    # command itself used (hyperfine's user+sys per run x runs incl. warm-up):
    # what other processes took, as a share of all CPUs.
    b0, t0 = map(int, open(f"{res}/{name}.stat-before").read().split())
    b1, t1 = map(int, open(f"{res}/{name}.stat-after").read().split())
    warm = int(open(f"{res}/{name}.warmup").read())
    tick = int(E["BENCH_CLK_TCK"])
    busy, cap = (b1 - b0) / tick, max(t1 - t0, 1) / tick
    if d["cpu"] is not None:
        others = max(0.0, busy - d["cpu"] * (len(t) + warm))
        d["others"] = f"{100 * others / cap:.0f}%"
    else:
        d["others"] = f"busy {100 * busy / cap:.0f}%"
    return d

def sec(x):
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.3f} s"

def row(label, d, extra=""):
    cpu = sec(d["cpu"]) if d["cpu"] is not None else "n/a"
    return (f"| {label} | {sec(d['mean'])} | {sec(d['median'])} | {sec(d['min'])} | "
            f"± {sec(d['sd'])} | {cpu} | {d['n']} | {','.join(map(str, d['codes']))} | {d['others']} |{extra}")

head = ("| command | mean | median | min | σ | CPU (user+sys) | runs | exit | others' CPU |")
rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"

print("## Machine\n")
print(f"- CPU: {E['BENCH_CPU']}, {E['BENCH_NPROC']} cores (nproc), SHA-NI: {E['BENCH_SHA_NI']}; RAM {E['BENCH_MEM']}; Linux {E['BENCH_KERNEL']}")
print(f"- {E['BENCH_GO']}")
print(f"- {E['BENCH_PY']}")
print(f"- {E['BENCH_SHA']}")
if E["BENCH_SKIP_ARTIFACT"] == "0" or E["BENCH_SKIP_MEMORY"] == "0":
    print(f"- {E['BENCH_XZ']}; {E['BENCH_GZIP']}")
print(f"- timer: {E['BENCH_TIMER']}, {E['BENCH_RUNS']} timed runs per command after warm-up, page cache warm")
print("- CPU (user+sys) is per run, all processes the command started; others' CPU is the share of all "
      "CPUs that other processes used while the benchmark ran (machine busy time from /proc/stat less "
      "the benchmark's own CPU)")
print(f"- sbomkeeper built from {E['BENCH_REV']}" + (f" plus {E['BENCH_DIRTY']} uncommitted paths" if E['BENCH_DIRTY'] != "0" else ""))
print()

if E["BENCH_SKIP_CPYTHON"] == "0":
    up, upS, us = load("upstream-cpython"), load("upstream-cpython-S"), load("sbomkeeper-cpython")
    diff = open(f"{res}/cpython-diff").read().strip()
    print("## (a) CPython 3.13.5: `sbomkeeper regen --offline` vs `Tools/build/generate_sbom.py`\n")
    print(f"Git checkout of the release tree ({E['BENCH_CPYTHON_FILES']} files), whole process wall time.\n")
    print(head)
    print(rule)
    print(row(f"`env -u CI {E['BENCH_UPSTREAM_PY']} Tools/build/generate_sbom.py`", up))
    print(row(f"`env -u CI {E['BENCH_UPSTREAM_PY']} -S Tools/build/generate_sbom.py` (no site module)", upS))
    print(row("`sbomkeeper regen --offline`", us))
    print()
    for what, u in (("upstream as `python3` runs it", up), ("upstream without the site module (`-S`)", upS)):
        rm, rmed = u["mean"] / us["mean"], u["median"] / us["median"]
        cpu = f", CPU time {u['cpu'] / us['cpu']:.1f}x" if u["cpu"] and us["cpu"] else ""
        print(f"- speed-up over {what}: **{rm:.2f}x** on the mean, {rmed:.2f}x on the median, "
              f"{u['min'] / us['min']:.2f}x on the minimum{cpu} (target: at least 5x: "
              f"{'met' if min(rm, rmed) >= 5 else 'MISSED'})")
    print()
    print("Both tools left Misc/sbom.spdx.json and Misc/externals.spdx.json byte-for-byte as released: "
          + ("yes." if not diff else f"NO:\n\n```\n{diff}\n```"))
    print()

if E["BENCH_SKIP_SYNTHETIC"] == "0":
    n, b = int(E["BENCH_FILES"]), int(E["BENCH_BYTES"])
    sha2, ours, fresh, ours1, sha1 = (load(x) for x in (
        "sha256sum-P2", "sbomkeeper-synthetic", "sbomkeeper-synthetic-fresh",
        "sbomkeeper-synthetic-w1", "sha256sum-P1"))
    def mbs(d, k="mean"):
        return b / d[k] / 1e6
    nproc = E["BENCH_NPROC"]
    print("## (b) Hashing throughput: synthetic tree\n")
    print(f"{n} files, {b} bytes ({b / 2**20:.0f} MiB, mean {b / n / 1000:.1f} kB) in {max(1, (n + 249) // 250)} directories; "
          f"text without NUL bytes, {E['BENCH_CRLF_FILES']} files with CRLF line ends. Not a git work tree. "
          f"sbomkeeper computes SHA-1 and SHA-256 of every file after CRLF→LF normalisation and "
          f"regenerates a {int(E['BENCH_SBOM_BYTES']) / 1e6:.0f} MB SPDX document (unchanged after the first run, so not rewritten); "
          f"sha256sum computes one SHA-256 of the raw bytes. MB/s = 10^6 bytes per second of wall time.\n")
    print(head + " MB/s (mean) | MB/s (median) |")
    print(rule + " ---: | ---: |")
    for label, d in ((f"`find data -type f -print0 \\| xargs -0 -P{nproc} -n 500 sha256sum`", sha2),
                     ("`sbomkeeper regen`", ours),
                     ("`sbomkeeper regen`, from a document listing no file (parses nothing, writes the list)", fresh),
                     ("`sbomkeeper regen --workers 1`", ours1),
                     ("`find data -type f -print0 \\| xargs -0 -n 500 sha256sum` (one core)", sha1)):
        print(row(label, d, f" {mbs(d):.0f} | {mbs(d, 'median'):.0f} |"))
    print()
    r, rmed = mbs(ours) / mbs(sha2), mbs(ours, "median") / mbs(sha2, "median")
    print(f"sbomkeeper / sha256sum on {nproc} cores: **{100 * r:.0f}%** of sha256sum's throughput on the mean, "
          f"{100 * rmed:.0f}% on the median (target: at least 80%: {'met' if min(r, rmed) >= 0.8 else 'MISSED'}).")
    print(f"One worker / sha256sum on one core: {100 * mbs(ours1) / mbs(sha1):.0f}%. "
          f"Scaling from 1 to {nproc} workers: {ours1['mean'] / ours['mean']:.2f}x "
          f"(sha256sum: {sha1['mean'] / sha2['mean']:.2f}x).")
    print(f"Reading the previous {int(E['BENCH_SBOM_BYTES']) / 1e6:.0f} MB document costs about "
          f"{sec(max(0.0, ours['median'] - fresh['median']))} of the steady-state run (median difference); "
          f"from a document listing no file sbomkeeper reaches {100 * mbs(fresh, 'median') / mbs(sha2, 'median'):.0f}% "
          f"of sha256sum's median throughput.")

if E["BENCH_SKIP_ARTIFACT"] == "0":
    import difflib, hashlib, re
    tar = E["BENCH_TARNAME"]
    floor, xz, off, on, up = (load(x) for x in (
        "xz-sha256sum", "xz-only", "sbomkeeper-artifact-offline", "sbomkeeper-artifact", "upstream-artifact"))
    reqs = open(f"{res}/artifact-requests").read().split()
    lo = [int(open(f"{res}/listen-overflows-{w}").read() or 0) for w in ("before", "after")]
    raw, comp = int(E["BENCH_ART_RAW"]), int(E["BENCH_ART_BYTES"])
    nfiles = len(json.load(open(f"{res}/sbk-artifact.spdx.json"))["files"])
    if E["BENCH_SKIP_SYNTHETIC"] == "0":
        print()
    print(f"## (c) Release artifact: `sbomkeeper artifact` vs python/release-tools `sbom.py`, {tar}\n")
    print(f"The real release tarball ({comp} bytes, {raw} bytes of tar, {nfiles} files). Both tools read pip's "
          f"wheel from it and ask a loopback package index ({E['BENCH_INDEX_URL']}, "
          f"testdata/cpython-3.12/index) about pip and its vendored pins. sbom.py at "
          f"{E['BENCH_RT_REV'][:12]}, with urlopen redirected as testdata/release-tools/README.md shows. "
          f"Whole-process wall time.\n")
    print(head)
    print(rule)
    print(row(f"floor: `xz -dc {tar} \\| sha256sum`", floor))
    print(row(f"`xz -dc {tar}` (decompression alone)", xz))
    print(row(f"`sbomkeeper artifact --quiet --offline --lock lock.toml` ({E['BENCH_LOCK_ENTRIES']} locked answers, no network)", off))
    print(row(f"`sbomkeeper artifact --quiet --index-url http://127.0.0.1:PORT`", on))
    print(row(f"`env -u CI {E['BENCH_UPSTREAM_PY']} -c '<urlopen redirect>; runpy.run_path(\"sbom.py\")' {tar}`", up))
    print()
    def verdict(ok):
        return "met" if ok else "MISSED"
    sm, smed, smin = up["mean"] / on["mean"], up["median"] / on["median"], up["min"] / on["min"]
    cpu = f", CPU time {up['cpu'] / on['cpu']:.1f}x" if up["cpu"] and on["cpu"] else ""
    print(f"- speed-up over sbom.py: **{sm:.2f}x** on the mean, {smed:.2f}x on the median, {smin:.2f}x on the "
          f"minimum{cpu} (target: at least 2x: {verdict(min(sm, smed) >= 2)})")
    fm, fmed, fmin = on["mean"] / floor["mean"], on["median"] / floor["median"], on["min"] / floor["min"]
    print(f"- sbomkeeper / floor: **{fm:.2f}x** on the mean, {fmed:.2f}x on the median, {fmin:.2f}x on the minimum "
          f"(target: within 1.3x: {verdict(max(fm, fmed) <= 1.3)})")
    om, omed = off["mean"] / floor["mean"], off["median"] / floor["median"]
    print(f"- offline with the lock / floor: {om:.2f}x on the mean, {omed:.2f}x on the median; "
          f"the index costs {sec(max(0.0, on['median'] - off['median']))} (median difference)")
    print(f"- requests the index served in the checked runs: sbom.py {reqs[0]}, sbomkeeper {reqs[1]}, "
          f"sbomkeeper --offline --lock {reqs[2]}; listen-queue overflows on the machine during the timed runs: "
          f"{lo[1] - lo[0]}")
    def text(name):
        return open(f"{res}/{name}").read()
    def mask(t):
        t = re.sub(r'"created": "[^"]*"', '"created": "(masked)"', t)
        return re.sub(r'"Tool: [^"]*"', '"Tool: (masked)"', t)
    upstream, ours_on, ours_off = (text(n) for n in (
        "upstream-artifact.spdx.json", "sbk-artifact.spdx.json", "sbk-artifact-offline.spdx.json"))
    try:
        fixture = open(E["BENCH_FIXTURE"]).read()
        same_fixture = mask(upstream) == mask(fixture)
    except OSError:
        same_fixture = None
    print(f"- sbom.py's output equals testdata/release-tools/{tar}.spdx.json (`created` masked): "
          + {True: "yes", False: "**NO**", None: "(no fixture)"}[same_fixture])
    print(f"- sbomkeeper's output with the lock equals its output with the index, byte for byte: "
          + ("yes" if ours_on == ours_off else "**NO**"))
    diff = [l for l in difflib.unified_diff(mask(upstream).splitlines(), mask(ours_on).splitlines(), "sbom.py", "sbomkeeper", n=0, lineterm="")
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    if not diff:
        print("- sbomkeeper's output equals sbom.py's (`created` and the Tool creator masked)")
    else:
        print(f"- sbomkeeper's output vs sbom.py's, `created` and the Tool creator masked: {len(diff)} lines differ"
              + (":" if len(diff) <= 20 else " (first 20):") + "\n\n```\n" + "\n".join(diff[:20]) + "\n```")
    print()

if E["BENCH_SKIP_MEMORY"] == "0":
    tar = E["BENCH_TARNAME"]
    def rss(name):
        v = [int(x) for x in open(f"{res}/{name}.rss").read().split()]
        return max(v), st.median(v), len(v)
    mx, ms, mb = (load(x) for x in ("mem-xz", "mem-small", "mem-big"))
    gs, gb = load("gzip-sha256sum-small"), load("gzip-sha256sum-big")
    files = E["BENCH_MEM_FILES"].split()
    # The .tar.xz and the small .tar.gz hold the same files.
    raws = {"xz": int(E["BENCH_SMALL_RAW"]), "small": int(E["BENCH_SMALL_RAW"]), "big": int(E["BENCH_BIG_RAW"])}
    comp = {"xz": int(E["BENCH_ART_BYTES"]), "small": int(E["BENCH_SMALL_GZ"]), "big": int(E["BENCH_BIG_GZ"])}
    print("## (d) Memory as archives grow: `sbomkeeper artifact --offline --lock lock.toml`\n")
    print(f"Peak resident set size from GNU time (`%M`) over every run, warm-up included. The small "
          f".tar.gz is the extracted {tar} tree re-packed with `tar -czf`; the large one is the same tree plus "
          f"{E['BENCH_BIG_FILES']} files of random data under Lib/bench-data/. MB/s = file bytes in the archive "
          f"(10^6) per second of wall time.\n")
    print("| archive | compressed | file bytes | files | peak RSS (max) | peak RSS (median) | mean time | median time | MB/s (median) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    nfiles = {"xz": files[0] if files else "", "small": files[0] if files else "", "big": files[1] if len(files) > 1 else ""}
    for what, label, d in (("xz", f"{tar} (release)", mx), ("small", "Python-3.13.5.tar.gz (same tree)", ms),
                           ("big", "Python-3.13.5.tar.gz (tree + random data)", mb)):
        m, med, _ = rss(f"mem-{what}")
        print(f"| {label} | {comp[what] / 1e6:.1f} MB | {raws[what] / 1e6:.0f} MB | {nfiles[what]} | {m / 1024:.1f} MiB | "
              f"{med / 1024:.1f} MiB | {sec(d['mean'])} | {sec(d['median'])} | {raws[what] / d['median'] / 1e6:.0f} |")
    print()
    print(head + " MB/s (median) |")
    print(rule + " ---: |")
    for what, label, d in (("xz", f"`sbomkeeper artifact …` {tar}", mx), ("small", "`sbomkeeper artifact …` small .tar.gz", ms),
                           ("big", "`sbomkeeper artifact …` large .tar.gz", mb),
                           ("small", "floor: `gzip -dc small.tar.gz \\| sha256sum`", gs),
                           ("big", "floor: `gzip -dc large.tar.gz \\| sha256sum`", gb)):
        print(row(label, d, f" {raws[what] / d['median'] / 1e6:.0f} |"))
    print()
    big_max, small_max, xz_max = rss("mem-big")[0], rss("mem-small")[0], rss("mem-xz")[0]
    g = big_max / small_max
    print(f"- peak RSS, large / small .tar.gz: **{g:.2f}x** ({big_max / 1024:.1f} vs {small_max / 1024:.1f} MiB) for "
          f"{raws['big'] / raws['small']:.0f}x the data; against the release .tar.xz: {big_max / xz_max:.2f}x "
          f"(target: flat, taken as at most 1.25x: {'met' if g <= 1.25 else 'MISSED'})")
    print(f"- time, large / small .tar.gz: {mb['median'] / ms['median']:.1f}x for {raws['big'] / raws['small']:.1f}x the data; "
          f"sbomkeeper / floor on the large archive: {mb['median'] / gb['median']:.2f}x (median)")
PY
