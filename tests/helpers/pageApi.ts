// Calls the API from inside the page, as the renderer does (same token, same bridge), so a
// test can compare what the screen shows with what the engine answers.
import type { Page } from 'playwright-core';

export async function pageApi<T>(page: Page, method: string, args: unknown): Promise<T> {
  const reply = await page.evaluate(
    async ({ method: m, args: a }) => {
      const token = sessionStorage.getItem('vso.bridgeToken') ?? '';
      const response = await fetch('/rpc', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-vso-token': token },
        body: JSON.stringify({ type: 'request', id: `t-${Math.random()}`, method: m, args: a }),
      });
      const lines = (await response.text()).trim().split('\n');
      return JSON.parse(lines[lines.length - 1] ?? '{}') as {
        ok: boolean;
        value: unknown;
        error?: { message: string };
      };
    },
    { method, args },
  );
  if (!reply.ok) throw new Error(reply.error?.message ?? 'API error');
  return reply.value as T;
}

/** The number in a piece of text such as "6,000 records". */
export const numberIn = (text: string | null): number => Number((text ?? '').replace(/[^0-9]/g, ''));
