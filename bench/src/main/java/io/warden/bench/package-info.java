/**
 * {@code warden-bench}: the lock workloads of {@code ../shared/peers/WORKLOADS.md} (uncontended,
 * contended, failover) run against Warden with the same loops, windows and output fields as the
 * etcd and ZooKeeper harness, plus Warden-only session workloads. One class per workload; the
 * clock ({@link io.warden.bench.Window}), per-thread statistics, CPU accounting, the local quorum's
 * processes and the JSON line are shared helpers.
 *
 * <p>Depends on the client library only (plus HdrHistogram, picocli and Jackson); it drives the
 * servers from outside, through their scripts, pid files and admin endpoints, never their classes.
 */
package io.warden.bench;
