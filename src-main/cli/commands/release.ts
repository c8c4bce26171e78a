// `vso release list|start` and `vso publications list`: the publication register. Every export
// of a release is protected together with the release's earlier outputs; a new release (next
// year's assessment) starts afresh.
import type { Command } from 'commander';
import { publicationSummaries, releasesOf, startNewRelease } from '../../app/publication/releaseRegister.ts';
import { printResult, type GlobalOptions } from '../io.ts';
import { withWorkspace } from './workspace.ts';

export function registerReleaseCommands(program: Command): void {
  const release = program.command('release').description('releases: the outputs protected together');

  release
    .command('list')
    .argument('<file>', 'the workspace file')
    .description('every release, newest first: name, started, ended, outputs')
    .action(async (file: string, _options: unknown, command: Command) => {
      const releases = await withWorkspace(file, async (ws) => releasesOf(ws));
      printResult(command.optsWithGlobals<GlobalOptions>(), releases, () =>
        releases.length === 0
          ? 'no releases yet (the first export starts one)'
          : releases
              .map(
                (r) =>
                  `#${r.id}  ${r.name}  started ${r.startedAt.slice(0, 10)}  ${r.endedAt ? `ended ${r.endedAt.slice(0, 10)}` : 'open'}  ${r.publications} outputs`,
              )
              .join('\n'),
      );
    });

  release
    .command('start')
    .argument('<file>', 'the workspace file')
    .requiredOption('--name <name>', 'the new release, e.g. "Needs assessment 2027"')
    .description('end the open release and start a new one; later exports are protected against it only')
    .action(async (file: string, options: { name: string }, command: Command) => {
      const started = await withWorkspace(file, async (ws) => startNewRelease(ws, options.name));
      printResult(
        command.optsWithGlobals<GlobalOptions>(),
        started,
        () => `started release #${started.id} ${started.name}`,
      );
    });

  const publications = program.command('publications').description('the publication register');
  publications
    .command('list')
    .argument('<file>', 'the workspace file')
    .option('--release <id>', 'a release number (default: the open release)')
    .description('what the release published, newest first: when, what, where to, cells hidden and why')
    .action(async (file: string, options: { release?: string }, command: Command) => {
      const id = options.release === undefined ? undefined : Number.parseInt(options.release, 10);
      const list = await withWorkspace(file, async (ws) => publicationSummaries(ws, id));
      printResult(command.optsWithGlobals<GlobalOptions>(), list, () =>
        list
          .map((p) =>
            [
              `#${p.id}  ${p.publishedAt.replace('T', ' ').slice(0, 16)}  ${p.kind}  ${p.title}  -> ${p.destination}  ${p.cellsHidden} cells hidden`,
              ...p.reasons.map((r) => `      ${r.cells} ${r.reason}`),
              ...p.unlinked.map((u) => `      WARNING: ${u.table}: ${u.note}`),
            ].join('\n'),
          )
          .join('\n'),
      );
    });
}
