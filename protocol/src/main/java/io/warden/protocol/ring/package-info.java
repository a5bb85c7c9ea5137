/**
 * The key-to-partition function clients and servers share (DESIGN §7): {@link
 * io.warden.protocol.ring.PartitionHash} over {@link io.warden.protocol.ring.XxHash64}. Part of the
 * protocol because a cluster's data is laid out by it. Depends on the JDK only.
 */
package io.warden.protocol.ring;
