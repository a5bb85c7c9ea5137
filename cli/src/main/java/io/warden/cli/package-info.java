/**
 * {@code wardenctl}, the admin command: global options and wiring in {@link io.warden.cli.WardenCtl},
 * one class per subcommand in {@code command}, tables and JSON in {@code output}. Depends only on
 * the client library.
 */
package io.warden.cli;
