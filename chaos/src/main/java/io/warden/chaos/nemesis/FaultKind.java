package io.warden.chaos.nemesis;

import java.util.Locale;

/** The kinds of fault, as named on the command line and counted in the result. */
public enum FaultKind {
  /** iptables DROP between hosts: majority/minority, leader isolated, bridge, one-way, client. */
  PARTITION,
  /** SIGKILL of a server, then a restart with the same data. */
  KILL,
  /** SIGSTOP, then SIGCONT, of a server, of a client holding a lock, or of a data node. */
  PAUSE,
  /**
   * A slow link (tbf rate limit) or a lossy one (iptables random drop) at a server. Named for
   * {@code tc netem}, which this kernel lacks: no fixed delay, no reordering.
   */
  NETEM;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
