#!/usr/bin/env bash
# bench_sweep: a 4-point grid trained two at once (graphvae sweep --jobs 2, one thread each)
# against the same 4 trained one after another with every core as threads (--jobs 1), as one
# JSON object of wall times and the throughput ratio. Alternates REPEAT times and records the
# machine's load (this VM's throughput drifts between sittings).
#   tests/bench/bench_sweep.sh [BUILD_DIR] [MNIST_DIR]   (env: REPEAT=2 EPOCHS=1 DATASET=mnist)
# DATASET=sprites trains on the embedded sprites (the sweeps' default) and reads no files.
set -euo pipefail
build=${1:-build}
data=${2:-../shared/data/mnist}
repeat=${REPEAT:-2}
epochs=${EPOCHS:-1}
dataset=${DATASET:-mnist}
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grid="model=graph;seed=1,2,3,4"
opts=(--dataset "$dataset" --epochs "$epochs" --importance-n 0)
[[ $dataset == mnist ]] && opts+=(--data-dir "$data")
wall() {  # seconds of one whole sweep into a fresh folder
  local dir=$work/$1 t0 t1
  rm -rf "$dir"
  t0=$(date +%s.%N)
  "$build/graphvae" sweep --grid "$grid" --out-dir "$dir" "${@:2}" "${opts[@]}" > /dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'
}
par=() seq=()
for ((k = 0; k < repeat; ++k)); do
  par+=("$(wall par --jobs 2)")
  seq+=("$(wall seq --jobs 1 --threads "$cores")")
done
join() { local IFS=,; echo "$*"; }
sum() { local IFS=+; awk "BEGIN { print $* }"; }
ratio=$(awk -v s="$(sum "${seq[@]}")" -v p="$(sum "${par[@]}")" 'BEGIN { printf "%.2f", s / p }')
printf '{"bench":"sweep","grid":"%s","dataset":"%s","epochs":%d,"cores":%d,' "$grid" "$dataset" "$epochs" \
  "$cores"
printf '"jobs2_threads1_wall_s":[%s],"jobs1_threads%d_wall_s":[%s],"throughput_ratio":%s,' \
  "$(join "${par[@]}")" "$cores" "$(join "${seq[@]}")" "$ratio"
printf '"loadavg_after":"%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
