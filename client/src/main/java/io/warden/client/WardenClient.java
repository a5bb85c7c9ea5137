package io.warden.client;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.warden.client.lock.LockInfo;
import io.warden.client.lock.LockRequests;
import io.warden.client.ring.RingClient;
import io.warden.client.ring.RingView;
import io.warden.client.session.SessionKeeper;
import io.warden.client.session.SessionReferences;
import io.warden.client.transport.ClusterTransport;
import io.warden.client.transport.Endpoint;
import io.warden.client.transport.Reply;
import io.warden.client.transport.Subscription;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CloseSessionRequest;
import io.warden.protocol.client.CreateSessionReply;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.GetServerStatus;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.ListSessionsRequest;
import io.warden.protocol.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point to a Warden cluster: creates sessions (which hold locks), asks about locks and
 * sessions, and asks servers about themselves.
 *
 * <pre>{@code
 * try (WardenClient client = WardenClient.connect("10.0.0.1:7001,10.0.0.2:7001,10.0.0.3:7001");
 *      WardenSession session = client.createSession(Duration.ofSeconds(10))) {
 *   ... use the session while session.isValid() ...
 * }
 * }</pre>
 *
 * <p>The client keeps one connection per server it talks to, finds the leader and follows it across
 * elections, and re-sends a request with its original id after a lost connection, so writes apply
 * at most once. Every call has an overall deadline ({@link Builder#requestTimeout}, 10 s by
 * default); when the cluster cannot answer within it, the call fails with {@link
 * WardenTimeoutException}. Final answers fail with a {@link WardenException} subclass named for the
 * problem.
 *
 * <p>Thread-safe; meant to be created once and shared. Threads: one or two Netty I/O threads, one
 * timer thread, one thread for session listeners, and a small elastic pool on which futures
 * complete, so a callback attached to a future never runs on an I/O thread. All are daemon threads
 * and stop on {@link #close()}.
 */
public final class WardenClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WardenClient.class);

  /** How long {@link #close()} waits for the cluster to close this client's sessions. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  private final Duration requestTimeout;
  private final ScheduledThreadPoolExecutor timer;
  private final ExecutorService completions;
  private final ExecutorService callbacks;
  private final CallbackThread callbackThread = new CallbackThread();
  private final ClusterTransport transport;
  private final SessionKeeper keeper;
  private final LockRequests lockRequests;
  private final ClusterAdmin admin;
  private final RingClient ring;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final Map<Long, WardenSession> sessions = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private WardenClient(Builder builder) {
    this.requestTimeout = builder.requestTimeout;
    this.timer =
        new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("warden-client-timer", true));
    // Keepalive, lease and retry timers are cancelled and rescheduled constantly.
    this.timer.setRemoveOnCancelPolicy(true);
    this.completions =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new DefaultThreadFactory("warden-client-async", true));
    this.callbacks = Executors.newSingleThreadExecutor(callbackThread);
    int ioThreads = Math.min(2, Runtime.getRuntime().availableProcessors());
    this.keeper =
        new SessionKeeper(this::sendKeepAlive, timer, System::nanoTime, requestTimeout.toNanos());
    this.transport =
        new ClusterTransport(
            builder.endpoints,
            builder.connectTimeout,
            requestTimeout,
            timer,
            completions,
            ioThreads,
            keeper::liveSessionIds);
    this.lockRequests = new LockRequests(transport);
    this.admin = new ClusterAdmin(transport, requestTimeout, this::ensureOpen);
    this.ring = new RingClient(transport, callbacks, requestTimeout.toMillis());
    subscriptions.add(transport.subscribeEvents(keeper::onEvent));
    subscriptions.add(transport.subscribeEvents(this::routeLockGrant));
    subscriptions.add(
        transport.subscribeFailures(
            (request, error) -> {
              if (error instanceof UnknownSessionException) {
                SessionReferences.sessionIdOf(request)
                    .ifPresent(id -> keeper.onUnknownSession(id, error.getMessage()));
              }
            }));
  }

  /** A builder; at least one endpoint is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client with default settings for the comma-separated endpoints, e.g. {@code
   * "10.0.0.1:7001,10.0.0.2:7001"}. Connects lazily, on the first call.
   *
   * @throws IllegalArgumentException if an endpoint is not {@code host:port}
   */
  public static WardenClient connect(String endpointsCsv) {
    return builder().endpoints(endpointsCsv).build();
  }

  /**
   * Creates a session owned by {@code <user>@<hostname>:<pid>} and starts keeping it alive.
   *
   * @param ttl how long the cluster keeps the session without keepalives; the server decides the
   *     allowed range
   * @throws InvalidArgumentException if the cluster rejects the TTL
   * @throws WardenUnavailableException if the cluster cannot be reached within the request timeout
   */
  public WardenSession createSession(Duration ttl) {
    return createSession(ttl, DefaultOwner.label());
  }

  /**
   * Creates a session with an owner label (for people: host, process, application) and starts
   * keeping it alive.
   *
   * @throws InvalidArgumentException if the cluster rejects the TTL or the label
   * @throws WardenUnavailableException if the cluster cannot be reached within the request timeout
   */
  public WardenSession createSession(Duration ttl, String owner) {
    return Blocking.await(createSessionAsync(ttl, owner), "CreateSession");
  }

  /**
   * Asynchronous {@link #createSession(Duration, String)}; the future fails with the same
   * exceptions.
   *
   * @throws IllegalArgumentException at once if {@code ttl} is shorter than a millisecond
   */
  public CompletableFuture<WardenSession> createSessionAsync(Duration ttl, String owner) {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(owner, "owner");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("session TTL must be at least 1 ms, got " + ttl);
    }
    ensureOpen();
    ClientMessage request =
        ClientMessage.newBuilder()
            .setCreateSession(
                CreateSessionRequest.newBuilder().setTtlMillis(ttl.toMillis()).setOwner(owner))
            .build();
    return transport.callLeader(request).thenApply(reply -> adopt(reply, ttl, owner));
  }

  /**
   * Asks exactly {@code endpoint} for its status, never redirecting to the leader.
   *
   * @param endpoint {@code host:port} of that server's client endpoint
   * @throws IllegalArgumentException if {@code endpoint} is not {@code host:port}
   * @throws WardenUnavailableException if that server cannot be reached or does not answer
   */
  public ServerInfo serverStatus(String endpoint) {
    ensureOpen();
    ClientMessage request =
        ClientMessage.newBuilder().setGetServerStatus(GetServerStatus.getDefaultInstance()).build();
    Reply reply =
        Blocking.await(
            transport.callServer(Endpoint.parse(endpoint), request, deadline(requestTimeout)),
            "GetServerStatus from " + endpoint);
    return ProtoConversions.serverInfo(
        reply.expect(Response.BodyCase.SERVER_STATUS).getServerStatus());
  }

  /**
   * Lists the cluster's live sessions, as the leader knows them.
   *
   * @throws WardenUnavailableException if the cluster cannot be reached within the request timeout
   */
  public List<SessionInfo> listSessions() {
    ensureOpen();
    ClientMessage request =
        ClientMessage.newBuilder()
            .setListSessions(ListSessionsRequest.getDefaultInstance())
            .build();
    Reply reply = Blocking.await(transport.callLeader(request), "ListSessions");
    return ProtoConversions.sessionInfos(
        reply.expect(Response.BodyCase.LIST_SESSIONS).getListSessions());
  }

  /**
   * Describes lock {@code name}: its holders and its queue of waiters, as the leader knows them now
   * (a linearizable read).
   *
   * @return the lock, or empty if nobody holds or waits for it
   * @throws IllegalArgumentException if the name is empty, longer than 512 bytes of UTF-8 or not
   *     valid Unicode
   * @throws WardenUnavailableException if the cluster cannot be reached within the request timeout
   */
  public Optional<LockInfo> describeLock(String name) {
    ensureOpen();
    return Blocking.await(lockRequests.describe(name), "DescribeLock of \"" + name + "\"");
  }

  /**
   * Lists every lock that is held or has waiters, as the leader knows them now (a linearizable
   * read).
   *
   * @throws WardenUnavailableException if the cluster cannot be reached within the request timeout
   */
  public List<LockInfo> listLocks() {
    ensureOpen();
    return Blocking.await(lockRequests.list(), "ListLocks");
  }

  /**
   * The ring as this client sees it: the partition of a key and its owner, from a local copy of the
   * assignment table kept current by a watch (started on first use; this waits for the first
   * table), or asked of the leader. Data nodes join through {@link WardenSession#join}.
   *
   * @throws WardenUnavailableException if the first table does not arrive in time
   */
  public RingView ring() {
    ensureOpen();
    return ring.view();
  }

  /** The ring machinery, for sessions joining as data nodes. */
  RingClient ringClient() {
    return ring;
  }

  /**
   * Operations on the cluster for operators and tools: snapshot, leadership transfer, membership
   * changes, backup.
   */
  public ClusterAdmin admin() {
    return admin;
  }

  /**
   * Closes the sessions this client created (asking the cluster to close them, waiting about two
   * seconds at most), then its connections and threads. Requests still in flight fail with {@link
   * WardenUnavailableException}. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (WardenSession session : sessions.values()) {
      if (session.markClosed()) {
        closing.add(closeSession(session, deadline(CLOSE_GRACE)));
      }
    }
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
          .get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.debug(
          "Not every session was closed on the cluster in time; the rest expire after their TTL");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    subscriptions.forEach(Subscription::close);
    keeper.close();
    transport.close();
    timer.shutdownNow();
    callbacks.shutdown(); // listeners still hear of the sessions' EXPIRED
    completions.shutdown();
    if (!callbackThread.isCurrent()) { // a listener closing the client must not wait for itself
      awaitQuietly(callbacks);
    }
  }

  @Override
  public String toString() {
    return "WardenClient" + transport.endpoints();
  }

  /**
   * Closes {@code session}: local state first (keepalives stop, EXPIRED at once), then the cluster.
   * The future never fails; a cluster that cannot be reached is logged.
   */
  CompletableFuture<Void> closeSession(WardenSession session) {
    return closeSession(session, deadline(requestTimeout));
  }

  /** Stops tracking a session that has expired, so a long-lived client does not accumulate them. */
  void forget(WardenSession session) {
    sessions.remove(session.id(), session);
  }

  /** The transport the client's feature packages (locks, ring) send through. */
  ClusterTransport transport() {
    return transport;
  }

  private CompletableFuture<Void> closeSession(WardenSession session, long deadlineNanos) {
    long id = session.id();
    keeper.untrack(id);
    session.lease().expire("closed by the application", true);
    sessions.remove(id, session);
    ClientMessage request =
        ClientMessage.newBuilder()
            .setCloseSession(CloseSessionRequest.newBuilder().setSessionId(id))
            .build();
    CompletableFuture<Reply> call;
    try {
      call = transport.callLeader(request, deadlineNanos);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle(
        (reply, error) -> {
          Throwable cause =
              error instanceof CompletionException && error.getCause() != null
                  ? error.getCause()
                  : error;
          if (cause != null && !(cause instanceof UnknownSessionException)) {
            log.warn(
                "Could not close session {} on the cluster ({}); it expires there after its TTL"
                    + " of {} ms",
                id,
                cause.getMessage(),
                session.ttl().toMillis());
          }
          return null;
        });
  }

  private WardenSession adopt(Reply reply, Duration requestedTtl, String owner) {
    CreateSessionReply created = reply.expect(Response.BodyCase.CREATE_SESSION).getCreateSession();
    Duration ttl =
        created.getTtlMillis() > 0 ? Duration.ofMillis(created.getTtlMillis()) : requestedTtl;
    WardenSession session =
        new WardenSession(
            this,
            created.getSessionId(),
            ttl,
            owner,
            reply.sentNanos(),
            timer,
            callbacks,
            completions,
            lockRequests,
            requestTimeout);
    sessions.put(session.id(), session);
    keeper.track(session.lease(), reply.sentNanos());
    session.lease().start();
    if (closed.get()) {
      closeOrphan(session);
      throw new WardenUnavailableException(
          String.format(
              "the WardenClient was closed while session %d was being created; the session has"
                  + " been closed again",
              session.id()));
    }
    if (!session.isValid()) {
      // The reply took longer than the lease: it cannot be trusted even for a moment.
      closeOrphan(session);
      throw new WardenTimeoutException(
          ErrorCode.ERROR_CODE_UNSPECIFIED,
          String.format(
              "session %d was created, but the answer arrived after its %d ms lease had already"
                  + " run out locally, so it has been closed again; retry, or use a longer TTL if"
                  + " the cluster is this slow",
              session.id(), ttl.toMillis()),
          null);
    }
    log.debug("Created session {} (owner {}, ttl {} ms)", session.id(), owner, ttl.toMillis());
    return session;
  }

  private void closeOrphan(WardenSession session) {
    if (session.markClosed()) {
      closeSession(session, deadline(CLOSE_GRACE));
    }
  }

  /** Hands a pushed LockGranted to the session it is for; on the transport's event thread. */
  private void routeLockGrant(Event event) {
    if (event.hasLockGranted()) {
      WardenSession session = sessions.get(event.getLockGranted().getSessionId());
      if (session != null) {
        session.locks().onGranted(event.getLockGranted());
      } else {
        log.debug(
            "Ignoring a grant of lock \"{}\" to session {}, which this client does not have (any"
                + " more)",
            event.getLockGranted().getName(),
            event.getLockGranted().getSessionId());
      }
    }
  }

  private CompletableFuture<Reply> sendKeepAlive(List<Long> sessionIds, long deadlineNanos) {
    ClientMessage request =
        ClientMessage.newBuilder()
            .setKeepAlive(KeepAliveRequest.newBuilder().addAllSessionIds(sessionIds))
            .build();
    return transport.callLeader(request, deadlineNanos);
  }


  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this WardenClient is closed; create a new one");
    }
  }

  private static long deadline(Duration timeout) {
    return System.nanoTime() + timeout.toNanos();
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Creates the listener thread and remembers it, so {@link #close()} can tell it is running on it.
   */
  private static final class CallbackThread implements ThreadFactory {
    private final ThreadFactory delegate =
        new DefaultThreadFactory("warden-client-callbacks", true);
    private volatile Thread thread;

    @Override
    public Thread newThread(Runnable task) {
      Thread created = delegate.newThread(task);
      thread = created;
      return created;
    }

    boolean isCurrent() {
      return Thread.currentThread() == thread;
    }
  }

  /** Settings for a {@link WardenClient}. */
  public static final class Builder {
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private List<Endpoint> endpoints;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * The servers' client endpoints, each {@code host:port}. Any subset of the cluster will do: the
     * client follows the leader's address even if it is not listed.
     *
     * @throws IllegalArgumentException if an item is not {@code host:port} or the list is empty
     */
    public Builder endpoints(List<String> endpoints) {
      this.endpoints = Endpoint.parseAll(Objects.requireNonNull(endpoints, "endpoints"));
      return this;
    }

    /**
     * The servers' client endpoints as one comma-separated string, e.g. {@code
     * "10.0.0.1:7001,10.0.0.2:7001"}.
     *
     * @throws IllegalArgumentException if an item is not {@code host:port} or the list is empty
     */
    public Builder endpoints(String endpointsCsv) {
      this.endpoints = Endpoint.parseList(endpointsCsv);
      return this;
    }

    /**
     * The overall deadline of each call, retries included (default 10 s, at most 60 s). When it
     * passes, the call fails with {@link WardenTimeoutException}.
     *
     * <p>The cap exists because re-sent writes are deduplicated by the servers' call records, which
     * are dropped once a client has had no write applied for 2^22 log entries (more than a minute
     * below ~70,000 entries a second): a write still being retried after that could apply twice.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      positive(requestTimeout, "requestTimeout");
      if (requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "requestTimeout must be at most "
                + MAX_REQUEST_TIMEOUT.toSeconds()
                + " s (how long servers remember a request to apply its retries once), got "
                + requestTimeout);
      }
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * The bound on one TCP connect, and again on the server's answer to the connection's first
     * message (default 2 s). A connection on which a request has waited this long without receiving
     * anything is presumed dead and the request is re-sent elsewhere.
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Creates the client. It connects lazily, so this does not fail when the cluster is down.
     *
     * @throws IllegalStateException if no endpoint was given
     */
    public WardenClient build() {
      if (endpoints == null) {
        throw new IllegalStateException(
            "no Warden endpoints given: call endpoints(\"host:port,...\") before build()");
      }
      return new WardenClient(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero() || value.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms, got " + value);
      }
      return value;
    }
  }
}
