#!/usr/bin/env bash
# --batch (issue 17): four of the third-party example disks run as four A500s in one process on
# two threads; the report has a JSON line per image whose final-frame SHA-1 equals a single
# run's; a script's exit status lands in the report; a missing image is reported, not fatal; and
# the documented GNU parallel recipe (shards of LIST, reports concatenated) gives the same frames.
set -u
cd "$(dirname "$0")/../.."
BUILD="${BUILD:-build}"; SHARED="${SHARED:-../shared}"
arcana="$BUILD/arcana"
. tests/suite_lib.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
E="$SHARED/testdata/amiga-examples"
if [ ! -d "$E" ] || ! "$arcana" --machine a500 --headless --seconds 0.01 >/dev/null 2>&1; then
    echo "skip: no example disks or no Amiga ROM"; skip=1; finish batch
fi
E=$(realpath "$E")
printf '%s\n' "$E/001.simple_image/image.adf" "$E/004.copper_bars/copper_bars.adf" \
    "$E/010.blit_speed/blit_speed.adf" "$E/027.parallax/parallax.adf" >"$tmp/list.txt"
SECS=16   # AROS has booted each of these and shows its picture by then

"$arcana" --machine a500 --batch "$tmp/list.txt" --report "$tmp/r.jsonl" --jobs 2 --seconds $SECS 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok "batch of 4 on 2 threads exits 0" || bad "batch exit $rc: $(tail -n 3 "$tmp/err")"
grep -q "^batch: 4/4 done" "$tmp/err" && ok "progress on stderr" || bad "no progress line: $(head -c 200 "$tmp/err")"
check=$(python3 - "$tmp/r.jsonl" "$tmp/list.txt" <<'PY'
import hashlib, json, os, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
images = open(sys.argv[2]).read().split()
problems = []
if [r["image"] for r in rows] != images: problems.append("images not in LIST order")
for r in rows:
    if r["status"] != 0: problems.append("%s: status %d" % (r["image"], r["status"]))
    if r["image_sha1"] != hashlib.sha1(open(r["image"], "rb").read()).hexdigest(): problems.append("image_sha1")
    if not os.path.isfile(r["png"]): problems.append("no png " + r["png"])
    if r["blank"]: problems.append("%s: blank" % r["image"])
    if abs(r["emulated_seconds"] - 16) > 0.1: problems.append("emulated_seconds %s" % r["emulated_seconds"])
print("; ".join(problems) or "ok")
PY
)
[ "$check" = ok ] && ok "4 JSON lines: LIST order, status 0, image SHA-1, PNG, not blank" || bad "report: $check"

# The same frames as single runs (two of the four, to keep the suite short).
png_sha1() { python3 tests/tools/png_rgb_sha1.py "$1"; }
for i in 2 4; do
    img=$(sed -n "${i}p" "$tmp/list.txt")
    "$arcana" --machine a500 --headless --seconds $SECS "$img" --screenshot "$tmp/single$i.png" 2>/dev/null
    want=$(png_sha1 "$tmp/single$i.png")
    got=$(sed -n "${i}p" "$tmp/r.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["frame_sha1"])')
    [ -n "$want" ] && [ "$want" = "$got" ] && ok "frame SHA-1 of $(basename "$img") equals a single run's" \
        || bad "$(basename "$img"): batch $got, single run $want"
done

# A script per image: its exit status is the image's status; the run's status says one failed.
printf 'wait-frames 3\nexit 4\n' >"$tmp/s.txt"
head -n 2 "$tmp/list.txt" >"$tmp/two.txt"
echo "$tmp/no-such-disk.adf" >>"$tmp/two.txt"
"$arcana" --machine a500 --batch "$tmp/two.txt" --report "$tmp/s.jsonl" --jobs 2 --script "$tmp/s.txt" 2>/dev/null
rc=$?
statuses=$(python3 -c 'import json,sys; print(*[json.loads(l)["status"] for l in open(sys.argv[1])])' "$tmp/s.jsonl")
[ $rc -eq 1 ] && [ "$statuses" = "4 4 2" ] && ok "script statuses 4 4, missing image 2, run status 1" \
    || bad "statuses '$statuses', exit $rc"
grep -q '"error": ".*no-such-disk.adf: No such file' "$tmp/s.jsonl" && ok "the missing image's error is in the report" \
    || bad "no error for the missing image"
"$arcana" --batch "$tmp/none.txt" --report "$tmp/x.jsonl" --seconds 1 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok "unreadable LIST: exit 2, one line" || bad "unreadable LIST: exit $rc"
"$arcana" --batch "$tmp/list.txt" --report "$tmp/x.jsonl" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "needs --seconds" "$tmp/err" && ok "no stop condition: exit 2" || bad "no stop condition: exit $rc"

# The README's recipe for many hosts: GNU parallel shards LIST, each shard a batch of its own.
if command -v parallel >/dev/null; then
    parallel --will-cite --pipepart -a "$tmp/list.txt" --block -1 -j 2 \
        "$arcana" --machine a500 --batch - --report "$tmp/part{#}.jsonl" --seconds $SECS 2>/dev/null
    cat "$tmp"/part*.jsonl >"$tmp/all.jsonl"
    a=$(python3 -c 'import json,sys; print(sorted((json.loads(l)["image"], json.loads(l)["frame_sha1"]) for l in open(sys.argv[1])))' "$tmp/all.jsonl")
    b=$(python3 -c 'import json,sys; print(sorted((json.loads(l)["image"], json.loads(l)["frame_sha1"]) for l in open(sys.argv[1])))' "$tmp/r.jsonl")
    [ "$(wc -l <"$tmp/all.jsonl")" -eq 4 ] && [ "$a" = "$b" ] && ok "GNU parallel shards: the same 4 images and frames" \
        || bad "parallel recipe: $(wc -l <"$tmp/all.jsonl") lines; $a vs $b"
else
    echo "skip parallel recipe: GNU parallel missing"; skip=$((skip + 1))
fi
finish batch
