/**
 * The client endpoint (DESIGN §2): length-prefixed protobuf frames over one Netty connection per
 * client, many requests in flight, replies in any order, events pushed by the server, and
 * redirection of everything but {@code Hello} and status to the leader.
 */
package io.warden.server.rpc;
