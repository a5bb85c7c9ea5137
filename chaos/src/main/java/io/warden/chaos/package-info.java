/**
 * Fault injection for Warden (DESIGN §10, {@code bin/warden-chaos}): runs a three-node cluster in
 * network namespaces, lock clients that write to a fenced register, and a nemesis that partitions,
 * kills and pauses; then checks the recorded history. Depends on the client library only; the
 * servers are separate processes started from {@code server/target}.
 *
 * <p>Packages: {@code history} (the event format and files), {@code check} (the checker, pure
 * functions of a history), {@code net} (namespaces, bridge, iptables), {@code cluster} (server
 * processes), {@code register} (the fenced register), {@code workload} (lock workers and the
 * observer, run as separate JVMs), {@code nemesis} (the seeded fault schedule and its execution),
 * {@code run} (one run, start to cleanup).
 */
package io.warden.chaos;
