// What each subcommand group exports: a function that adds its commands to `vso`. Its own
// module so the groups need not import the list that imports them.
import type { Command } from 'commander';

export type RegisterCommands = (program: Command) => void;
