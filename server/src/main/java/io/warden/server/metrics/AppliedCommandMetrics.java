package io.warden.server.metrics;

import io.warden.protocol.client.AcquireOutcome;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.command.Command;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.ratis.StateMachineListener;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Feeds {@link WardenMetrics} from what this server applies: per-type apply latency, sessions
 * created, closed and expired, lock grants and releases, snapshots. Runs on the apply thread, so
 * it only bumps counters.
 */
public final class AppliedCommandMetrics implements StateMachineListener {
  private final WardenMetrics metrics;

  public AppliedCommandMetrics(WardenMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void onCommandApplied(long index, Command.BodyCase type, CommandResult result, long applyNanos) {
    metrics.applyTimer(type).update(applyNanos, TimeUnit.NANOSECONDS);
    if (type == Command.BodyCase.ACQUIRE && result.hasAcquire()
        && result.getAcquire().getOutcome() == AcquireOutcome.GRANTED && result.getAcquire().getToken() == index) {
      // Granted by this very entry (a grant's token is the index that granted it); a retried
      // acquire answered with an earlier grant carries that grant's older token.
      metrics.lockGrants.inc();
    } else if (type == Command.BodyCase.RELEASE && result.hasRelease()) {
      metrics.lockReleases.inc();
    }
  }

  @Override
  public void onApplied(long index, List<ApplyEvent> events) {
    for (ApplyEvent event : events) {
      if (event instanceof ApplyEvent.SessionCreated) {
        metrics.sessionsOpened.inc();
      } else if (event instanceof ApplyEvent.SessionRemoved removed) {
        (removed.reason() == ApplyEvent.RemovalReason.EXPIRED ? metrics.sessionsExpired : metrics.sessionsClosed).inc();
      } else if (event instanceof ApplyEvent.LockGranted) {
        // A waiter's grant: after a release, a cancel, a session's end or a lock-delay.
        metrics.lockGrants.inc();
      }
    }
  }

  @Override
  public void onSnapshotTaken(long index, long durationNanos) {
    metrics.snapshots.update(durationNanos, TimeUnit.NANOSECONDS);
  }
}
