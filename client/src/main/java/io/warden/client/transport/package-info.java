/**
 * Internal: the client's connections to the cluster and the routing of requests over them.
 *
 * <p>Length-prefixed protobuf frames over one TCP connection per server ({@link
 * io.warden.client.transport.FrameCodec}); a Hello handshake on each; request ids that are never
 * reused; leader discovery and following; re-sending with the same request id after NOT_LEADER,
 * NO_LEADER, UNKNOWN_OUTCOME or a lost connection; per-request deadlines; pushed events. Feature
 * packages send through {@link io.warden.client.transport.ClusterTransport}. Not for applications:
 * it may change in any release.
 */
package io.warden.client.transport;
