/**
 * Ring membership and partition ownership (DESIGN §7). Two layers:
 * <ul>
 *   <li>placement, as pure functions over the JDK (no store, no clock, no randomness): the
 *       {@link io.warden.statemachine.ring.Placer} that turns a member set and the previous
 *       placement into each partition's owner and replica list; its hashes come from
 *       {@code io.warden.protocol.ring}, the key-to-partition hash clients and servers share;</li>
 *   <li>the apply logic over the store: {@link io.warden.statemachine.ring.RingTable} joins,
 *       leaves, and hands partitions off without overlap.</li>
 * </ul>
 */
package io.warden.statemachine.ring;
