/* Hooks for bench/sched_bench.sh: the code it counts instructions through, between global labels
 * (sched_bench_*) and symbols gdb can break on. Runs once, after the scenarios. */
#ifndef SCHED_TEST_BENCH_H
#define SCHED_TEST_BENCH_H

void bench_run(void);

#endif
