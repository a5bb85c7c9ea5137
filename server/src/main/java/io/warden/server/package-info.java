/**
 * The Warden server process: configuration, the Ratis server, the client endpoint, the
 * leader's lease keeper and the admin endpoint, assembled by {@link io.warden.server.WardenServer}.
 *
 * <p>Depends on the state machine module (and through it the protocol); talks Raft to its peers
 * through Ratis and Warden's own protocol to clients through Netty. Sub-packages: {@code config}
 * (what an operator writes), {@code raft} (Ratis bootstrap and in-process submission),
 * {@code lease} (keepalive confirmation and expiry on the leader), {@code session} and
 * {@code lock} (the session and lock requests), {@code rpc} (the client endpoint: framing,
 * dispatch, pushes), {@code metrics} (Warden's metrics, JMX, and the Prometheus exposition that
 * carries Ratis's metrics too), {@code admin} (the HTTP admin endpoint), {@code operations}
 * (snapshot, leadership transfer and membership requests, and the data directory's membership
 * record) and {@code backup} (pinned checkpoints for {@code wardenctl backup}, and restore).
 */
package io.warden.server;
