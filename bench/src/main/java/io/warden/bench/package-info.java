/**
 * {@code warden-bench}: the lock workloads of {@code ../shared/peers/WORKLOADS.md} (uncontended,
 * contended, failover) run against Warden with the same loops, windows and output fields as the
 * etcd and ZooKeeper harness, plus Warden-only workloads (sessions, ring ownership and rebalance,
 * the disk's fdatasync). One class per workload; the clock ({@link io.warden.bench.Window}),
 * per-thread statistics, CPU accounting, the local quorum's processes, the bench data nodes
 * ({@link io.warden.bench.BenchRing}) and the JSON line are shared helpers. {@code --compare} runs
 * the peers through their own scripts ({@link io.warden.bench.PeerRunner}) and prints {@link
 * io.warden.bench.CompareTable}.
 *
 * <p>Depends on the client library only (plus HdrHistogram, picocli and Jackson); it drives the
 * servers from outside, through their scripts, pid files and admin endpoints, never their classes.
 */
package io.warden.bench;
