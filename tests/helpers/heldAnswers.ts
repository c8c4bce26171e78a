// Holds main's answers to one API method on the loopback bridge until the test lets them go,
// so a test can act while an answer is late, as on a loaded machine or a slow laptop, without
// depending on timing: the call is served by the real handlers, only its delivery waits.
import type { Page, Route } from 'playwright-core';
import { BRIDGE_RPC_PATH } from '../../shared/protocol.ts';

export interface HeldAnswers {
  /** Resolves once this many calls of the method (counted from the start) are being held. */
  held(count?: number): Promise<void>;
  /** Delivers every answer held so far and holds no more. */
  release(): Promise<void>;
  /** Stops listening on the bridge (releasing anything still held). */
  stop(): Promise<void>;
}

export async function holdAnswers(page: Page, method: string): Promise<HeldAnswers> {
  let holding = true;
  let seen = 0;
  const waiting: Array<{ count: number; resolve(): void }> = [];
  const delivered: Array<Promise<void>> = [];
  let letGo!: () => void;
  const gate = new Promise<void>((resolve) => (letGo = resolve));

  const handler = async (route: Route): Promise<void> => {
    const body = route.request().postDataJSON() as { type?: string; method?: string } | null;
    if (!holding || body?.type !== 'request' || body.method !== method) {
      await route.continue();
      return;
    }
    const done = (async () => {
      const response = await route.fetch();
      seen += 1;
      for (const w of waiting.filter((x) => seen >= x.count)) w.resolve();
      await gate;
      await route.fulfill({ response });
    })();
    delivered.push(done);
    await done;
  };
  const pattern = `**${BRIDGE_RPC_PATH}`;
  await page.route(pattern, handler);

  const release = async (): Promise<void> => {
    holding = false;
    letGo();
    await Promise.all(delivered);
  };
  return {
    held: (count = 1) =>
      seen >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve })),
    release,
    async stop() {
      await release();
      await page.unroute(pattern, handler);
    },
  };
}
