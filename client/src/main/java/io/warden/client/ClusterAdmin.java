package io.warden.client;

import io.warden.client.transport.ClusterTransport;
import io.warden.client.transport.Endpoint;
import io.warden.client.transport.Reply;
import io.warden.protocol.client.AddPeerRequest;
import io.warden.protocol.client.BackupFile;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.EndBackupRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.MembershipReply;
import io.warden.protocol.client.ReadBackupRequest;
import io.warden.protocol.client.RemovePeerRequest;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.StartBackupReply;
import io.warden.protocol.client.StartBackupRequest;
import io.warden.protocol.client.TakeSnapshotReply;
import io.warden.protocol.client.TakeSnapshotRequest;
import io.warden.protocol.client.TransferLeadershipReply;
import io.warden.protocol.client.TransferLeadershipRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Operations on the cluster for operators and tools ({@link WardenClient#admin()}): take a
 * snapshot, move leadership, change the membership, take a backup. Each is sent to the leader;
 * the server may work on it for the client's request timeout less a margin, so that its answer
 * (success or the reason for failure) arrives before the client gives up.
 *
 * <p>Thread-safe; it shares its client's connections.
 */
public final class ClusterAdmin {
  /** The backup layout this client writes (the server's {@code BackupLayout} reads it). */
  static final int BACKUP_FORMAT = 1;

  private final ClusterTransport transport;
  private final Duration requestTimeout;
  private final Runnable ensureOpen;

  ClusterAdmin(ClusterTransport transport, Duration requestTimeout, Runnable ensureOpen) {
    this.transport = transport;
    this.requestTimeout = requestTimeout;
    this.ensureOpen = ensureOpen;
  }

  /**
   * A snapshot the leader took.
   *
   * @param serverId the leader that took it
   * @param index the log index it holds everything up to
   * @param commitIndex the leader's commit index when the request arrived ({@code index} is at
   *     least this)
   */
  public record Snapshot(String serverId, long index, long commitIndex) {}

  /** Leadership after a transfer; both equal when the target already led. */
  public record LeaderTransfer(String previousLeader, String leader) {}

  /**
   * The voting members after a membership request.
   *
   * @param peers the members, by id
   * @param changed false when the membership already was as asked and nothing was done
   */
  public record Membership(List<PeerInfo> peers, boolean changed) {}

  /**
   * A backup written to disk.
   *
   * @param directory where it is
   * @param clusterId the cluster it was taken from
   * @param serverId the leader it was taken on
   * @param index the log index of the last entry it holds
   * @param term that entry's term
   * @param files how many checkpoint files it holds
   * @param bytes their total size
   */
  public record Backup(Path directory, String clusterId, String serverId, long index, long term, int files,
                       long bytes) {}

  /**
   * Takes a snapshot on the leader now.
   *
   * @throws WardenUnavailableException if no leader answered in time
   */
  public Snapshot takeSnapshot() {
    TakeSnapshotReply reply = call(ClientMessage.newBuilder()
        .setTakeSnapshot(TakeSnapshotRequest.newBuilder().setTimeoutMillis(serverBudget().toMillis()))
        .build(), Response.BodyCase.TAKE_SNAPSHOT, "TakeSnapshot").getTakeSnapshot();
    return new Snapshot(reply.getServerId(), reply.getIndex(), reply.getCommitIndex());
  }

  /**
   * Hands leadership to server {@code to}, or, when null, to the most caught-up voting follower;
   * returns once the new leader is elected.
   *
   * @throws InvalidArgumentException if {@code to} is not a voting member, or there is no other
   *     member
   */
  public LeaderTransfer transferLeadership(String to) {
    TransferLeadershipRequest.Builder request =
        TransferLeadershipRequest.newBuilder().setTimeoutMillis(serverBudget().toMillis());
    if (to != null) {
      request.setTo(to);
    }
    TransferLeadershipReply reply = call(ClientMessage.newBuilder().setTransferLeadership(request).build(),
        Response.BodyCase.TRANSFER_LEADERSHIP, "TransferLeadership").getTransferLeadership();
    return new LeaderTransfer(reply.getPreviousLeader(), reply.getLeader());
  }

  /**
   * Adds a voting member. The new server must already be running with {@code warden.join=true}
   * and the cluster's id; returns once it has caught up and the new configuration is committed.
   *
   * @param peer its id, raft address, client address and (optional, may be empty) admin address
   * @throws InvalidArgumentException if an address is malformed, the id or raft address is taken,
   *     another change is in progress, or the new server did not catch up (nothing was changed)
   */
  public Membership addPeer(PeerInfo peer) {
    io.warden.protocol.client.PeerInfo proto = io.warden.protocol.client.PeerInfo.newBuilder()
        .setId(peer.id())
        .setRaftAddress(peer.raftAddress())
        .setClientAddress(peer.clientAddress())
        .setAdminAddress(peer.adminAddress() == null ? "" : peer.adminAddress())
        .build();
    MembershipReply reply = call(ClientMessage.newBuilder()
        .setAddPeer(AddPeerRequest.newBuilder().setPeer(proto).setTimeoutMillis(serverBudget().toMillis()))
        .build(), Response.BodyCase.ADD_PEER, "AddPeer").getAddPeer();
    return membership(reply);
  }

  /**
   * Removes voting member {@code id}; returns once the new configuration is committed. The removed
   * server stops taking part in the quorum (and refuses to start again on its data).
   *
   * @throws InvalidArgumentException if it is the last member or another change is in progress
   */
  public Membership removePeer(String id) {
    MembershipReply reply = call(ClientMessage.newBuilder()
        .setRemovePeer(RemovePeerRequest.newBuilder().setId(id).setTimeoutMillis(serverBudget().toMillis()))
        .build(), Response.BodyCase.REMOVE_PEER, "RemovePeer").getRemovePeer();
    return membership(reply);
  }

  /**
   * Takes a consistent backup into {@code directory} (created; it must not exist or be empty):
   * the leader takes a snapshot holding every entry committed before this call and pins it, then
   * this client copies its files and checks each against the SHA-256 sum the server computed. The
   * layout:
   *
   * <pre>
   * backup.properties   format, cluster.id, server.id, index, term, taken.at, files, bytes (written last)
   * SHA256SUMS          one "&lt;sha256&gt;  checkpoint/&lt;path&gt;" line per file (sha256sum -c reads it)
   * checkpoint/...      the snapshot's files
   * </pre>
   *
   * Restore with {@code bin/warden-server restore DIR CONF}. Each request of the copy has the
   * client's request timeout; the whole copy takes as long as the files need.
   *
   * @throws WardenException if the directory cannot be written or holds files (code {@link
   *     ErrorCode#ERROR_CODE_UNSPECIFIED}), a file arrives damaged, or the cluster fails
   */
  public Backup backup(Path directory) {
    prepareDirectory(directory);
    StartBackupReply started = call(ClientMessage.newBuilder()
        .setStartBackup(StartBackupRequest.newBuilder().setTimeoutMillis(serverBudget().toMillis()))
        .build(), Response.BodyCase.START_BACKUP, "StartBackup").getStartBackup();
    Endpoint server = Endpoint.parse(started.getClientAddress());
    boolean complete = false;
    try {
      StringBuilder sums = new StringBuilder();
      long bytes = 0;
      for (BackupFile file : started.getFilesList()) {
        copy(server, started.getBackupId(), file, directory);
        sums.append(file.getSha256()).append("  ").append("checkpoint/").append(file.getPath()).append('\n');
        bytes += file.getSize();
      }
      Files.writeString(directory.resolve("SHA256SUMS"), sums, StandardCharsets.UTF_8);
      Properties description = new Properties();
      description.setProperty("format", Integer.toString(BACKUP_FORMAT));
      description.setProperty("cluster.id", started.getClusterId());
      description.setProperty("server.id", started.getServerId());
      description.setProperty("index", Long.toString(started.getIndex()));
      description.setProperty("term", Long.toString(started.getTerm()));
      description.setProperty("taken.at", Instant.now().toString());
      description.setProperty("files", Integer.toString(started.getFilesCount()));
      description.setProperty("bytes", Long.toString(bytes));
      Path temporary = directory.resolve("backup.properties.tmp");
      try (OutputStream out = Files.newOutputStream(temporary)) {
        description.store(out, "A Warden backup (wardenctl backup). Restore: bin/warden-server restore DIR CONF");
      }
      Files.move(temporary, directory.resolve("backup.properties"), StandardCopyOption.ATOMIC_MOVE);
      complete = true;
      return new Backup(directory, started.getClusterId(), started.getServerId(), started.getIndex(),
          started.getTerm(), started.getFilesCount(), bytes);
    } catch (IOException e) {
      throw local("cannot write the backup to " + directory + ": " + e.getMessage(), e);
    } finally {
      endBackup(server, started.getBackupId());
      if (!complete) {
        emptyDirectory(directory);
      }
    }
  }

  private void copy(Endpoint server, String backupId, BackupFile file, Path directory) throws IOException {
    Path checkpoint = directory.resolve("checkpoint");
    Path target = checkpoint.resolve(file.getPath()).normalize();
    if (!target.startsWith(checkpoint)) {
      throw new ProtocolMismatchException(ErrorCode.INVALID_ARGUMENT,
          "the server named a backup file outside the backup: " + file.getPath());
    }
    Files.createDirectories(target.getParent());
    MessageDigest digest = sha256();
    long offset = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      while (offset < file.getSize()) {
        ClientMessage read = ClientMessage.newBuilder().setReadBackup(ReadBackupRequest.newBuilder()
            .setBackupId(backupId).setPath(file.getPath()).setOffset(offset)).build();
        Reply reply = Blocking.await(transport.callServer(server, read, deadline()),
            "ReadBackup of " + file.getPath() + " from " + server);
        byte[] data = reply.expect(Response.BodyCase.READ_BACKUP).getReadBackup().getData().toByteArray();
        if (data.length == 0) {
          break;
        }
        out.write(data);
        digest.update(data);
        offset += data.length;
      }
    }
    String sum = HexFormat.of().formatHex(digest.digest());
    if (offset != file.getSize() || !sum.equals(file.getSha256())) {
      throw new WardenException(ErrorCode.ERROR_CODE_UNSPECIFIED, "backup file " + file.getPath() + " arrived damaged ("
          + offset + " of " + file.getSize() + " bytes, sha256 " + sum + " instead of " + file.getSha256()
          + "): take the backup again");
    }
  }

  private void endBackup(Endpoint server, String backupId) {
    try {
      Blocking.await(transport.callServer(server,
          ClientMessage.newBuilder().setEndBackup(EndBackupRequest.newBuilder().setBackupId(backupId)).build(),
          deadline()), "EndBackup");
    } catch (WardenException e) {
      // The server unpins a backup nobody reads after ten minutes anyway.
    }
  }

  private static void prepareDirectory(Path directory) {
    try {
      if (Files.exists(directory)) {
        try (Stream<Path> entries = Files.list(directory)) {
          if (entries.findAny().isPresent()) {
            throw local(directory + " is not empty: back up into a new or empty directory", null);
          }
        }
      }
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw local("cannot create backup directory " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Removes what an incomplete backup left, keeping the (then empty) directory. */
  private static void emptyDirectory(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(directory)).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // Best effort: without backup.properties the directory is recognisably incomplete anyway.
    }
  }

  private Membership membership(MembershipReply reply) {
    return new Membership(reply.getPeersList().stream()
        .map(p -> new PeerInfo(p.getId(), p.getRaftAddress(), p.getClientAddress(), p.getAdminAddress()))
        .toList(), reply.getChanged());
  }

  private Response call(ClientMessage request, Response.BodyCase expected, String what) {
    ensureOpen.run();
    return Blocking.await(transport.callLeader(request, deadline()), what).expect(expected);
  }

  /** What the server may spend: the request timeout less a margin for the answer to travel. */
  private Duration serverBudget() {
    Duration margin = requestTimeout.dividedBy(5);
    if (margin.compareTo(Duration.ofSeconds(1)) > 0) {
      margin = Duration.ofSeconds(1);
    }
    return requestTimeout.minus(margin);
  }

  private long deadline() {
    return System.nanoTime() + requestTimeout.toNanos();
  }


  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static WardenException local(String message, Throwable cause) {
    return new WardenException(ErrorCode.ERROR_CODE_UNSPECIFIED, message, cause);
  }
}
