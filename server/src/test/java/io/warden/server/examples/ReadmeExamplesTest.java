package io.warden.server.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.client.fencing.FencedOutException;
import io.warden.server.testing.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's code examples are real code: compiled, run against a cluster, and kept in sync. */
class ReadmeExamplesTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path EXAMPLE = Path.of("src/test/java/io/warden/server/examples/LocksFromJava.java");

  @TempDir Path dir;

  @Test
  void locksFromJavaExampleRunsAndFencesAnOlderHolder() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3)) {
      cluster.awaitLeader();
      LocksFromJava.Inventory inventory = new LocksFromJava.Inventory();
      LocksFromJava.run(cluster.endpoints(), inventory);
      assertThat(inventory.read("orders/42")).isEqualTo("shipped");
      // A second holder gets a higher token; the first holder's token is now refused.
      LocksFromJava.run(cluster.endpoints(), inventory);
      assertThatThrownBy(() -> inventory.write("orders/42", "stale", 1)).isInstanceOf(FencedOutException.class);
    }
  }

  @Test
  void readmeShowsTheLocksExampleVerbatim() throws IOException {
    assertThat(readmeBlock("locks-from-java")).isEqualTo(exampleBody());
  }

  /** The fenced code block that follows {@code <!-- example: NAME -->} in the README. */
  static String readmeBlock(String name) throws IOException {
    String readme = Files.readString(README);
    Matcher m = Pattern.compile("<!-- example: " + Pattern.quote(name) + " -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
        .matcher(readme);
    assertThat(m.find()).as("README has an example block named %s", name).isTrue();
    return m.group(1).stripTrailing().stripIndent().strip();
  }

  private static String exampleBody() throws IOException {
    String source = Files.readString(EXAMPLE);
    String body = source.substring(source.indexOf("// README:start") + "// README:start".length(),
        source.indexOf("    // README:end"));
    return body.stripTrailing().stripIndent().strip();
  }
}
