package io.warden.statemachine.ratis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;

/** A real, formatted Ratis storage directory, as a server would hand to its state machine. */
final class RaftStorageFixture {
  private RaftStorageFixture() {}

  static RaftStorage format(Path root) {
    try {
      RaftStorage storage = RaftStorage.newBuilder()
          .setDirectory(root.toFile())
          .setOption(RaftStorage.StartupOption.FORMAT)
          .setStorageFreeSpaceMin(SizeInBytes.valueOf(0))
          .setLogCorruptionPolicy(RaftServerConfigKeys.Log.CorruptionPolicy.getDefault())
          .build();
      storage.initialize();
      return storage;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot format Raft storage at " + root, e);
    }
  }
}
