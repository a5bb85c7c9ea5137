package io.warden.server.raft;

import io.warden.server.config.ServerConfig;
import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Ratis properties derived from Warden's configuration; the choices are explained inline. */
final class RaftSettings {
  private RaftSettings() {}

  static RaftProperties from(ServerConfig config, File storage) {
    RaftProperties p = new RaftProperties();
    // Ratis defaults to gRPC; Warden's peers talk Netty (DESIGN §2).
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.NETTY);
    NettyConfigKeys.Server.setHost(p, config.self().raft().host());
    NettyConfigKeys.Server.setPort(p, config.self().raft().port());

    RaftServerConfigKeys.setStorageDir(p, List.of(storage));
    RaftServerConfigKeys.setRemovedGroupsDir(p, new File(storage, "removed-groups"));

    // The same timeouts on every node, so a deposed leader notices in bounded time (RATIS.md §2.7).
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(config.electionTimeoutMin().toMillis()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(config.electionTimeoutMax().toMillis()));
    // Pre-vote (Ratis's default, stated because the read lease rests on it): a follower that heard
    // from its leader within the shortest timeout refuses a candidate's pre-vote, so no election
    // can start while a lease holds (LeadershipConfirmer).
    RaftServerConfigKeys.LeaderElection.setPreVote(p, true);

    // Between two failed AppendEntries to a down follower (Ratis logs every tenth): 100 ms instead
    // of 25 ms keeps a dead peer from filling the log, and delays contact with a returning
    // follower by at most that much.
    RaftServerConfigKeys.Rpc.setSleepTime(p, millis(100));

    // Durability: an entry is acknowledged only after fsync (these are Ratis's defaults; stated
    // here so nobody turns them off by accident).
    RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
    RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, false);
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.logSegmentSize()));
    // No commit-index metadata entries. Ratis appends one after commits so that a restarted server
    // can apply without a leader; Warden's store records its applied index with every change, and a
    // restarted server applies the rest once it hears from a leader. The extra entry cost every lone
    // write a second append and replication round (the Netty appender has one request in flight per
    // follower): without it, uncontended cycles/s rose ~9 % and server CPU per cycle fell ~10 %
    // (BENCHMARKS.md, "Tuning").
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(4L << 20, config.logSegmentSize())));

    // Snapshots are cheap RocksDB checkpoints: take them automatically and let the log be purged
    // up to them, so one follower that stays down does not make the leader's disk grow forever.
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, Math.max(1, config.snapshotThreshold() / 2)));

    // Nothing is ever re-sent to Ratis: client writes travel in batches under the server's own
    // ClientId with fresh call ids, and their re-sends are recognised by the state machine's call
    // records (CallTable). So a retry-cache entry is never looked up again, and only costs heap
    // (~820 bytes of reply per entry; at Ratis's 60 s and 100,000 session creations that was
    // ~300 MB and full collections longer than the election timeout, BENCHMARKS.md "Tuning").
    // Keep them only briefly.
    RaftServerConfigKeys.RetryCache.setExpiryTime(p, TimeDuration.valueOf(5, TimeUnit.SECONDS));
    // The log entries kept in memory: the open segment and the one before serve the appenders of
    // followers that keep up; one further behind reads from disk. Ratis's default, six segments
    // up to 200 MB, is most of a 512 MB heap.
    RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
    RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf(Math.min(64L << 20, 2 * config.logSegmentSize())));
    return p;
  }

  private static TimeDuration millis(long ms) {
    return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
  }
}
