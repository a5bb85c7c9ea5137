package io.warden.chaos.nemesis;

/**
 * One fault as the schedule drew it.
 *
 * @param kind its kind
 * @param variant which fault of that kind (see {@link FaultSchedule})
 * @param quietMillis how long to wait, with everything healthy, before it
 * @param durationMillis how long it lasts
 * @param pick a random number that chooses targets (a server, a client) among the candidates
 * @param sides random bits that put each client on a side of a partition
 */
public record PlannedFault(
    FaultKind kind, String variant, long quietMillis, long durationMillis, int pick, long sides) {}
