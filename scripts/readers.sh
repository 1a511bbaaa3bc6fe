#!/usr/bin/env bash
# Other readers of sbomkeeper's CycloneDX (issue 11): builds syft and
# osv-scanner at pinned versions from the Go module proxy into a temporary
# directory, lets each read sbomkeeper's CycloneDX outputs and the SPDX 2.3
# documents they were made from, and checks that the readers see every
# package and file. Nothing but the module proxy is contacted: osv-scanner
# runs with --offline and an empty local database directory, so it only
# parses and lists packages.
#
#   bash scripts/readers.sh            # check, print the summary
#   bash scripts/readers.sh --update   # also rewrite the committed summary
#
# READERS_BIN=DIR reuses tools built before (DIR/syft, DIR/osv-scanner).
# The results and the commands are recorded in
# internal/cyclonedx/testdata/readers/ (README.md there).
set -euo pipefail
cd "$(dirname "$0")/.."

SYFT_MODULE=github.com/anchore/syft/cmd/syft
SYFT_VERSION=v1.57.2
OSV_MODULE=github.com/google/osv-scanner/v2/cmd/osv-scanner
OSV_VERSION=v2.5.0
out_dir=internal/cyclonedx/testdata/readers

update=false
[ "${1:-}" = "--update" ] && update=true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bin=${READERS_BIN:-$work/bin}
if [ ! -x "$bin/syft" ] || [ ! -x "$bin/osv-scanner" ]; then
  start=$(date +%s)
  # -X main.version: what a release build says, so syft's documents name
  # "Tool: syft-1.57.2" (go install alone leaves "[not provided]").
  GOBIN=$bin go install -ldflags "-X main.version=${SYFT_VERSION#v}" "$SYFT_MODULE@$SYFT_VERSION"
  GOBIN=$bin go install "$OSV_MODULE@$OSV_VERSION"
  echo "built syft $SYFT_VERSION and osv-scanner $OSV_VERSION in $(( $(date +%s) - start ))s" >&2
fi
sk=$work/sbomkeeper
go build -o "$sk" ./cmd/sbomkeeper

# name and SPDX source of each CycloneDX output. The artifact SBOM is the
# committed one CPython's release tools wrote for the 3.13.5 tarball (what
# `sbomkeeper artifact` writes byte for byte); sbom.spdx.json is sbomkeeper's
# own, whose derived sbom.cdx.json is compared with the conversion too.
inputs=(
  "syft-dir internal/cyclonedx/testdata/layout/syft-dir.spdx.json"
  "cpython-tgz testdata/release-tools/Python-3.13.5.tgz.spdx.json"
  "own sbom.spdx.json"
)

# count_spdx FILE: packages files described-has-id described-is-source, where
# described-has-id is 1 when the one described package has a PURL or CPE
# (osv-scanner lists those) and described-is-source is 1 when its purpose is
# FILE or CONTAINER (syft reads such a root as the scan source, not a
# package, from SPDX and CycloneDX alike).
count_spdx() {
  python3 - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
pk, fs = d.get("packages", []), d.get("files", [])
desc = {r["relatedSpdxElement"] for r in d.get("relationships", [])
        if r["relationshipType"] == "DESCRIBES" and r["spdxElementId"] == d["SPDXID"]}
desc |= set(d.get("documentDescribes", []))
root = [p for p in pk if p["SPDXID"] in desc] if len(desc) == 1 else []
has_id = int(bool(root) and any(r.get("referenceType") in ("purl", "cpe23Type") for r in root[0].get("externalRefs", [])))
is_src = int(bool(root) and root[0].get("primaryPackagePurpose") in ("FILE", "CONTAINER"))
ids = sum(1 for p in pk if any(r.get("referenceType") in ("purl", "cpe23Type") for r in p.get("externalRefs", [])))
print(len(pk), len(fs), ids, has_id, is_src)
EOF
}

# count_syft FILE: packages files, as syft reads FILE.
count_syft() {
  "$bin/syft" convert "$1" -o "syft-json=$work/syft.json" -q
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d.get("artifacts") or []), len(d.get("files") or []))' "$work/syft.json"
}

