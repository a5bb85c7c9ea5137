/**
 * The Warden server process: configuration, the Ratis server, the client endpoint and the
 * leader's lease keeper, assembled by {@link io.warden.server.WardenServer}.
 *
 * <p>Depends on the state machine module (and through it the protocol); talks Raft to its peers
 * through Ratis and Warden's own protocol to clients through Netty. Sub-packages: {@code config}
 * (what an operator writes), {@code raft} (Ratis bootstrap and in-process submission),
 * {@code lease} (keepalive confirmation and expiry on the leader), {@code session} (the session
 * requests), {@code rpc} (the client endpoint: framing, dispatch, pushes).
 */
package io.warden.server;
