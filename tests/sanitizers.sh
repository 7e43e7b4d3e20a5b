#!/usr/bin/env bash
# The sanitizer runs of the test command (README, CI), each in a build folder of its own:
#   build-asan: the core, the CLI and every core and CLI test with AddressSanitizer +
#               UndefinedBehaviorSanitizer (leak detection on);
#   build-tsan: the threaded tests (trainer and mailbox, analyzer, comparison via the CLI, main
#               window, sweep folder) with ThreadSanitizer, suppressions in tests/tsan.supp.
#               Not the data-parallel ranks: c10d's worker threads complete and release
#               collectives inside uninstrumented LibTorch, which TSan reports as races.
# Any finding fails the test that hit it. -O1, line tables only and unity builds (eight sources
# per translation unit: LibTorch's headers and templates compiled once per eight, not per file):
# these builds are for finding faults, and they must fit CI's hour on two cores. The release
# build stays one file per unit, for quick rebuilds. Usage: tests/sanitizers.sh [asan|tsan]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
which=${1:-all}
# nproc reports OMP_NUM_THREADS (set to 1 below) when it is set, not the cores it may use.
cores=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
flags=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 -DCMAKE_C_FLAGS_RELEASE=-O1
  -DCMAKE_UNITY_BUILD=ON)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share \
  XDG_CACHE_HOME=$home/.cache OMP_NUM_THREADS=1 QT_QPA_PLATFORM=offscreen

if [ "$which" = all ] || [ "$which" = asan ]; then
  echo "== ASan + UBSan: core and CLI tests"
  cmake -S . -B build-asan "${flags[@]}" -DGRAPHVAE_SANITIZE="address;undefined" \
    -DGRAPHVAE_BUILD_STUDIO=OFF >/dev/null
  mapfile -t tests < <(ctest --test-dir build-asan -N | sed -n 's/^ *Test *#[0-9]*: //p')
  cmake --build build-asan --target graphvae "${tests[@]}"
  # handle_segv=0, abort_on_error=1: HDF5 (not instrumented) dying on a damaged schema-1 file in
  # the inspector child is the crash the tests provoke and expect, not a finding: it stays a
  # signal (SIGSEGV, or SIGABRT where ASan's memcpy check meets HDF5's terabyte copy first). The
  # reader's own code on damaged files runs in the test process (tst_fuzz_files, schema 2).
  # max_allocation_size_mb + allocator_may_return_null: the child's memory limit (RLIMIT_DATA
  # cannot be used beside ASan's shadow memory): an absurd size read from a damaged file fails
  # to allocate instead of being zeroed for minutes.
  ASAN_OPTIONS=detect_leaks=1:handle_segv=0:abort_on_error=1:max_allocation_size_mb=4096:allocator_may_return_null=1:suppressions=$root/tests/asan.supp \
    LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$cores"
fi

if [ "$which" = all ] || [ "$which" = tsan ]; then
  echo "== TSan: threaded tests"
  cmake -S . -B build-tsan "${flags[@]}" -DGRAPHVAE_SANITIZE=thread -DGRAPHVAE_BUILD_STUDIO=ON >/dev/null
  cmake --build build-tsan --target graphvae tst_trainer tst_analyzer tst_cli tst_main_window \
    tst_sweep_panel
  # handle_segv=0: as under ASan, the HDF5 crash in the inspector child stays a plain SIGSEGV.
  # die_after_fork=0: QProcess's forked child starts a thread before it calls exec (in the
  # libraries' fork handlers; our code never forks, it spawns); the child only execs.
  export TSAN_OPTIONS="suppressions=$root/tests/tsan.supp:halt_on_error=1:second_deadlock_stack=1:handle_segv=0:die_after_fork=0"
  # The functions where threads meet; the single-threaded numerics ran under ASan above.
  build-tsan/tests/tst_trainer pauseResumeStopFromAnotherThread nanBatchIsSkipped \
    gateCommandsReachTheRunningTrainer mailboxUnderTwoWriters mailboxWaitWakesOnPost \
    followShowsEverythingAndStops snapshotsReachTheirSinkDirectly
  build-tsan/tests/tst_analyzer snapshotOfARunningTrainer analysisLeavesTheGlobalGeneratorAlone
  build-tsan/tests/tst_cli compareWritesTablesAndResumes comparisonStopsDuringEvaluation \
    evaluationStopsWhenAsked
  build-tsan/tests/app/tst_main_window curvesGrowWhileTraining \
    dagClickFreezesGateInRunningTrainer compareWritesTheTableAndOverlaysCurves \
    overlayAndSaveAsReadAndWriteInTheBackground fileThatCrashesHdf5LeavesTheTrainingRunning
  build-tsan/tests/app/tst_sweep_panel opensASweepFolder
fi
echo "sanitizers: clean"
