// Which transport this window has (desktop app or browser mode), asked once: native file
// dialogs exist only in the desktop app, so browser mode shows the in-app file chooser.
import { useEffect, useState } from 'react';
import { sessionCalls } from '../data/session.ts';
import { useReportError } from '../data/errorReporter.tsx';

let cached: Promise<'electron' | 'browser'> | null = null;

export function useAppMode(): 'electron' | 'browser' | null {
  const [mode, setMode] = useState<'electron' | 'browser' | null>(null);
  const report = useReportError();
  useEffect(() => {
    let active = true;
    cached ??= sessionCalls.info({}).then((info) => info.mode);
    cached.then(
      (m) => active && setMode(m),
      (e: unknown) => report(e, 'Asking which mode the app runs in'),
    );
    return () => {
      active = false;
    };
  }, [report]);
  return mode;
}
