// Entry point of the `vso` binary.
import { endQuietlyOnClosedPipe } from './closedPipe.ts';
import { main } from './index.ts';

endQuietlyOnClosedPipe();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`vso: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
