#!/usr/bin/env bash
# Bytes -> book on the USDT-M generated stream: mmbot's path (BookBenchRunner) and the plain C
# reference (Reference/flat_book.c) run alternately ROUNDS times (default 5), so both figures
# come from the same minutes of this noisy shared machine; prints each pair, the medians and
# the load average. Run from anywhere:  Benchmarks/compare-with-c.sh [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"
MMBOT_PURE_ONLY=1 swift build -c release --product BookBenchRunner >/dev/null
cc -O2 -o "$work/flat_book" Reference/flat_book.c
"$here/../scripts/gen-book-stream" --seed 1 --count 100000 >"$work/capture.jsonl"
ours=()
refs=()
for ((i = 1; i <= rounds; i++)); do
    o="$(BOOK_BENCH_ONLY="bytes→book USDT-M orderbook_p" .build/release/BookBenchRunner | awk '/bytes→book USDT-M orderbook_p/ {print $4}')"
    c="$("$work/flat_book" "$work/capture.jsonl" | awk '{print $5}')"
    ours+=("$o")
    refs+=("$c")
    echo "round $i: mmbot $o ns/msg, C reference $c ns/msg  (load $(cut -d' ' -f1-3 /proc/loadavg))"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "median: mmbot $(median "${ours[@]}") ns/msg, C reference $(median "${refs[@]}") ns/msg"
