package io.warden.server.operations;

import io.warden.protocol.client.PeerInfo;
import io.warden.server.config.DataDirectory;
import io.warden.statemachine.ratis.StateMachineListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the data directory's membership record equal to the configuration this server last
 * applied (see {@link DataDirectory}), and logs one line when the membership really changes (every
 * new leader re-applies the unchanged one). The file is small and rewritten only on configuration
 * entries, so this runs on the calling Raft thread.
 */
public final class MembershipRecorder implements StateMachineListener {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipRecorder.class);

  private final DataDirectory data;
  private final String nodeId;

  public MembershipRecorder(DataDirectory data, String nodeId) {
    this.data = data;
    this.nodeId = nodeId;
  }

  @Override
  public void onConfigurationChanged(long index, List<PeerInfo> voters) {
    Map<String, String> raftById = new LinkedHashMap<>();
    voters.forEach(v -> raftById.put(v.getId(), v.getRaftAddress()));
    if (data.recordMembership(index, raftById)) {
      LOG.info("{}: membership is now {} (configuration at index {}){}", nodeId, String.join(",", raftById.keySet()),
          index, raftById.containsKey(nodeId) ? "" : "; this server is no longer a member");
    }
  }
}
