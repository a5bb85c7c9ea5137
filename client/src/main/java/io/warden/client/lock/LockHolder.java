package io.warden.client.lock;

import java.time.Instant;

/**
 * A session that holds a lock, as the leader knows it.
 *
 * @param sessionId the holding session
 * @param owner that session's owner label
 * @param token the grant's fencing token
 * @param grantedAt when it was granted, as stamped by the leader (informational)
 */
public record LockHolder(long sessionId, String owner, long token, Instant grantedAt) {}
