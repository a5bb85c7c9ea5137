package io.warden.server.config;

import io.warden.protocol.command.RingConfig;
import io.warden.statemachine.ring.Placer;
import java.util.Properties;

/**
 * The ring's fixed parameters (DESIGN §7), from {@code warden.ring.partitions} (P, default
 * {@value Placer#DEFAULT_PARTITIONS}), {@code warden.ring.epsilon} (ε, default 0.1) and
 * {@code warden.ring.replicas} (R, default {@value Placer#DEFAULT_REPLICAS}).
 *
 * <p>The leader carries them in every Join; the first Join applied stores them in the replicated
 * state, and every entry after uses the stored values, so all replicas place alike. P can never
 * change afterwards: a server configured with another P refuses to start.
 */
public record RingSettings(int partitions, double epsilon, int replicas) {
  public static final RingSettings DEFAULTS =
      new RingSettings(Placer.DEFAULT_PARTITIONS, Placer.DEFAULT_EPSILON, Placer.DEFAULT_REPLICAS);

  /** The largest P a cluster can be created with. */
  public static final int MAX_PARTITIONS = 1 << 16;

  public RingConfig toProto() {
    return RingConfig.newBuilder().setPartitions(partitions).setEpsilon(epsilon).setReplicas(replicas).build();
  }

  static RingSettings fromProperties(Properties p) throws ConfigException {
    int partitions = (int) integer(p, "warden.ring.partitions", DEFAULTS.partitions, 1, MAX_PARTITIONS);
    int replicas = (int) integer(p, "warden.ring.replicas", DEFAULTS.replicas, 1, 1_000);
    double epsilon = DEFAULTS.epsilon;
    String value = p.getProperty("warden.ring.epsilon");
    if (value != null) {
      try {
        epsilon = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("warden.ring.epsilon=" + value + " is not a number");
      }
      if (!(epsilon >= 0 && epsilon <= Placer.MAX_EPSILON)) {
        throw new ConfigException("warden.ring.epsilon=" + value + " must be 0.." + Placer.MAX_EPSILON);
      }
    }
    return new RingSettings(partitions, epsilon, replicas);
  }

  private static long integer(Properties p, String key, long fallback, long min, long max) throws ConfigException {
    String value = p.getProperty(key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed < min || parsed > max) {
        throw new ConfigException(key + "=" + value + " must be " + min + ".." + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + "=" + value + " is not a whole number");
    }
  }
}
