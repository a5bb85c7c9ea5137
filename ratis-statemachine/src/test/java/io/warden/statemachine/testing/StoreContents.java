package io.warden.statemachine.testing;

import io.warden.statemachine.store.Family;
import io.warden.statemachine.store.StoreReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Every key and value of a store, as readable lines {@code family key=value} (hex), in family
 * and key order: two stores hold byte-identical content exactly when their lines are equal.
 */
public final class StoreContents {
  private static final HexFormat HEX = HexFormat.of();

  private StoreContents() {}

  /** All families, including {@code meta} (applied position, schema version). */
  public static List<String> all(StoreReader reader) {
    return of(reader, Family.values());
  }

  /** The replicated state: every family but {@code meta}. */
  public static List<String> state(StoreReader reader) {
    return of(reader, Arrays.stream(Family.values()).filter(f -> f != Family.META).toArray(Family[]::new));
  }

  public static List<String> of(StoreReader reader, Family... families) {
    List<String> lines = new ArrayList<>();
    for (Family family : families) {
      reader.forEach(family, (key, value) ->
          lines.add(family.columnFamilyName() + " " + HEX.formatHex(key) + "=" + HEX.formatHex(value)));
    }
    return lines;
  }
}
