// Where a stall was spent: the main thread's CPU profile (V8's sampler through the inspector)
// taken while a phase runs, read back for the samples that fall inside each long gap. The
// sampler interrupts the thread on a clock, so a thread blocked in a native call is sampled in
// that call too. Profile times are V8's monotonic microseconds, the clock of process.hrtime.
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  parent?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A window of the main thread's time, in process.hrtime milliseconds. */
export interface Window {
  fromMs: number;
  toMs: number;
}

export const hrtimeMs = (): number => Number(process.hrtime.bigint()) / 1e6;

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/(src-main|shared|bench|node_modules)\//, '$1/');
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/** The sampled stacks inside each window, heaviest first, as "ms  leaf < caller < caller". */
function attribute(profile: Profile, windows: readonly Window[], depth: number): string[][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) byId.get(child)!.parent = node.id;
  const stackOf = (id: number): string => {
    const frames: string[] = [];
    for (let node = byId.get(id); node && frames.length < depth; node = byId.get(node.parent ?? -1)) {
      if (node.callFrame.functionName === '(root)') break;
      frames.push(frameName(node));
    }
    return frames.join(' < ');
  };
  const times: number[] = [];
  let at = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((at += delta) / 1000);
  return windows.map((window) => {
    const spent = new Map<string, number>();
    for (let i = 0; i < profile.samples.length; i++) {
      const t = times[i] as number;
      if (t < window.fromMs || t > window.toMs) continue;
      // A sample stands for the time until the next one.
      const next = (times[i + 1] ?? t) - t;
      const stack = stackOf(profile.samples[i] as number);
      spent.set(stack, (spent.get(stack) ?? 0) + next);
    }
    return [...spent]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([stack, ms]) => `${ms.toFixed(0).padStart(5)} ms  ${stack}`);
  });
}

/** Starts the main thread's sampler; `stop` says what ran in each window. */
export async function profileMainThread(): Promise<{ stop(windows: readonly Window[]): Promise<string[][]> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    async stop(windows) {
      const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
      session.disconnect();
      return attribute(profile, windows, 8);
    },
  };
}
