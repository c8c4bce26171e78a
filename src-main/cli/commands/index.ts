// Every subcommand group of `vso`, in the order `vso help` lists them.
import type { Command } from 'commander';
import { registerServe } from './serve.ts';

export type RegisterCommands = (program: Command) => void;

export const commandRegistrations: RegisterCommands[] = [registerServe];
