/**
 * Internal: the client side of session leases (DESIGN §5).
 *
 * <p>{@link io.warden.client.session.Lease} is the pure arithmetic (deadline, drift margin, state
 * rules, with the safety argument); {@link io.warden.client.session.LeasedSession} runs one lease
 * on the monotonic clock with a timer at its next state change; {@link
 * io.warden.client.session.SessionKeeper} batches every session's keepalives into one request and
 * applies the answers and the cluster's expiry notices. Not for applications: use {@link
 * io.warden.client.WardenSession}.
 */
package io.warden.client.session;
