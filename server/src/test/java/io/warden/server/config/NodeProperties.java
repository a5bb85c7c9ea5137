package io.warden.server.config;

import java.util.Properties;
import java.util.UUID;

/** The least a node's properties file holds: its id, a cluster id and one peer {@code n1}. */
final class NodeProperties {
  private NodeProperties() {}

  static Properties of(String nodeId) {
    Properties p = new Properties();
    p.setProperty("warden.node.id", nodeId);
    p.setProperty("warden.cluster.id", UUID.randomUUID().toString());
    p.setProperty("warden.peers", "n1");
    p.setProperty("warden.peer.n1.raft", "127.0.0.1:1");
    p.setProperty("warden.peer.n1.client", "127.0.0.1:2");
    p.setProperty("warden.peer.n1.admin", "127.0.0.1:3");
    return p;
  }
}
