package io.warden.client.ring;

/**
 * A data node in the ring, as the leader knows it.
 *
 * @param leaving true once it left placement and is releasing what it still owns
 * @param owned how many partitions it owns now
 */
public record RingMember(String nodeId, String address, String zone, int weight, long sessionId, long joinedIndex,
                         boolean leaving, int owned) {}
