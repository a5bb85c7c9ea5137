/** Session requests on the leader: validation, proposal, keepalive confirmation, listing. */
package io.warden.server.session;
