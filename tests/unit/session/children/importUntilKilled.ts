// Child process of the killed-import test: opens the workspace in WS_PATH, imports the extract
// in CSV_PATH with runImport and, once the rows have committed unpublished (the import begins
// its `finishing` step), says "stored" on stdout and waits there until the parent kills it.
import { runImport } from '../../../../src-main/import/runImport.ts';
import { Workspace } from '../../../../src-main/store/workspace.ts';

const workspace = Workspace.open(process.env.WS_PATH ?? '', process.env.VSO_PASSPHRASE ?? '');
const forever = new Int32Array(new SharedArrayBuffer(4));
await runImport(workspace, {
  cohort: 'victims',
  path: process.env.CSV_PATH ?? '',
  onDuplicateFile: 'import',
  thread: 'main',
  onStep: (step) => {
    if (step !== 'finishing') return;
    process.stdout.write('stored\n');
    Atomics.wait(forever, 0, 0);
  },
});
process.stdout.write('not killed\n');
