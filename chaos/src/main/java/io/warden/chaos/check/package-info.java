/**
 * The checker: pure functions from a merged history to anomalies and statistics. It knows
 * nothing of processes or networks, so hand-made histories test it ({@code LockCheckerTest}).
 *
 * <p>What a lock client may trust is its <em>validity interval</em>: from the acknowledged grant
 * until it invokes the release, or until its own lease deadline if that comes first (the client
 * library promises that the cluster gives the lock to nobody else before that deadline). The
 * checks: per lock, no two validity intervals overlap and tokens increase in grant order; the
 * fenced register never goes back to a lower token, and a write it accepted within its writer's
 * lease was not preceded by a newer grant; linearizable reads agree with the grants and releases
 * acknowledged around them; after each heal every lock is acquired again within a bound.
 * Partition ownership, when the ring exists, adds its own intervals to the same kind of check.
 */
package io.warden.chaos.check;
