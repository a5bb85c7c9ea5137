package io.warden.client;

import java.time.Duration;
import java.time.Instant;

/**
 * A live session as the leader knows it ({@link WardenClient#listSessions()}).
 *
 * @param id the session id (the log index of its creation)
 * @param owner the owner label given at creation
 * @param ttl the session's time to live
 * @param remaining time left until the leader expires it, on the leader's clock
 * @param createdIndex the log index of its creation
 * @param createdAt when it was created, as stamped by the leader (informational)
 */
public record SessionInfo(
    long id,
    String owner,
    Duration ttl,
    Duration remaining,
    long createdIndex,
    Instant createdAt) {}
