/* The benchmark's subjects (bench/sched_bench.sh counts the instructions executed between these
 * labels by single-stepping QEMU under gdb; docs in BENCHMARKS.md):
 *   sched__spawn_bench .. its return  one sched_spawn() of `bench` from idle (called through
 *                                     a pointer so it stays a function of its own)
 *   irq24_handler .. bench            the level-1 dispatcher's entry to the task's first one
 *   sched_bench_lock_begin .. _end    sched_lock() + unlock of `shared` (ceiling 2) from priority 1
 *   sched_bench_elided_begin .. _end  sched_lock() of `bench_local` (ceiling 1 = the task's own)
 * The functions are noinline/noclone so each label exists exactly once. */
#include "app.def.h"
#include "bench.h"
#include "log/log.h"

/* GCC's LTO clones functions with constant arguments; clang has no such attribute (nor clones). */
#if __has_attribute(noclone)
#define BENCH_NOCLONE __attribute__((noclone))
#else
#define BENCH_NOCLONE
#endif

#define BENCH_LABEL(name) __asm__ volatile(".global " #name "\n" #name ":" ::: "memory")

static __attribute__((noinline)) BENCH_NOCLONE void bench_lock(bench_ctx_t *ctx)
{
    BENCH_LABEL(sched_bench_lock_begin);
    sched_lock(ctx, shared, s) {
        (void)s;
        __asm__ volatile("" ::: "memory"); /* an empty critical section */
    }
    BENCH_LABEL(sched_bench_lock_end);
    BENCH_LABEL(sched_bench_elided_begin);
    sched_lock(ctx, bench_local, l) {
        (void)l;
        __asm__ volatile("" ::: "memory");
    }
    BENCH_LABEL(sched_bench_elided_end);
}

/* Not inlined into its dispatcher, so the dispatch count has an end. */
__attribute__((noinline)) BENCH_NOCLONE void bench(bench_ctx_t *ctx, uint32_t msg)
{
    bench_lock(ctx);
    LOG_INFO("bench task ran (%lu)", (unsigned long)msg);
}

void bench_run(void)
{
    int (*volatile spawn)(uint32_t) = sched__spawn_bench;
    int rc = spawn(1);
    if (rc != SCHED_OK)
        LOG_ERROR("bench spawn failed: %d", rc);
}
