package io.warden.chaos.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks that locks and partitions share, over the grants of one lock or one partition: no two
 * validity intervals overlap, tokens strictly increase in the order the grants began, and one
 * token belongs to one session.
 */
final class IntervalChecks {
  private final Times times;
  private final List<Anomaly> anomalies;

  IntervalChecks(Times times, List<Anomaly> anomalies) {
    this.times = times;
    this.anomalies = anomalies;
  }

  /** All three checks over the grants of one lock or partition. */
  void run(List<Grant> grants) {
    mutualExclusion(grants);
    tokenOrder(grants);
    duplicateTokens(grants);
  }

  /** No two validity intervals overlap, unless they are the same grant re-granted. */
  private void mutualExclusion(List<Grant> grants) {
    List<Grant> open = new ArrayList<>();
    for (Grant g : live(grants)) {
      open.removeIf(o -> o.end() - g.okT <= 0);
      for (Grant o : open) {
        if (!o.sameGrant(g)) {
          anomalies.add(g.anomaly("overlap", String.format(
              "two holders at once: %s and %s overlap for %s", o.describe(times), g.describe(times),
              Times.ms(Math.min(o.end(), g.end()) - g.okT))));
        }
      }
      open.add(g);
    }
  }

  /** Tokens strictly increase in the order the grants began (a re-grant of a held lock repeats). */
  private void tokenOrder(List<Grant> grants) {
    List<Grant> live = live(grants);
    for (int i = 1; i < live.size(); i++) {
      Grant a = live.get(i - 1);
      Grant b = live.get(i);
      if (b.token > a.token) {
        continue;
      }
      if (a.sameGrant(b)) {
        if ("ok".equals(a.releaseOutcome)) {
          anomalies.add(b.anomaly("token-order", String.format(
              "token %d granted again to session %d after its release was acknowledged: %s, then %s",
              b.token, b.session, a.describe(times), b.describe(times))));
        }
        continue;
      }
      anomalies.add(b.anomaly("token-order", String.format(
          "tokens must increase in grant order: %s was followed by %s", a.describe(times),
          b.describe(times))));
    }
  }

  /** One token belongs to one session: a token is the log index of its grant. */
  private void duplicateTokens(List<Grant> grants) {
    Map<Long, Grant> byToken = new HashMap<>();
    for (Grant g : grants) {
      Grant other = byToken.putIfAbsent(g.token, g);
      if (other != null && other.session != g.session) {
        anomalies.add(g.anomaly("duplicate-token", String.format(
            "token %d granted to two sessions: %s and %s", g.token, other.describe(times),
            g.describe(times))));
      }
    }
  }

  /** The grants with a validity interval, in the order they began. */
  private static List<Grant> live(List<Grant> grants) {
    return grants.stream().filter(Grant::hasInterval)
        .sorted(Comparator.comparingLong((Grant g) -> g.okT)).toList();
  }
}
