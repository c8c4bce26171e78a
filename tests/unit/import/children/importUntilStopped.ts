// Child process of the no-plaintext test: imports INPUT into the workspace WS_PATH and says
// "reading" on stdout once rows have been read. With STOP=cancel it then cancels the import
// (as the wizard's Cancel does) and prints the error's code; with STOP=kill it stops right
// there, inside the import's transaction with rows in memory, until the parent kills it.
import { Workspace } from '../../../../src-main/store/workspace.ts';
import { runImport } from '../../../../src-main/import/runImport.ts';

const workspace = Workspace.open(process.env.WS_PATH ?? '', process.env.VSO_PASSPHRASE ?? '');
const controller = new AbortController();
let said = false;
try {
  await runImport(workspace, {
    cohort: 'victims',
    path: process.env.INPUT ?? '',
    signal: controller.signal,
    onProgress: (progress) => {
      const reading = progress.phase === 'reading' && progress.done > 0;
      if (said || !(reading || (process.env.STOP === 'kill' && progress.phase === 'committing'))) return;
      said = true;
      process.stdout.write('reading\n');
      if (process.env.STOP === 'cancel') controller.abort();
      if (process.env.STOP === 'kill') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    },
  });
  process.stdout.write('finished\n');
} catch (error) {
  process.stdout.write(`failed ${(error as { code?: string }).code ?? String(error)}\n`);
} finally {
  workspace.close();
}
