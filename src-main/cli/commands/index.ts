// Every subcommand group of `vso`, in the order `vso help` lists them.
import type { RegisterCommands } from './register.ts';
import { registerServe } from './serve.ts';
import { registerAuditCommands } from './audit.ts';
import { registerReleaseCommands } from './release.ts';
import { registerBatchCommands, registerWorkspaceCommands } from './workspace.ts';
import { registerImportCommands } from './import.ts';
import { registerGeographyCommands } from './geography.ts';
import { registerPopulationCommands } from './population.ts';
import { registerFixturesCommands } from './fixtures.ts';
import { registerSampleCommands } from './sample.ts';
import {
  registerDisclosureCommands,
  registerExportCommands,
  registerQueryCommands,
  registerReportCommands,
} from './analysis.ts';

export type { RegisterCommands } from './register.ts';

export const commandRegistrations: RegisterCommands[] = [
  registerWorkspaceCommands,
  registerBatchCommands,
  registerImportCommands,
  registerGeographyCommands,
  registerPopulationCommands,
  registerQueryCommands,
  registerExportCommands,
  registerReportCommands,
  registerDisclosureCommands,
  registerSampleCommands,
  registerFixturesCommands,
  registerAuditCommands,
  registerReleaseCommands,
  registerServe,
];
