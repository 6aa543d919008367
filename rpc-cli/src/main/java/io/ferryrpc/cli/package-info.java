/** The {@code ferry} command line tool: {@link io.ferryrpc.cli.FerryCli} and its subcommands. */
package io.ferryrpc.cli;
