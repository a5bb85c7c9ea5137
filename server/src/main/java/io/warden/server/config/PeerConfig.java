package io.warden.server.config;

/**
 * One server of the cluster as configured.
 *
 * @param id     the node id, also the Raft peer id
 * @param raft   where peers reach its Raft (Netty) transport
 * @param client where clients reach its Warden endpoint
 * @param admin  where operators reach its HTTP admin endpoint
 */
public record PeerConfig(String id, HostPort raft, HostPort client, HostPort admin) {}
