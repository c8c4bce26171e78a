// Child process of the store tests: opens the workspace named in WS_PATH and holds it open
// until killed, saying "open" on stdout once it holds it.
import { Workspace } from '../../../../src-main/store/workspace.ts';

const path = process.env.WS_PATH ?? '';
const workspace = Workspace.open(path, process.env.VSO_PASSPHRASE ?? '');
process.stdout.write(`open ${workspace.info().counts.victims}\n`);
// The timer keeps a reference to the workspace: a Workspace nobody references is collected, and
// collecting it closes its lock connection, which would free the workspace under the parent.
setInterval(() => workspace.path, 60_000);
