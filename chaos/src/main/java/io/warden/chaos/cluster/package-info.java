/**
 * The processes of a run: {@link io.warden.chaos.cluster.NamespacedJvm} starts a JVM inside a
 * network namespace ({@code ip netns exec} execs in place, so the process's pid is the JVM's) and
 * signals it by pid; {@link io.warden.chaos.cluster.ChaosCluster} is the three Warden servers,
 * run from {@code server/target} as {@code bin/warden-server} runs them.
 */
package io.warden.chaos.cluster;
