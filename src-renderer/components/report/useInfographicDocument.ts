// The infographic being edited: the document, whether it is saved (and as what), the block
// selected, the saved list, the live preview (the exported SVG), and every action on them:
// start from a template, open, save, delete, edit, change the page and the theme.
import { useCallback, useEffect, useState } from 'react';
import { TEMPLATES, type InfographicSummary, type TemplateId } from '../../../shared/contract/report.ts';
import type { InfographicDoc, PageSize } from '../../../shared/infographic.ts';
import { useReportError } from '../../data/errorReporter.tsx';
import { errorMessage } from '../../state/useApiCall.ts';
import { useDebouncedQuery } from '../../state/useDebouncedQuery.ts';
import { useUnsavedWork } from '../../state/unsavedWork.tsx';
import { loadBundledFonts } from './bundledFonts.ts';
import { changePage } from './infographicEdits.ts';
import { reportCalls } from '../../data/report.ts';

export function useInfographicDocument() {
  const [doc, setDoc] = useState<InfographicDoc | null>(null);
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [saved, setSaved] = useState<InfographicSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const report = useReportError();
  // Leaving Report (or this tab) with edits asks first.
  useUnsavedWork(dirty && doc ? `Unsaved changes to the infographic “${doc.name.trim() || 'Untitled'}”` : null);

  const loadSaved = useCallback(() => {
    reportCalls.listInfographics({}).then(
      (r) => setSaved(r.infographics),
      (e: unknown) => report(e, 'Loading the saved infographics'),
    );
  }, [report]);
  useEffect(() => {
    Promise.resolve().then(loadSaved, (e: unknown) => report(e, 'Loading the saved infographics'));
    loadBundledFonts().catch((e: unknown) => report(e, 'Loading the bundled fonts'));
  }, [loadSaved, report]);

  // A name is required to save, not to draw: the preview goes on while the name is being typed.
  const drawn = doc && doc.name.trim() === '' ? { ...doc, name: 'Untitled' } : doc;
  const key = drawn ? JSON.stringify(drawn) : null;
  const render = useDebouncedQuery(
    key,
    (signal) => reportCalls.render({ doc: drawn as InfographicDoc }, { signal }),
    250,
  );

  /** Every edit goes through the latest document, so an edit made during a request is kept. */
  const edit = (next: InfographicDoc | ((current: InfographicDoc) => InfographicDoc)): void => {
    setDoc((current) => (current === null ? current : typeof next === 'function' ? next(current) : next));
    setDirty(true);
    setMessage(null);
  };
  const confirmDiscard = (): boolean => !dirty || window.confirm('Discard the unsaved changes to this infographic?');

  const startFromTemplate = async (template: TemplateId): Promise<void> => {
    if (!confirmDiscard()) return;
    setStarting(true);
    setError(null);
    try {
      const { doc: fresh } = await reportCalls.fromTemplate({
        template,
        page: doc?.page ?? 'a4-portrait',
      });
      setDoc(fresh);
      setSavedAs(null);
      setDirty(false);
      setSelected(null);
      setMessage(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };
  const open = async (name: string): Promise<void> => {
    if (!confirmDiscard()) return;
    setError(null);
    try {
      const { doc: stored } = await reportCalls.getInfographic({ name });
      setDoc(stored);
      setSavedAs(stored.name);
      setDirty(false);
      setSelected(null);
      setMessage(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const save = async (): Promise<void> => {
    if (!doc) return;
    setError(null);
    try {
      const exists = saved.some((s) => s.name === doc.name);
      if (
        exists &&
        savedAs !== doc.name &&
        !window.confirm(`An infographic called “${doc.name}” already exists. Replace it?`)
      )
        return;
      await reportCalls.saveInfographic({ doc, overwrite: exists });
      setSavedAs(doc.name);
      setDirty(false);
      setMessage(`Saved “${doc.name}”.`);
      loadSaved();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const remove = async (): Promise<void> => {
    if (!savedAs || !window.confirm(`Delete the saved infographic “${savedAs}”?`)) return;
    setError(null);
    try {
      await reportCalls.deleteInfographic({ name: savedAs });
      setSavedAs(null);
      setDirty(true);
      loadSaved();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  /**
   * A document laid out like a template (same kinds of block in the same order) takes the
   * template's own arrangement for the new page; any other document is rescaled to its grid.
   */
  const switchPage = async (page: PageSize): Promise<void> => {
    if (!doc) return;
    const headline = doc.blocks.find((b) => b.kind === 'headline');
    const cohort = headline?.query.cohort;
    if (headline && (TEMPLATES as readonly string[]).includes(cohort ?? '') && headline.financialYear) {
      try {
        const { doc: shaped } = await reportCalls.fromTemplate({
          template: cohort as TemplateId,
          year: headline.financialYear,
          page,
        });
        if (
          shaped.blocks.length === doc.blocks.length &&
          shaped.blocks.every((b, i) => b.kind === doc.blocks[i]?.kind)
        ) {
          edit((current) => ({
            ...current,
            page,
            grid: shaped.grid,
            blocks: current.blocks.map((b, i) => ({ ...b, at: shaped.blocks[i]?.at ?? b.at })),
          }));
          return;
        }
      } catch {
        // No template for this data any more: rescale instead.
      }
    }
    edit((current) => changePage(current, page));
  };
  const setTheme = (patch: Partial<InfographicDoc['theme']>): void =>
    edit((current) => ({ ...current, theme: { ...current.theme, ...patch } }));
  const nameTaken = doc !== null && saved.some((s) => s.name === doc.name);

  return {
    doc,
    savedAs,
    dirty,
    selected,
    setSelected,
    saved,
    error,
    message,
    starting,
    render,
    nameTaken,
    edit,
    startFromTemplate,
    open,
    save,
    remove,
    switchPage,
    setTheme,
  };
}

export type InfographicDocument = ReturnType<typeof useInfographicDocument>;
