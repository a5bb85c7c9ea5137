package io.warden.client.transport;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.warden.client.InvalidArgumentException;
import io.warden.client.WardenException;
import io.warden.client.WardenUnavailableException;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.Hello;
import io.warden.protocol.client.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's connections to a Warden cluster, and the one way requests travel over them.
 *
 * <p><b>Internal API.</b> Public so that the client's feature packages (sessions, locks, ring) can
 * use it; applications should use {@link io.warden.client.WardenClient} instead. It may change in
 * any release.
 *
 * <p>What it guarantees:
 *
 * <ul>
 *   <li>Every request gets a fresh id from one counter that is never reset, and keeps that id
 *       across every re-send, so the servers' call records apply a write at most once. Every
 *       request also carries the lowest id still unanswered, below which servers may forget.
 *   <li>{@link #callLeader} finds the leader and follows it: NOT_LEADER goes to the hinted server
 *       (also one not among the configured endpoints), NO_LEADER and UNKNOWN_OUTCOME are retried
 *       after a backoff, a lost connection re-sends on the next server, until an answer is final or
 *       the deadline passes ({@link io.warden.client.WardenTimeoutException}).
 *   <li>Final server errors fail the future with the matching {@link WardenException} subclass; a
 *       successful future never holds an error response.
 *   <li>Futures complete on the completion executor, never on a Netty event loop.
 *   <li>Pushed {@link Event}s from every connection reach {@linkplain #subscribeEvents subscribers}
 *       in arrival order. The Hello of every new connection carries the highest event index seen
 *       ({@code resume_index}) and the client's live sessions ({@code session_ids}), so the server
 *       routes those sessions' events to the new connection and re-sends what they missed while the
 *       client was reconnecting (a lock granted, a session expired).
 * </ul>
 */
public final class ClusterTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterTransport.class);

  /** The protocol version this client speaks (client.proto). */
  public static final int PROTOCOL_VERSION = 1;

  private static final int CLIENT_ID_BYTES = 16;

  private final List<Endpoint> endpoints;
  private final long requestTimeoutNanos;
  private final ScheduledExecutorService timer;
  private final Executor completions;
  private final ByteString clientId;
  private final RequestIds requestIds = new RequestIds();
  /**
   * Ids of requests without a final answer yet; the lowest goes out with every request, so servers
   * can forget the answers to lower ones (UnansweredIds).
   */
  private final UnansweredIds unanswered = new UnansweredIds();
  private final AtomicLong highestEventIndex = new AtomicLong();
  private final ConcurrentHashMap<Long, Call> calls = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Runnable> connectionLossSubscribers = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<Event>> eventSubscribers =
      new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<BiConsumer<ClientMessage, WardenException>>
      failureSubscribers = new CopyOnWriteArrayList<>();
  private final EventLoopGroup eventLoops;
  private final LeaderTracker leaders;
  private final ConnectionPool connections;
  private final CallContext callContext;
  private final Supplier<List<Long>> liveSessionIds;
  private volatile boolean closed;

  /**
   * Creates the transport; it connects lazily, on the first request.
   *
   * @param endpoints the configured servers' client endpoints (at least one)
   * @param connectTimeout bound on a TCP connect, and separately on the Hello answer after it; also
   *     how long a request may wait on a connection that delivers nothing before it is dropped
   * @param requestTimeout the default overall deadline of a request
   * @param timer a single-threaded scheduler the transport may use for retries and event delivery
   * @param completions where futures are completed; must not be an event loop
   * @param ioThreads Netty event loop threads (1 or 2 are plenty)
   * @param liveSessionIds the client's live sessions, named in the Hello of every new connection;
   *     called on any thread, so it must be quick and must not call back into the transport
   */
  public ClusterTransport(
      List<Endpoint> endpoints,
      Duration connectTimeout,
      Duration requestTimeout,
      ScheduledExecutorService timer,
      Executor completions,
      int ioThreads,
      Supplier<List<Long>> liveSessionIds) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint is required");
    }
    this.endpoints = List.copyOf(endpoints);
    this.requestTimeoutNanos = requestTimeout.toNanos();
    this.timer = Objects.requireNonNull(timer, "timer");
    this.completions = Objects.requireNonNull(completions, "completions");
    this.liveSessionIds = Objects.requireNonNull(liveSessionIds, "liveSessionIds");
    byte[] id = new byte[CLIENT_ID_BYTES];
    new SecureRandom().nextBytes(id);
    this.clientId = ByteString.copyFrom(id);
    this.eventLoops =
        new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("warden-client-io", true));
    long connectNanos = connectTimeout.toNanos();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(eventLoops)
            .channel(NioSocketChannel.class)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true);
    this.leaders = new LeaderTracker(this.endpoints);
    this.connections =
        new ConnectionPool(
            bootstrap,
            completions,
            this::newHello,
            connectNanos,
            new Inbound(),
            leaders::observeHello);
    this.callContext = new Context(connectNanos);
  }

  /**
   * Sends {@code request} to the leader with the default deadline ({@code requestTimeout}).
   *
   * @param request any request body; its {@code request_id} is ignored and replaced by a fresh one
   */
  public CompletableFuture<Reply> callLeader(ClientMessage request) {
    return callLeader(request, System.nanoTime() + requestTimeoutNanos);
  }

  /**
   * Sends {@code request} to the leader, following it until a final answer or {@code deadlineNanos}
   * ({@link System#nanoTime()} scale).
   *
   * @param request any request body; its {@code request_id} is ignored and replaced by a fresh one
   */
  public CompletableFuture<Reply> callLeader(ClientMessage request, long deadlineNanos) {
    return submit(request, null, deadlineNanos);
  }

  /**
   * Sends {@code request} to exactly {@code server}, never redirecting. Fails with {@link
   * WardenUnavailableException} at once if the server cannot be reached or the connection is lost
   * before it answers; transient answers (NO_LEADER, NOT_LEADER, UNKNOWN_OUTCOME) fail the same
   * way. For requests any server answers, such as {@code GetServerStatus}.
   */
  public CompletableFuture<Reply> callServer(
      Endpoint server, ClientMessage request, long deadlineNanos) {
    return submit(request, Objects.requireNonNull(server, "server"), deadlineNanos);
  }

  /**
   * Delivers every pushed {@link Event}, from any connection, to {@code subscriber}. Deliveries run
   * one at a time on the transport's timer thread in arrival order; a subscriber must return
   * quickly and must not block (complete user futures through {@link #completionExecutor()}). An
   * event can be delivered twice (the server re-sends state after a reconnect), so handling must be
   * idempotent.
   */
  public Subscription subscribeEvents(Consumer<Event> subscriber) {
    eventSubscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    return () -> eventSubscribers.remove(subscriber);
  }

  /**
   * Tells {@code subscriber} of every request that failed (a final server error, a timeout, ...),
   * just before the caller's future fails. Lets the client react to an error whatever feature sent
   * the request: an {@link io.warden.client.UnknownSessionException} marks that session expired.
   * Runs on the completion executor.
   */
  public Subscription subscribeFailures(BiConsumer<ClientMessage, WardenException> subscriber) {
    failureSubscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    return () -> failureSubscribers.remove(subscriber);
  }

  /**
   * Tells {@code subscriber} whenever a connection to a server closes, so a feature that asked a
   * server to push to that connection (a ring watch) can ask again. Runs on the completion executor.
   */
  public Subscription subscribeConnectionLoss(Runnable subscriber) {
    connectionLossSubscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    return () -> connectionLossSubscribers.remove(subscriber);
  }

  /** The highest {@code Event.index} received so far; sent in Hello after a reconnect. */
  public long highestEventIndex() {
    return highestEventIndex.get();
  }

  /** The executor futures complete on; safe for user callbacks. */
  public Executor completionExecutor() {
    return completions;
  }

  /** The configured endpoints. */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** The default request deadline, in nanoseconds. */
  public long requestTimeoutNanos() {
    return requestTimeoutNanos;
  }

  /**
   * Fails every request in flight with {@link WardenUnavailableException}, closes every connection
   * and stops the event loops. Idempotent. Does not shut down the executors it was given.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    WardenUnavailableException closing =
        new WardenUnavailableException(
            "the Warden client was closed before the request was answered");
    for (Call call : calls.values()) {
      call.abort(closing);
    }
    connections.closeAll();
    var termination = eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    boolean onEventLoop = false;
    for (EventExecutor loop : eventLoops) {
      onEventLoop |= loop.inEventLoop();
    }
    if (!onEventLoop) { // waiting on an event loop for itself to stop would only time out
      termination.awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }

  private CompletableFuture<Reply> submit(
      ClientMessage request, Endpoint server, long deadlineNanos) {
    Objects.requireNonNull(request, "request");
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this WardenClient is closed; create a new one"));
    }
    if (request.getBodyCase() == ClientMessage.BodyCase.BODY_NOT_SET) {
      throw new IllegalArgumentException("the request has no body");
    }
    long id = unanswered.open(requestIds);
    ClientMessage message = request.toBuilder().setRequestId(id).setFirstUnansweredId(unanswered.lowest()).build();
    if (message.getSerializedSize() > FrameCodec.MAX_MESSAGE_BYTES) {
      return CompletableFuture.failedFuture(
          new InvalidArgumentException(
              String.format(
                  "the %s request is %d bytes, more than the %d-byte frame limit",
                  message.getBodyCase(),
                  message.getSerializedSize(),
                  FrameCodec.MAX_MESSAGE_BYTES)));
    }
    Call call = new Call(callContext, message, server, deadlineNanos);
    calls.put(call.id(), call);
    call.start();
    if (closed) { // closed while we registered: make sure nobody waits for an answer
      call.abort(new WardenUnavailableException("the Warden client was closed"));
    }
    return call.result();
  }

  private ClientMessage newHello() {
    return ClientMessage.newBuilder()
        .setRequestId(requestIds.next())
        .setHello(
            Hello.newBuilder()
                .setProtocolVersion(PROTOCOL_VERSION)
                .setClientId(clientId)
                .setResumeIndex(highestEventIndex.get())
                .addAllSessionIds(liveSessionIds.get()))
        .build();
  }

  /** Routes what connections receive; runs on event loops. */
  private final class Inbound implements Connection.Listener {
    @Override
    public void onResponse(Connection connection, Response response) {
      Call call = calls.get(response.getRequestId());
      if (call != null) {
        call.onResponse(connection, response);
      } else if (response.getRequestId() == 0 && response.hasError()) {
        log.warn(
            "{} could not attribute an error to a request: {} {}",
            connection.endpoint(),
            response.getError().getCode(),
            response.getError().getMessage());
      } else {
        log.debug(
            "Ignoring a response to request {} from {}: already answered",
            response.getRequestId(),
            connection.endpoint());
      }
    }

    @Override
    public void onEvent(Connection connection, Event event) {
      highestEventIndex.accumulateAndGet(event.getIndex(), Math::max);
      try {
        timer.execute(() -> deliver(event));
      } catch (RejectedExecutionException e) {
        log.debug("Dropping event {}: client closed", event.getIndex());
      }
    }

    @Override
    public void onClosed(Connection connection) {
      log.debug("Connection to {} closed", connection.endpoint());
      connections.forget(connection);
      for (Call call : calls.values()) {
        call.onConnectionLost(connection, null);
      }
      for (Runnable subscriber : connectionLossSubscribers) {
        try {
          completions.execute(subscriber);
        } catch (RejectedExecutionException e) {
          log.debug("Not reporting a connection loss: client closed");
        }
      }
    }

    private void deliver(Event event) {
      for (Consumer<Event> subscriber : eventSubscribers) {
        try {
          subscriber.accept(event);
        } catch (RuntimeException e) {
          log.warn("Event subscriber {} failed on event {}", subscriber, event.getIndex(), e);
        }
      }
    }
  }

  /** The transport as its calls see it. */
  private final class Context implements CallContext {
    private final long stallTimeoutNanos;

    Context(long stallTimeoutNanos) {
      this.stallTimeoutNanos = stallTimeoutNanos;
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public ScheduledExecutorService timer() {
      return timer;
    }

    @Override
    public LeaderTracker leaders() {
      return leaders;
    }

    @Override
    public ConnectionPool connections() {
      return connections;
    }

    @Override
    public long stallTimeoutNanos() {
      return stallTimeoutNanos;
    }

    @Override
    public int endpointCount() {
      return endpoints.size();
    }

    @Override
    public String describeEndpoints() {
      return endpoints.stream().map(Endpoint::toString).collect(Collectors.joining(","));
    }

    @Override
    public void complete(Runnable completion) {
      try {
        completions.execute(completion);
      } catch (RejectedExecutionException e) {
        completion.run(); // shutting down: completing here beats leaving a caller waiting forever
      }
    }

    @Override
    public void onFailure(Call call, WardenException error) {
      for (BiConsumer<ClientMessage, WardenException> subscriber : failureSubscribers) {
        try {
          subscriber.accept(call.message(), error);
        } catch (RuntimeException e) {
          log.warn("Failure subscriber {} failed", subscriber, e);
        }
      }
    }

    @Override
    public void forget(Call call) {
      calls.remove(call.id(), call);
      unanswered.close(call.id(), call.answered(), timer);
    }
  }
}
