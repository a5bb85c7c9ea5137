/** One class per wardenctl subcommand. */
package io.warden.cli.command;
