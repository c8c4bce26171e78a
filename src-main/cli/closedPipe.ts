// A reader that stops early (`vso query … | head -c 10`) closes the pipe under the command: the
// next write fails with EPIPE, which Node raises as an unhandled error with a stack trace.
// What was asked for has been read, so the command ends there, quietly, with its exit code.
export function endQuietlyOnClosedPipe(
  streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}
