package io.warden.client;

/**
 * One member of the Raft group, as a server knows it.
 *
 * @param id the server's id
 * @param raftAddress host:port of its Raft (server-to-server) transport
 * @param clientAddress host:port of its client endpoint
 * @param adminAddress host:port of its HTTP admin endpoint
 */
public record PeerInfo(String id, String raftAddress, String clientAddress, String adminAddress) {}
