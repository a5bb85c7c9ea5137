package io.warden.server.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.warden.protocol.command.Command;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Dropwizard registry of one server, and the one place that names Warden's metrics (the
 * README's list follows this class). Names are dotted; Prometheus shows the dots as
 * underscores, JMX as they are. Durations are timers named {@code *.seconds}.
 *
 * <p>Counters count on every server from what that server applied, so all replicas agree;
 * lease renewals, confirmation rounds, handoff latency, connections and pushes are the
 * business of the server that does them (the leader, or the one holding the connection).
 */
public final class WardenMetrics {
  /** Samples a timer's quantiles are computed over. */
  static final int TIMER_WINDOW = 1024;

  private final MetricRegistry registry = new MetricRegistry();
  private final Map<Command.BodyCase, Timer> applyTimers = new EnumMap<>(Command.BodyCase.class);

  // Not "created": Prometheus reserves a _created suffix (a counter's creation time) and drops it.
  final Counter sessionsOpened = registry.counter("warden.sessions.opened");
  final Counter sessionsClosed = registry.counter("warden.sessions.closed");
  final Counter sessionsExpired = registry.counter("warden.sessions.expired");
  final Counter lockGrants = registry.counter("warden.locks.grants");
  final Counter lockReleases = registry.counter("warden.locks.releases");
  final Timer snapshots = timer("warden.snapshots.seconds");
  private final Timer lockHandoff = timer("warden.locks.handoff.seconds");

  public WardenMetrics() {
    // Registered up front, so every type shows (at zero) before its first entry.
    for (Command.BodyCase type : Command.BodyCase.values()) {
      applyTimers.put(type, timer("warden.command." + typeName(type) + ".apply.seconds"));
    }
  }

  private Timer timer(String name) {
    return registry.timer(name, WardenMetrics::newTimer);
  }

  /**
   * A timer whose quantiles are those of its last {@value #TIMER_WINDOW} samples. Dropwizard's
   * default reservoir, and its lock-free variant too, insert every sample into a
   * {@code ConcurrentSkipListMap}: the apply timers, updated for every entry on every server, took
   * 3.5 % of a follower's CPU samples in the uncontended benchmark, and Ratis's timers on the same
   * reservoir 5–7 % ({@link RatisRegistries}). A sliding window is an array store.
   */
  static Timer newTimer() {
    return new Timer(new SlidingWindowReservoir(TIMER_WINDOW));
  }

  private static String typeName(Command.BodyCase type) {
    return type == Command.BodyCase.BODY_NOT_SET ? "undecodable" : type.name().toLowerCase(Locale.ROOT);
  }

  public MetricRegistry registry() {
    return registry;
  }

  /** The apply-latency timer of one command type (its count is the number applied). */
  Timer applyTimer(Command.BodyCase type) {
    return applyTimers.get(type);
  }

  /** Handoff latency, see {@link io.warden.server.lock.HandoffLatency}. */
  public Timer lockHandoff() {
    return lockHandoff;
  }

  /** Gauges over the state this server's store holds. */
  public void registerStateGauges(StateCounts counts) {
    gauge("warden.sessions.live", () -> counts.current().sessions());
    gauge("warden.locks.held", () -> counts.current().locksHeld());
    gauge("warden.locks.waiters", () -> counts.current().waiters());
    gauge("warden.store.bytes", () -> counts.current().storeBytes());
  }

  /**
   * The leader's lease work.
   *
   * @param renewals           sessions renewed by confirmed keepalives, in total
   * @param confirmationRounds majority-confirmation rounds (marker entries) proposed, in total
   */
  public void registerLeaseCounters(LongSupplier renewals, LongSupplier confirmationRounds) {
    registry.register("warden.leases.renewed", new SuppliedCounter(renewals));
    registry.register("warden.leader.confirmations", new SuppliedCounter(confirmationRounds));
  }

  /**
   * The client endpoint.
   *
   * @param connections  client connections open now
   * @param pushedEvents events pushed to clients, in total
   */
  public void registerClientMetrics(IntSupplier connections, LongSupplier pushedEvents) {
    gauge("warden.clients.connections", connections::getAsInt);
    registry.register("warden.events.pushed", new SuppliedCounter(pushedEvents));
  }

  private void gauge(String name, Supplier<Number> value) {
    registry.register(name, (Gauge<Number>) value::get);
  }

  /**
   * A monotonic count a component keeps itself, published as a Dropwizard counter (so that
   * Prometheus sees a counter, not a gauge) without a second copy of the number.
   */
  private static final class SuppliedCounter extends Counter {
    private final LongSupplier count;

    SuppliedCounter(LongSupplier count) {
      this.count = count;
    }

    @Override
    public long getCount() {
      return count.getAsLong();
    }

    @Override
    public void inc(long n) {
      throw new UnsupportedOperationException("read-only: the component counts itself");
    }

    @Override
    public void dec(long n) {
      throw new UnsupportedOperationException("read-only: the component counts itself");
    }
  }
}
