// Child process of the killed-removal test: opens the workspace in WS_PATH, imports the extract
// in CSV_PATH with runImport, cancels it as `finishing` begins (its rows have committed
// unpublished), and once the removal of those rows has committed a chunk and has more to go,
// says "removing" on stdout and waits there until the parent kills it.
import { runImport } from '../../../../src-main/import/runImport.ts';
import { Workspace } from '../../../../src-main/store/workspace.ts';

const workspace = Workspace.open(process.env.WS_PATH ?? '', process.env.VSO_PASSPHRASE ?? '');
const forever = new Int32Array(new SharedArrayBuffer(4));
const controller = new AbortController();
await runImport(workspace, {
  cohort: 'victims',
  path: process.env.CSV_PATH ?? '',
  onDuplicateFile: 'import',
  thread: 'main',
  signal: controller.signal,
  rowsPerRemovalChunk: 100,
  onStep: (step) => {
    if (step === 'finishing') controller.abort();
  },
  onProgress: (progress) => {
    if (progress.phase !== 'removing' || progress.done === 0 || progress.done >= progress.total) return;
    process.stdout.write('removing\n');
    Atomics.wait(forever, 0, 0);
  },
}).catch(() => undefined);
process.stdout.write('not killed\n');
