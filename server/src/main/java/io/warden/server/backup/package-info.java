/**
 * Backups and restore. On the server: a consistent checkpoint pinned on the leader for
 * {@code wardenctl backup} to read file by file over the client protocol ({@link
 * io.warden.server.backup.PinnedBackups}, {@link io.warden.server.backup.BackupRequests}). Offline:
 * preparing a new node's data directory from a backup so a new cluster starts from it ({@link
 * io.warden.server.backup.Restore}, run by {@code bin/warden-server restore}). The layout of a
 * backup directory is {@link io.warden.server.backup.BackupLayout}'s.
 */
package io.warden.server.backup;