# count_osv FILE: the packages osv-scanner lists, parsing only.
count_osv() {
  local rc=0
  mkdir -p "$work/osvdb"
  "$bin/osv-scanner" scan source --offline --local-db-path "$work/osvdb" \
    --format json --all-packages -L "$1" >"$work/osv.json" 2>"$work/osv.err" || rc=$?
  # 0 no vulnerabilities, 1 vulnerabilities found, 128 no packages found.
  # With no local database osv-scanner lists the packages and then exits
  # 127 ("no offline version of the OSV database is available"): that is
  # the one error expected; anything else is a failure to read.
  case $rc in
    0 | 1 | 128) ;;
    127) grep -q 'no offline version of the OSV database is available' "$work/osv.err" ||
      { cat "$work/osv.err" >&2; return 1; } ;;
    *) cat "$work/osv.err" >&2; return 1 ;;
  esac
  # With no packages (exit 128) osv-scanner writes no JSON at all.
  python3 -c '
import json, sys
text = open(sys.argv[1]).read()
d = json.loads(text) if text.strip() else {}
print(sum(len(r.get("packages") or []) for r in d.get("results") or []))' "$work/osv.json"
}

summary=$work/summary.tsv
printf 'document\tspdx_packages\tspdx_files\tsyft_packages\tsyft_files\tsyft_spdx_packages\tsyft_spdx_files\tosv_packages\tosv_spdx_packages\n' >"$summary"
fail=0
for entry in "${inputs[@]}"; do
  read -r name src <<<"$entry"
  cdx=$work/$name.cdx.json
  "$sk" convert -o "$cdx" "$src" 2>/dev/null
  if [ "$name" = own ] && ! cmp -s "$cdx" sbom.cdx.json; then
    echo "own: sbom.cdx.json is not the conversion of sbom.spdx.json (run sbomkeeper regen)" >&2
    fail=1
  fi
  [ "$name" = syft-dir ] && cp "$cdx" "$work/keep-$name.cdx.json"
  read -r P F IDS ROOTID ROOTSRC < <(count_spdx "$src")
  read -r SP SF < <(count_syft "$cdx")
  cp "$work/syft.json" "$work/keep-$name.syft.json"
  read -r SSP SSF < <(count_syft "$src")
  OP=$(count_osv "$cdx")
  cp "$work/osv.json" "$work/keep-$name.osv.json"
  # osv-scanner needs .spdx.json in the name to read SPDX.
  cp "$src" "$work/$name.spdx.json"
  OSP=$(count_osv "$work/$name.spdx.json")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$P" "$F" "$SP" "$SF" "$SSP" "$SSF" "$OP" "$OSP" >>"$summary"

  check() { # what got want
    if [ "$2" != "$3" ]; then echo "$name: $1: $2, want $3" >&2; fail=1; fi
  }
  check "syft packages" "$SP" $((P - ROOTSRC))
  check "syft files" "$SF" "$F"
  check "syft packages (CycloneDX vs its SPDX source)" "$SP" "$SSP"
  check "syft files (CycloneDX vs its SPDX source)" "$SF" "$SSF"
  # osv-scanner lists the components with a PURL or CPE; it does not read
  # metadata.component, the BOM's subject, in any CycloneDX BOM.
  check "osv-scanner packages" "$OP" $((IDS - ROOTID))
  check "osv-scanner packages (CycloneDX vs its SPDX source, less the subject)" "$OP" $((OSP - ROOTID))
done

column -t "$summary"
if $update; then
  mkdir -p "$out_dir"
  cp "$summary" "$out_dir/summary.tsv"
  # The syft-style document's CycloneDX and what each tool read from it;
  # the others are too big to keep (the CPython one has 4,808 files).
  cp "$work/keep-syft-dir.cdx.json" "$out_dir/syft-dir.cdx.json"
  cp "$work/keep-syft-dir.syft.json" "$out_dir/syft-dir.cdx.syft.json"
  cp "$work/keep-syft-dir.osv.json" "$out_dir/syft-dir.cdx.osv.json"
  echo "wrote $out_dir: summary.tsv, syft-dir.cdx.json and what syft and osv-scanner read from it" >&2
fi
exit $fail
