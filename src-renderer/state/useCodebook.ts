// The open workspace's codebook (labels, categories), reloaded when the workspace changes.
import { useEffect, useState } from 'react';
import { apiClient } from '../api/client.ts';
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
    apiClient()
      .call('codebook.get', {})
      .then(
        (c) => active && setCodebook(c),
        (e: unknown) => report(e, 'Reading the codebook'),
      );
    const off = apiClient().onEvent('data.changed', () => {
      apiClient()
        .call('codebook.get', {})
        .then(
          (c) => active && setCodebook(c),
          (e: unknown) => report(e, 'Reading the codebook'),
        );
    });
    return () => {
      active = false;
      off();
    };
  }, [workspaceKey, report]);
  return workspaceKey === null ? null : codebook;
}
