package io.warden.server.backup;

import com.google.protobuf.ByteString;
import io.warden.protocol.client.EndBackupReply;
import io.warden.protocol.client.EndBackupRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.ReadBackupReply;
import io.warden.protocol.client.ReadBackupRequest;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.StartBackupReply;
import io.warden.protocol.client.StartBackupRequest;
import io.warden.server.config.ServerConfig;
import io.warden.server.operations.OperationRequests;
import io.warden.server.raft.RaftNode;
import io.warden.server.rpc.Responses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code StartBackup}, {@code ReadBackup}, {@code EndBackup}. A backup is the snapshot the leader
 * takes for the request (so it holds every entry committed before the request arrived), pinned
 * ({@link PinnedBackups}) and read in chunks by the client. Why over the client protocol rather
 * than HTTP: {@code wardenctl} already has a connection to the leader wherever it runs, while the
 * admin endpoint is loopback-only by default; the pull of bounded chunks keeps memory flat and
 * needs no second port open to operators. File reads run on a thread of their own, never on the
 * connection's event loop.
 */
public final class BackupRequests implements AutoCloseable {
  /** Half the 1 MiB frame limit, leaving room for the envelope. */
  public static final int CHUNK_BYTES = 512 * 1024;

  private final ServerConfig config;
  private final RaftNode raft;
  private final PinnedBackups pins;
  private final ExecutorService io;
  private final ScheduledFuture<?> expiry;

  public BackupRequests(ServerConfig config, RaftNode raft, PinnedBackups pins, ScheduledExecutorService scheduler) {
    this.config = config;
    this.raft = raft;
    this.pins = pins;
    AtomicLong threads = new AtomicLong();
    this.io = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "warden-backup-" + config.nodeId() + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.expiry = scheduler.scheduleWithFixedDelay(pins::expireIdle, 1, 1, TimeUnit.MINUTES);
  }

  public CompletableFuture<Response> start(long requestId, StartBackupRequest request) {
    return raft.admin().takeSnapshot(OperationRequests.timeout(request.getTimeoutMillis()))
        .thenApplyAsync(taken -> {
          try {
            // The latest snapshot: the one just taken, or a newer one.
            PinnedBackups.Pinned backup = pins.pin(raft.admin().latestSnapshot());
            return Response.newBuilder().setRequestId(requestId).setStartBackup(StartBackupReply.newBuilder()
                .setBackupId(backup.id())
                .setServerId(config.nodeId())
                .setClientAddress(config.self().client().toString())
                .setClusterId(config.clusterId().toString())
                .setIndex(backup.index())
                .setTerm(backup.term())
                .addAllFiles(backup.files())).build();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, io)
        .exceptionally(failure -> unwrap(failure) instanceof UncheckedIOException io
            ? Responses.error(requestId, ErrorCode.INTERNAL, "cannot pin the snapshot for a backup: " + io.getCause())
            : Responses.failure(requestId, failure));
  }

  public CompletableFuture<Response> read(long requestId, ReadBackupRequest request) {
    Optional<PinnedBackups.Pinned> backup = pins.get(request.getBackupId());
    if (backup.isEmpty()) {
      return CompletableFuture.completedFuture(unknown(requestId, request.getBackupId()));
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        byte[] data = pins.read(backup.get(), request.getPath(), request.getOffset(), CHUNK_BYTES);
        return Response.newBuilder().setRequestId(requestId)
            .setReadBackup(ReadBackupReply.newBuilder().setData(ByteString.copyFrom(data))).build();
      } catch (IllegalArgumentException e) {
        return Responses.error(requestId, ErrorCode.INVALID_ARGUMENT, e.getMessage());
      } catch (IOException e) {
        return Responses.error(requestId, ErrorCode.INTERNAL, "cannot read " + request.getPath() + " of backup "
            + request.getBackupId() + ": " + e);
      }
    }, io);
  }

  public CompletableFuture<Response> end(long requestId, EndBackupRequest request) {
    return CompletableFuture.supplyAsync(() -> {
      pins.end(request.getBackupId());
      return Response.newBuilder().setRequestId(requestId).setEndBackup(EndBackupReply.getDefaultInstance()).build();
    }, io);
  }

  private Response unknown(long requestId, String id) {
    return Responses.error(requestId, ErrorCode.INVALID_ARGUMENT, "server " + config.nodeId() + " has no backup " + id
        + " (unpinned after 10 minutes unread, or the server restarted): start the backup again");
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  @Override
  public void close() {
    expiry.cancel(false);
    io.shutdownNow();
    pins.close();
  }
}
