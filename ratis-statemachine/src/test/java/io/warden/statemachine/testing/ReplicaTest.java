package io.warden.statemachine.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests that apply commands to a fresh {@link Replica} of their own. */
public abstract class ReplicaTest {
  @TempDir protected Path dir;
  protected Replica replica;

  @BeforeEach
  void openReplica() {
    replica = Replica.open(dir.resolve("store"));
  }

  @AfterEach
  void closeReplica() {
    replica.close();
  }
}
