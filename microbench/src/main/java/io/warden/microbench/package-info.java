/**
 * JMH microbenchmarks of single code paths, on a real RocksDB store in a temp dir: what one
 * command costs the apply thread ({@link io.warden.microbench.ApplyBenchmark}) and what the leader
 * spends turning a request into a log entry ({@link io.warden.microbench.StartTransactionBenchmark}).
 * The cluster benchmark ({@code bin/warden-bench}) shares two cores between three servers, the
 * load generator and their JIT compilers, so it cannot show an effect of a few per cent; these can.
 * Commands and results: {@code BENCHMARKS.md}, "Microbenchmarks".
 */
package io.warden.microbench;
