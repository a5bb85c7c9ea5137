package io.warden.client.lock;

/**
 * A session queued for a lock, as the leader knows it.
 *
 * @param sessionId the waiting session
 * @param owner that session's owner label
 * @param waiterId the waiter's id (the log index of the acquire that queued it)
 * @param mode the mode it asked for
 */
public record LockWaiter(long sessionId, String owner, long waiterId, LockMode mode) {}
