package io.warden.chaos.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A private copy of a module's {@code target/<name>.jar} and {@code target/lib/}, so that a
 * rebuild during a run cannot change the jars under a server that is restarted or a JVM reading
 * its classes. Warden's own jars are copied; third-party jars, which a rebuild of the same
 * version does not rewrite, are hard-linked where the file system allows (copied otherwise).
 */
final class BuildSnapshot {
  private BuildSnapshot() {}

  /**
   * Copies {@code target/<jarName>} and {@code target/lib} into {@code destination}.
   *
   * @throws IllegalStateException if the jar or lib folder is missing (not built)
   */
  static Path take(Path target, String jarName, Path destination) {
    Path jar = target.resolve(jarName);
    Path lib = target.resolve("lib");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
      throw new IllegalStateException(jar + " or " + lib + " is missing: build first (mvn -B"
          + " -DskipTests package, or run bin/warden-chaos, which builds on first use)");
    }
    try {
      Files.createDirectories(destination.resolve("lib"));
      Files.copy(jar, destination.resolve(jarName), StandardCopyOption.REPLACE_EXISTING);
      try (Stream<Path> files = Files.list(lib)) {
        for (Path file : files.toList()) {
          Path copy = destination.resolve("lib").resolve(file.getFileName());
          if (file.getFileName().toString().startsWith("warden-")) {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
          } else {
            try {
              Files.createLink(copy, file);
            } catch (IOException | UnsupportedOperationException e) {
              Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
      return destination;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a folder tree, quietly. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }
}
