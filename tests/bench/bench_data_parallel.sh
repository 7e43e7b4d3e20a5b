#!/usr/bin/env bash
# bench_data_parallel: samples/s of one training with all the machine's cores as threads
# against P ranks of `graphvae launch` with one thread each, at the same global batch, and the
# ranks' gradient all-reduce time per step, as one JSON object. Alternates the two REPEAT times
# (this VM's throughput drifts between sittings) and records the machine's load.
#   tests/bench/bench_data_parallel.sh [BUILD_DIR] [DATA_DIR]   (env: RANKS=2 EPOCHS=1 REPEAT=2
#                                                                 BATCH=256 MODEL=graph)
set -euo pipefail
build=${1:-build}
data=${2:-../shared/data/mnist}
ranks=${RANKS:-2}
epochs=${EPOCHS:-1}
repeat=${REPEAT:-2}
batch=${BATCH:-256}
model=${MODEL:-graph}
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--model "$model" --dataset mnist --data-dir "$data" --epochs "$epochs" --importance-n 0
        --json --force)
# The train samples/s of the last epoch line, and the all-reduce event's figures.
rate() { grep '"train_elbo"' "$1" | tail -1 | sed 's/.*"samples_per_s":\([0-9.e+]*\).*/\1/'; }
reduce() { grep 'gradient all-reduce' "$1" | tail -1 |
           sed 's/.*all-reduce \([0-9.e+]*\) ms per step (\([0-9.e+]*\) MB), \([0-9.e+]*\) %.*step \([0-9.e+]*\) ms.*/"allreduce_ms":\1,"gradient_mb":\2,"allreduce_share_pct":\3,"step_ms":\4/'; }
one=() two=() red=""
for ((k = 0; k < repeat; ++k)); do
  "$build/graphvae" train "${common[@]}" --batch "$batch" --threads "$cores" \
    --out "$work/one.h5" > "$work/one.log"
  one+=("$(rate "$work/one.log")")
  "$build/graphvae" launch --nprocs "$ranks" -- train "${common[@]}" \
    --batch $((batch / ranks)) --threads 1 --out "$work/two.h5" > "$work/two.log" 2> /dev/null
  two+=("$(rate "$work/two.log")")
  red=$(reduce "$work/two.log")
done
join() { local IFS=,; echo "$*"; }
printf '{"bench":"data_parallel","model":"%s","dataset":"mnist","global_batch":%d,"cores":%d,' \
  "$model" "$batch" "$cores"
printf '"one_process_threads":%d,"one_process_samples_per_s":[%s],' "$cores" "$(join "${one[@]}")"
printf '"ranks":%d,"threads_per_rank":1,"ranks_samples_per_s":[%s],%s,' "$ranks" \
  "$(join "${two[@]}")" "$red"
printf '"loadavg_after":"%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
