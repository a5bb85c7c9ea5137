/**
 * Fencing-token locks (DESIGN §6): exclusive and shared, with FIFO waiters woken by pushed grants.
 *
 * <p>The public API of locks lives here: {@link io.warden.client.lock.WardenLock} (a handle from
 * {@link io.warden.client.WardenSession#lock}), {@link io.warden.client.lock.LockGrant} (a held
 * lock and its fencing token), {@link io.warden.client.lock.LockGrantListener}, {@link
 * io.warden.client.lock.LockMode}, the introspection records {@link
 * io.warden.client.lock.LockInfo}, {@link io.warden.client.lock.LockHolder} and {@link
 * io.warden.client.lock.LockWaiter}, and {@link io.warden.client.lock.LockTimeoutException}.
 * Exceptions shared with the rest of the client (session ended, cluster unavailable, limits) stay
 * in {@code io.warden.client}.
 *
 * <p>{@link io.warden.client.lock.SessionLocks}, {@link io.warden.client.lock.LockRequests}, {@link
 * io.warden.client.lock.LockRpc} and {@link io.warden.client.lock.SessionView} are public only for
 * the client's own wiring: internal API. Depends on {@code io.warden.client}, its transport and the
 * protocol.
 */
package io.warden.client.lock;
