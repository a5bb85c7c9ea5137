package io.warden.server.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.server.testing.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's data node example is real code: compiled, run against a cluster, and kept in sync. */
class DataNodeExampleTest {
  private static final Path EXAMPLE = Path.of("src/test/java/io/warden/server/examples/DataNodeFromJava.java");

  @TempDir Path dir;

  @Test
  void dataNodeExampleServesWritesWithItsTokenAndLeavesCleanly() throws InterruptedException {
    try (LocalCluster cluster = LocalCluster.start(dir, 3)) {
      cluster.awaitLeader();
      DataNodeFromJava.Shards shards = new DataNodeFromJava.Shards();
      DataNodeFromJava.run(cluster.endpoints(), shards);
      assertThat(shards.data).containsEntry("user-42", "hello");
      assertThat(shards.writtenWith.get("user-42")).isPositive();
      assertThat(shards.serving).as("everything was handed off before leaving").isEmpty();
    }
  }

  @Test
  void readmeShowsTheDataNodeExampleVerbatim() throws IOException {
    assertThat(ReadmeExamplesTest.readmeBlock("data-node-from-java")).isEqualTo(exampleBody());
  }

  private static String exampleBody() throws IOException {
    String source = Files.readString(EXAMPLE);
    String body = source.substring(source.indexOf("// README:start") + "// README:start".length(),
        source.indexOf("    // README:end"));
    return body.stripTrailing().stripIndent().strip();
  }
}
