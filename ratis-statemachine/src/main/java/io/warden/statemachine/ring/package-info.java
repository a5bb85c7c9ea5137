/**
 * Ring membership and partition placement (DESIGN §7), as pure functions: the key-to-partition
 * hash clients and servers share ({@link io.warden.statemachine.ring.PartitionHash}), and the
 * placer that turns a member set (and the previous placement) into each partition's owner and
 * replica list ({@link io.warden.statemachine.ring.Placer}).
 *
 * <p>Depends on the JDK only: no store, no protocol, no clock, no randomness. The commands that
 * join, leave and hand partitions off build on it.
 */
package io.warden.statemachine.ring;
