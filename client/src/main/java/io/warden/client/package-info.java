/**
 * Warden's Java client: what applications embed to hold sessions (leases) on a Warden cluster, and,
 * built on them, fencing-token locks and ring membership.
 *
 * <p>Start with {@link io.warden.client.WardenClient}. Its sessions ({@link
 * io.warden.client.WardenSession}) are kept alive in the background and report their state ({@link
 * io.warden.client.SessionState}) to {@link io.warden.client.SessionListener}s. Failures are
 * unchecked {@link io.warden.client.WardenException}s, one subclass per protocol error code that an
 * application may want to handle.
 *
 * <p>Locks are in {@link io.warden.client.lock} (from {@link
 * io.warden.client.WardenSession#lock}), and the guard resource servers embed to check fencing
 * tokens in {@link io.warden.client.fencing}.
 *
 * <p>This module depends on the protocol schemas, Netty and SLF4J only; it never touches Ratis. The
 * sub-packages {@code transport} and {@code session} are the client's internals.
 */
package io.warden.client;
