// The open workspace's codebook (labels, categories), reloaded when the workspace changes.
import { useEffect, useState } from 'react';
import { onApiEvent, sessionCalls } from '../data/session.ts';
import { useReportError } from '../data/errorReporter.tsx';

export interface CodebookView {
  version: number;
  columns: Array<{ name: string; label: string; kind: string; cohorts: string[]; categories: string[]; open: boolean }>;
}

export function useCodebook(workspaceKey: string | null): CodebookView | null {
  const [codebook, setCodebook] = useState<CodebookView | null>(null);
  const report = useReportError();
  useEffect(() => {
    if (workspaceKey === null) return undefined;
    let active = true;
    const load = (): void => {
      sessionCalls.codebook({}).then(
        (c) => active && setCodebook(c),
        (e: unknown) => report(e, 'Reading the codebook'),
      );
    };
    load();
    const off = onApiEvent('data.changed', load);
    return () => {
      active = false;
      off();
    };
  }, [workspaceKey, report]);
  return workspaceKey === null ? null : codebook;
}
