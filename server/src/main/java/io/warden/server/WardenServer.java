package io.warden.server;

import io.warden.server.admin.AdminEndpoint;
import io.warden.server.admin.HealthCheck;
import io.warden.server.admin.StatusReport;
import io.warden.server.backup.BackupRequests;
import io.warden.server.backup.PinnedBackups;
import io.warden.server.config.ConfigException;
import io.warden.server.config.DataDirectory;
import io.warden.server.config.HostPort;
import io.warden.server.config.ServerConfig;
import io.warden.server.lease.LeadershipConfirmer;
import io.warden.server.lease.LeaseKeeper;
import io.warden.server.lock.HandoffLatency;
import io.warden.server.lock.HandoffLog;
import io.warden.server.lock.LockDelayKeeper;
import io.warden.server.lock.LockRequests;
import io.warden.server.metrics.AppliedCommandMetrics;
import io.warden.server.metrics.JmxPublisher;
import io.warden.server.metrics.PrometheusExposition;
import io.warden.server.metrics.RatisMetricsBridge;
import io.warden.server.metrics.StateCounts;
import io.warden.server.metrics.WardenMetrics;
import io.warden.server.operations.MembershipRecorder;
import io.warden.server.operations.OperationRequests;
import io.warden.server.raft.RaftNode;
import io.warden.server.rpc.ClientEndpoint;
import io.warden.server.rpc.ConnectionRegistry;
import io.warden.server.rpc.EventPusher;
import io.warden.server.rpc.RequestDispatcher;
import io.warden.server.ring.PartitionCountCheck;
import io.warden.server.ring.RingPusher;
import io.warden.server.ring.RingRequests;
import io.warden.server.ring.RingResume;
import io.warden.server.session.SessionRequests;
import io.warden.server.session.SessionResume;
import io.warden.statemachine.ratis.StateMachineListener;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.store.StoreException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Warden server: the state machine, its Raft member, the leader's lease keeper, the client
 * endpoint and the admin endpoint, started in that order and closed in reverse.
 */
