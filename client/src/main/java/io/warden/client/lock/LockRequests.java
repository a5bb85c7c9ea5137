package io.warden.client.lock;

import io.warden.client.transport.ClusterTransport;
import io.warden.client.transport.Reply;
import io.warden.protocol.client.AcquireReply;
import io.warden.protocol.client.AcquireRequest;
import io.warden.protocol.client.CancelReply;
import io.warden.protocol.client.CancelRequest;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.DescribeLockRequest;
import io.warden.protocol.client.ListLocksRequest;
import io.warden.protocol.client.ReleaseRequest;
import io.warden.protocol.client.Response;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Lock requests over the cluster transport: the session's writes ({@link LockRpc}) and the
 * linearizable reads behind {@link io.warden.client.WardenClient#describeLock} and {@link
 * io.warden.client.WardenClient#listLocks}. All go to the leader, with the transport's retries and
 * request deadline.
 *
 * <p><b>Internal API</b> of {@link io.warden.client.WardenClient}.
 */
public final class LockRequests implements LockRpc {
  private final ClusterTransport transport;

  /**
   * @param transport the client's transport
   */
  public LockRequests(ClusterTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  @Override
  public CompletableFuture<AcquireReply> acquire(
      long sessionId, String name, LockMode mode, boolean wait, long lockDelayMillis) {
    AcquireRequest.Builder acquire =
        AcquireRequest.newBuilder()
            .setName(name)
            .setSessionId(sessionId)
            .setMode(LockProto.toProto(mode))
            .setWait(wait)
            .setLockDelayMillis(lockDelayMillis);
    return call(ClientMessage.newBuilder().setAcquire(acquire).build(), Response.BodyCase.ACQUIRE)
        .thenApply(Response::getAcquire);
  }

  @Override
  public CompletableFuture<Void> release(long sessionId, String name, long token) {
    ReleaseRequest.Builder release =
        ReleaseRequest.newBuilder().setName(name).setSessionId(sessionId).setToken(token);
    return call(ClientMessage.newBuilder().setRelease(release).build(), Response.BodyCase.RELEASE)
        .thenApply(response -> null);
  }

  @Override
  public CompletableFuture<CancelReply> cancel(long sessionId, String name, long waiterId) {
    CancelRequest.Builder cancel =
        CancelRequest.newBuilder().setName(name).setSessionId(sessionId).setWaiterId(waiterId);
    return call(ClientMessage.newBuilder().setCancel(cancel).build(), Response.BodyCase.CANCEL)
        .thenApply(Response::getCancel);
  }

  /**
   * The lock named {@code name}, or empty if nobody holds or waits for it.
   *
   * @throws IllegalArgumentException at once if the name is empty, longer than 512 bytes of UTF-8
   *     or not valid Unicode
   */
  public CompletableFuture<Optional<LockInfo>> describe(String name) {
    LockNames.requireValid(name);
    ClientMessage request =
        ClientMessage.newBuilder()
            .setDescribeLock(DescribeLockRequest.newBuilder().setName(name))
            .build();
    return call(request, Response.BodyCase.DESCRIBE_LOCK)
        .thenApply(
            response ->
                response.getDescribeLock().hasLock()
                    ? Optional.of(LockProto.lockInfo(response.getDescribeLock().getLock()))
                    : Optional.empty());
  }

  /** Every lock that is held or has waiters. */
  public CompletableFuture<List<LockInfo>> list() {
    ClientMessage request =
        ClientMessage.newBuilder().setListLocks(ListLocksRequest.getDefaultInstance()).build();
    return call(request, Response.BodyCase.LIST_LOCKS)
        .thenApply(
            response ->
                response.getListLocks().getLocksList().stream().map(LockProto::lockInfo).toList());
  }

  private CompletableFuture<Response> call(ClientMessage request, Response.BodyCase expected) {
    return transport.callLeader(request).thenApply(reply -> reply.expect(expected));
  }

}
