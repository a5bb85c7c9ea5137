package io.warden.chaos.nemesis;

import java.util.Locale;

/** The kinds of fault, as named on the command line and counted in the result. */
public enum FaultKind {
  /** iptables DROP between hosts: majority/minority, leader isolated, bridge, one-way, client. */
  PARTITION,
  /** SIGKILL of a server, then a restart with the same data. */
  KILL,
  /** SIGSTOP, then SIGCONT, of a server or of a client holding a lock. */
  PAUSE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
