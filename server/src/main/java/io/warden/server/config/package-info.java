/** The server's configuration: parsing, defaults, validation and the identity check of its data directory. */
package io.warden.server.config;
