/** How wardenctl prints: aligned tables for people, JSON for scripts. */
package io.warden.cli.output;
