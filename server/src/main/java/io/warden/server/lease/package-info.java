/**
 * Leases on the leader (DESIGN §5): session deadlines on the monotonic clock, renewed only after
 * the leader proved with a committed marker entry of its term that it still led after the
 * keepalive arrived, refreshed when a leader takes office, and expired by a proposed command.
 *
 * <p>Safety argument. A client trusts its session until {@code send + ttl - margin}, where
 * {@code send} is when it sent the last keepalive that was acknowledged. The leader moves the
 * deadline to {@code confirm + ttl}, where {@code confirm} (the commit of a marker proposed after
 * the keepalive arrived) is later than {@code send}. A new leader sets every deadline to
 * {@code ready + ttl}, and it becomes ready only after it was elected, which is after the old
 * leader's last marker was accepted by a majority, which is after {@code send}. So no server
 * expires a session before its client stops trusting it, as long as the two monotonic clocks
 * run at rates that differ by less than {@code margin / ttl}. Wall-clock steps change nothing:
 * only {@link System#nanoTime()} measures leases. A deposed leader cannot commit a marker, so it
 * cannot acknowledge a keepalive (etcd #15247).
 */
package io.warden.server.lease;
