package io.warden.statemachine.ratis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.util.FileUtils;

/**
 * Replaces the live store's directory with a copy of a checkpoint. SST files are immutable in
 * RocksDB, so they are hard-linked; everything else (MANIFEST, CURRENT, OPTIONS, WAL) is copied
 * because RocksDB may write to it once the store is open.
 */
final class StoreRestorer {
  private StoreRestorer() {}

  static void restore(Path checkpoint, Path liveStore) throws IOException {
    Path staging = liveStore.resolveSibling(liveStore.getFileName() + ".restoring");
    if (Files.exists(staging)) {
      FileUtils.deleteFully(staging);
    }
    Files.createDirectories(staging);
    List<Path> files;
    try (Stream<Path> entries = Files.list(checkpoint)) {
      files = entries.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".md5"))
          .toList();
    }
    for (Path file : files) {
      Path target = staging.resolve(file.getFileName().toString());
      if (file.getFileName().toString().endsWith(".sst")) {
        Files.createLink(target, file);
      } else {
        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    if (Files.exists(liveStore)) {
      FileUtils.deleteFully(liveStore);
    }
    Files.move(staging, liveStore, StandardCopyOption.ATOMIC_MOVE);
  }
}
