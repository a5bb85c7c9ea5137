package io.warden.server.lock;

import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.ratis.StateMachineListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line, on the leader, when a lock passes to a waiter because its holder's session
 * expired: that is a holder that stopped keeping its session alive (a crash, a pause, a
 * partition) and someone else taking over, which an operator wants to see. Handoffs that
 * clients cause by releasing or closing are ordinary traffic and logged at DEBUG only.
 */
public final class HandoffLog implements StateMachineListener {
  private static final Logger LOG = LoggerFactory.getLogger(HandoffLog.class);

  private volatile boolean leading;

  @Override
  public void onLeaderReady(long term) {
    leading = true;
  }

  @Override
  public void onNotLeader() {
    leading = false;
  }

  @Override
  public void onApplied(long index, List<ApplyEvent> events) {
    if (!leading || events.isEmpty()) {
      return;
    }
    ApplyEvent.SessionRemoved expired = events.stream()
        .filter(e -> e instanceof ApplyEvent.SessionRemoved removed && removed.reason() == ApplyEvent.RemovalReason.EXPIRED)
        .map(ApplyEvent.SessionRemoved.class::cast)
        .findFirst().orElse(null);
    for (ApplyEvent event : events) {
      if (event instanceof ApplyEvent.LockGranted granted) {
        if (expired != null) {
          LOG.info("Lock {} handed to session {} with token {}: session {} expired", granted.name(),
              granted.sessionId(), granted.token(), expired.sessionId());
        } else {
          LOG.debug("Lock {} handed to session {} with token {}", granted.name(), granted.sessionId(), granted.token());
        }
      }
    }
  }
}