public final class WardenServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WardenServer.class);

  private final ServerConfig config;
  private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
  private WardenStateMachine stateMachine;
  private RaftNode raft;
  private LeaseKeeper leases;
  private LeadershipConfirmer confirmer;
  private ConnectionRegistry connections;
  private ClientEndpoint endpoint;
  private WardenMetrics metrics;
  private AdminEndpoint admin;
  private volatile boolean closed;

  private WardenServer(ServerConfig config) {
    this.config = config;
  }

  /**
   * Starts a server.
   *
   * @throws ConfigException if the configuration or the machine does not allow it (port in use,
   *                         unwritable or foreign data directory, newer store schema)
   */
  public static WardenServer start(ServerConfig config) throws ConfigException {
    WardenServer server = new WardenServer(config);
    try {
      server.startComponents();
      return server;
    } catch (ConfigException | RuntimeException | IOException e) {
      server.close();
      if (e instanceof ConfigException ce) {
        throw ce;
      }
      throw new ConfigException(describe(e), e);
    }
  }

  private void startComponents() throws ConfigException, IOException {
    checkPortFree("raft", config.self().raft());
    checkPortFree("client", config.self().client());
    checkPortFree("admin", config.self().admin());
    DataDirectory data = DataDirectory.prepare(config);

    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("warden-timer-" + config.nodeId()));
    closeOrder.push(scheduler::shutdownNow);

    metrics = new WardenMetrics();
    stateMachine = new WardenStateMachine(data.store());
    raft = new RaftNode(config, data.raft(), stateMachine);
    closeOrder.push(raft);

    confirmer = new LeadershipConfirmer(raft, scheduler, config.markerInterval(), config.readLease());
    leases = new LeaseKeeper(raft, stateMachine, scheduler, config.expiryCheckInterval());
    closeOrder.push(leases);
    connections = new ConnectionRegistry();
    HandoffLatency handoffs = new HandoffLatency(nanos -> metrics.lockHandoff().update(nanos, TimeUnit.NANOSECONDS));
    stateMachine.addListener(leases);
    stateMachine.addListener(new EventPusher(connections));
    RingPusher ringPusher = new RingPusher(stateMachine, connections);
    stateMachine.addListener(ringPusher);
    stateMachine.addListener(new LockDelayKeeper(raft, stateMachine, scheduler));
    stateMachine.addListener(new RoleLogger(config.nodeId()));
    stateMachine.addListener(handoffs);
    stateMachine.addListener(new HandoffLog());
    stateMachine.addListener(new AppliedCommandMetrics(metrics));
    stateMachine.addListener(new MembershipRecorder(data, config.nodeId()));
    BackupRequests backups = new BackupRequests(config, raft,
        new PinnedBackups(data.backups(), Duration.ofMinutes(10), System::nanoTime), scheduler);
    closeOrder.push(backups);
    raft.start();
    // The store is open once Raft has started; refuse before serving a single client.
    PartitionCountCheck.check(stateMachine, config.ring());

    SessionRequests sessions = new SessionRequests(config, raft, stateMachine, leases, confirmer, connections);
    LockRequests locks = new LockRequests(raft, stateMachine, confirmer, connections, handoffs);
    // Both resumes also act when this server becomes ready leader (for sessions bound before).
    SessionResume resume = new SessionResume(raft, stateMachine, connections);
    stateMachine.addListener(resume);
    RingResume ringResume = new RingResume(raft, stateMachine, connections, confirmer);
    stateMachine.addListener(ringResume);
    RequestDispatcher dispatcher = new RequestDispatcher(config.nodeId(), raft, sessions, resume, locks,
        new OperationRequests(raft, confirmer), backups,
        new RingRequests(raft, stateMachine, confirmer, connections, ringPusher, ringResume, config.ring()));
    endpoint = ClientEndpoint.bind(config.self().client().toSocketAddress(), config.nodeId(), dispatcher, connections);
    closeOrder.push(endpoint);

    StateCounts counts = new StateCounts(stateMachine, Duration.ofSeconds(1));
    metrics.registerStateGauges(counts);
    metrics.registerLeaseCounters(leases::renewals, confirmer::markersProposed);
    metrics.registerClientMetrics(endpoint::connectionCount, connections::pushedEvents);
    closeOrder.push(new JmxPublisher(metrics, config.nodeId()));
    admin = AdminEndpoint.bind(config.self().admin().toSocketAddress(), config.nodeId(),
        new HealthCheck(raft, config.nodeId(), config.electionTimeoutMax().multipliedBy(3)),
        new StatusReport(raft, counts),
        new PrometheusExposition(metrics, new RatisMetricsBridge(config.nodeId())));
    closeOrder.push(admin);
    LOG.info("Warden server {} started: raft {}, clients {}, admin {}, data {}", config.nodeId(), config.self().raft(),
        endpoint.address(), admin.address(), data.root());
  }

  /** Fails fast with a clear line instead of a Ratis or Netty stack trace deep in start-up. */
  private static void checkPortFree(String what, HostPort address) throws ConfigException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address.host(), address.port()));
    } catch (IOException e) {
      throw new ConfigException(what + " address " + address + " cannot be bound (" + e.getMessage()
          + "): is another server running, or is the port taken?");
    }
  }

  private static String describe(Exception e) {
    if (e instanceof StoreException) {
      return e.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "cannot start: " + e.getMessage() + (root != e ? " (" + root + ")" : "");
  }

  public String id() {
    return config.nodeId();
  }

  public ServerConfig config() {
    return config;
  }

  public InetSocketAddress clientAddress() {
    return endpoint.address();
  }

  /** Where the admin endpoint (/health, /status, /metrics) listens. */
  public InetSocketAddress adminAddress() {
    return admin.address();
  }

  public RaftNode raft() {
    return raft;
  }

  public WardenStateMachine stateMachine() {
    return stateMachine;
  }

  public LeaseKeeper leases() {
    return leases;
  }

  public LeadershipConfirmer confirmer() {
    return confirmer;
  }

  public boolean isLeader() {
    return raft != null && raft.isLeader();
  }

  /** Closes the admin and client endpoints, the lease keeper and Raft (which closes the store). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!closeOrder.isEmpty()) {
      try {
        closeOrder.pop().close();
      } catch (Exception e) {
        LOG.warn("Error while stopping server {}", config.nodeId(), e);
      }
    }
    LOG.info("Warden server {} stopped", config.nodeId());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong counter = new AtomicLong();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** One INFO line per leadership change, nothing per request. */
  private static final class RoleLogger implements StateMachineListener {
    private final String nodeId;
    private volatile String leader;

    RoleLogger(String nodeId) {
      this.nodeId = nodeId;
    }

    @Override
    public void onLeaderChanged(String leaderId) {
      if (!leaderId.equals(leader)) {
        leader = leaderId;
        LOG.info("{}: leader is now {}", nodeId, leaderId);
      }
    }
  }
}
