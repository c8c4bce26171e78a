// Which transport this window has (desktop app or browser mode), asked once: native file
// dialogs exist only in the desktop app, so browser mode shows typed path fields alone.
import { useEffect, useState } from 'react';
import { apiClient } from '../api/client.ts';

let cached: Promise<'electron' | 'browser'> | null = null;

export function useAppMode(): 'electron' | 'browser' | null {
  const [mode, setMode] = useState<'electron' | 'browser' | null>(null);
  useEffect(() => {
    let active = true;
    cached ??= apiClient()
      .call('app.info', {})
      .then((info) => info.mode);
    cached.then(
      (m) => active && setMode(m),
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, []);
  return mode;
}
