// A process that protects one small release in the warm release worker and then has nothing
// left to do: it must exit by itself (the idle warm worker keeps no process alive).
import { protectInReleaseOffThread } from '../../src-main/disclosure/releaseThread.ts';
import { linkedSmallRelease } from './linkedSmallRelease.ts';

const result = await protectInReleaseOffThread(await linkedSmallRelease({ scale: 1500 }));
process.stdout.write(`protected ${result.cells.length} numbers\n`);
