// Every method of the contract, called through the real dispatcher on a real SQLCipher
// workspace while an import holds the one write role in its store worker. The list of
// methods is the contract's own (`api`), so a new method fails this test until the table
// below says how to call it. It proves, method by method: none is refused as busy or fails
// inside because the import holds the writer; each one that writes the workspace waits for
// the import (it settles after it) and its write is there afterwards; and the main connection
// is read-only outside the write gate, during the import and after it (a direct write fails).
// Methods that end or replace the open workspace each get an import of their own; unlocking
// needs a locked workspace, which no import can share, so it is called right after the lock.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type ArgsOf, type MethodName, type ResultOf } from '../../../shared/contract/index.ts';
import type { ExploreView } from '../../../shared/contract/screenState.ts';
import type { KeyStatus } from '../../../shared/contract/keys.ts';
import type { ImportProgress } from '../../../src-main/import/progress.ts';
import { isAppError } from '../../../shared/errors.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { createHandlers, WRITING_METHODS } from '../../../src-main/ipc/createHandlers.ts';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createMainServices, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import type { DialogProvider, PassphraseVault } from '../../../src-main/ipc/platformServices.ts';
import { POPULATION_SAMPLE_PATH } from '../../../src-main/sample/generator/population.ts';
import { writeLsoaLookup } from '../../../src-main/sample/generator/lsoaLookup.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { streetCrimeCsv } from '../../helpers/streetCrime.ts';
import { districtFigure } from '../report/figureSpecs.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';

/** Only a hang fails here: a sample workspace and seven imports take minutes on a loaded machine. */
const HANG = 900_000;
const NEXT_PASSPHRASE = 'a second passphrase for the rekey 77';
const RULE = { threshold: 5, secondary: true, round: null, suppressZeros: false };
const VIEW: ExploreView = {
  cohort: 'victims',
  period: { kind: 'financialYear', financialYears: ['2023/24'] },
  selections: {},
  rows: ['district'],
  cols: ['sex'],
  measure: 'records',
  rate: null,
  percent: 'none',
  stats: false,
  intervals: false,
  disclosure: RULE,
  groups: {},
  chart: 'bar',
  keepEmpty: false,
  title: 'Saved while an import held the writer',
  notes: '',
  figureName: '',
};

/** What the setup made, for the payloads and the checks. */
interface World {
  dir: TempDir;
  path: string;
  /** The workspace's passphrase now (workspace.changePassphrase changes it). */
  passphrase: string;
  services: MainServices;
  api: Dispatcher;
  vault: MemoryVault;
  /** A batch the table deletes, with its record count. */
  spare: { batchId: number; records: number };
  firstBatch: number;
  doc: ResultOf<'infographic.fromTemplate'>['doc'];
  mapping: ResultOf<'import.preview'>['mapping'];
  contextColumns: ResultOf<'import.contextPreview'>['columns'];
  smallVictims: string;
  smallOffenders: string;
  street: string;
  lookup: string;
  backup: string;
  /** A path in the recent list the table forgets. */
  forgotten: string;
  out(name: string): string;
}

/** How the table calls a method, and what it checks. */
type Plan<M extends MethodName> = {
  args: (w: World) => ArgsOf<M>;
} & (
  | { /** Beside the other methods, during one import. */ during: 'shared'; writes?: Writes<M> }
  | { /** Ends or replaces the open workspace: an import of its own. */ during: 'own'; writes?: Writes<M> }
  | { /** Cannot share its precondition with any import: called without one. */ during: 'none'; why: string }
);

interface Writes<M extends MethodName> {
  /** `workspace`: it must wait for the import; `elsewhere`: the user's config or key store. */
  where: 'workspace' | 'elsewhere';
  landed: (w: World, result: ResultOf<M>) => Promise<void> | void;
}

async function auditActions(w: World): Promise<string[]> {
  return (await w.api.call('audit.list', { limit: 1000 })).entries.map((e) => e.action);
}

function fileWritten(path: string): void {
  expect(existsSync(path), path).toBe(true);
  expect(statSync(path).size, path).toBeGreaterThan(0);
}

const TABLE: { [M in MethodName]: Plan<M> } = {
  'app.info': { during: 'shared', args: () => ({}) },
  'app.ping': { during: 'shared', args: () => ({ echo: 'during an import' }) },
  'app.preferences': { during: 'shared', args: () => ({}) },
  'app.setPreferences': {
    during: 'shared',
    args: () => ({ guidedStart: false }),
    writes: {
      where: 'elsewhere',
      landed: async (w) => expect(await w.api.call('app.preferences', {})).toEqual({ guidedStart: false }),
    },
  },
  'dialog.openFile': { during: 'shared', args: () => ({ purpose: 'import' }) },
  'dialog.saveFile': { during: 'shared', args: () => ({ purpose: 'export', defaultName: 'table.xlsx' }) },
  'dialog.places': { during: 'shared', args: () => ({}) },
  'dialog.browse': { during: 'shared', args: (w) => ({ path: w.dir.path }) },
  'keys.status': { during: 'shared', args: (w) => ({ path: w.path }) },
  'keys.remember': {
    during: 'shared',
    args: (w) => ({ path: w.backup, passphrase: PASSPHRASE }),
    writes: {
      where: 'elsewhere',
      landed: async (w) => expect(await w.vault.recall(w.backup)).toBe(PASSPHRASE),
    },
  },
  'keys.forget': {
    during: 'shared',
    args: (w) => ({ path: w.path }),
    writes: { where: 'elsewhere', landed: async (w) => expect(await w.vault.recall(w.path)).toBeNull() },
  },
  'workspace.status': { during: 'shared', args: () => ({}) },
  'workspace.create': {
    during: 'own',
    args: (w) => ({ path: w.out('created.vsow'), passphrase: PASSPHRASE }),
    writes: {
      where: 'workspace',
      landed: (w, status) => {
        expect(status.path).toBe(w.out('created.vsow'));
        fileWritten(w.out('created.vsow'));
      },
    },
  },
  'workspace.open': {
    during: 'own',
    args: (w) => ({ path: w.backup, passphrase: PASSPHRASE }),
    writes: { where: 'workspace', landed: (w, status) => expect(status.path).toBe(w.backup) },
  },
  'workspace.close': {
    during: 'own',
    args: () => ({}),
    writes: { where: 'workspace', landed: (_w, status) => expect(status.state).toBe('none') },
  },
  'workspace.lock': {
    during: 'own',
    args: () => ({}),
    writes: { where: 'workspace', landed: (_w, status) => expect(status.state).toBe('locked') },
  },
  'workspace.unlock': {
    during: 'none',
    why: 'needs a locked workspace, and a locked workspace runs no import: called right after workspace.lock',
    args: (w) => ({ passphrase: w.passphrase }),
  },
  'workspace.changePassphrase': {
    during: 'own',
    args: (w) => ({ current: w.passphrase, next: NEXT_PASSPHRASE }),
    writes: {
      where: 'workspace',
      landed: async (w) => expect(await auditActions(w)).toContain('workspace.passwd'),
    },
  },
  'workspace.setIdleMinutes': {
    during: 'shared',
    args: () => ({ minutes: 45 }),
    writes: {
      where: 'workspace',
      landed: async (w) => expect((await w.api.call('workspace.status', {})).idleMinutes).toBe(45),
    },
  },
  'workspace.recent': { during: 'shared', args: () => ({}) },
  'workspace.forgetRecent': {
    during: 'shared',
    args: (w) => ({ path: w.forgotten }),
    writes: {
      where: 'elsewhere',
      landed: async (w) =>
        expect((await w.api.call('workspace.recent', {})).items.map((i) => i.path)).not.toContain(w.forgotten),
    },
  },
  'audit.list': { during: 'shared', args: () => ({ limit: 50 }) },
  'audit.verify': { during: 'shared', args: () => ({}) },
  'import.preview': { during: 'shared', args: (w) => ({ cohort: 'victims', path: w.smallVictims }) },
  'import.analyse': {
    during: 'shared',
    args: (w) => ({ cohort: 'victims', path: w.smallVictims, mapping: w.mapping }),
  },
  'import.run': {
    during: 'shared',
    args: (w) => ({ cohort: 'offenders', path: w.smallOffenders }),
    writes: {
      where: 'workspace',
      landed: async (w, result) => {
        const batch = (await w.api.call('batch.summary', { batchId: result.batchId })).records;
        expect(batch).toBe(result.accepted);
      },
    },
  },
  'import.contextPreview': { during: 'shared', args: (w) => ({ path: w.street }) },
  'import.context': {
    during: 'shared',
    args: (w) => ({ path: w.street, name: 'street_crime', columns: w.contextColumns, districtFrom: null }),
    writes: {
      where: 'workspace',
      landed: async (w, result) => {
        const { datasets } = await w.api.call('data.summary', {});
        expect(datasets.find((d) => d.name === 'context:street_crime')?.records).toBe(result.datasetRows);
      },
    },
  },
  'import.history': { during: 'shared', args: () => ({}) },
  'import.rejected': { during: 'shared', args: (w) => ({ batchId: w.firstBatch }) },
  'import.profiles': { during: 'shared', args: () => ({}) },
  'batch.summary': { during: 'shared', args: (w) => ({ batchId: w.firstBatch }) },
  'batch.delete': {
    during: 'shared',
    args: (w) => ({ batchId: w.spare.batchId, confirmRecords: w.spare.records }),
    writes: {
      where: 'workspace',
      landed: async (w) => {
        const { batches } = await w.api.call('import.history', {});
        expect(batches.find((b) => b.id === w.spare.batchId)?.deletedAt).not.toBeNull();
      },
    },
  },
  'engine.query': {
    during: 'shared',
    args: () => ({ cohort: 'victims', rows: ['district'], cols: ['sex'], disclosure: RULE }),
  },
  'engine.facets': { during: 'shared', args: () => ({ cohort: 'victims', filters: [] }) },
  'engine.trend': { during: 'shared', args: () => ({ cohort: 'victims', by: 'financial_year' }) },
  'codebook.get': { during: 'shared', args: () => ({}) },
  'data.summary': { during: 'shared', args: () => ({}) },
  'data.datasetColumns': { during: 'shared', args: () => ({ dataset: 'victims' }) },
  'engine.timeToOutcome': { during: 'shared', args: () => ({ rows: ['sex'] }) },
  'export.timeToOutcome': {
    during: 'shared',
    args: (w) => ({ spec: { rows: ['sex'] }, path: w.out('outcome.csv'), format: 'csv' }),
    writes: {
      where: 'workspace',
      landed: async (w) => {
        fileWritten(w.out('outcome.csv'));
        expect(await auditActions(w)).toContain('export.table');
      },
    },
  },
  'figures.list': { during: 'shared', args: () => ({}) },
  'figures.save': {
    during: 'shared',
    args: () => ({ figure: districtFigure('saved during the import') }),
    writes: {
      where: 'workspace',
      landed: async (w) =>
        expect((await w.api.call('figures.get', { name: 'saved during the import' })).name).toBe(
          'saved during the import',
        ),
    },
  },
  'figures.get': { during: 'shared', args: () => ({ name: 'districts' }) },
  'figures.delete': {
    during: 'shared',
    args: () => ({ name: 'to delete' }),
    writes: {
      where: 'workspace',
      landed: async (w) =>
        expect((await w.api.call('figures.list', {})).figures.map((f) => f.name)).not.toContain('to delete'),
    },
  },
  'export.figure': {
    during: 'shared',
    args: (w) => ({ name: 'districts', format: 'csv', path: w.out('districts.csv') }),
    writes: {
      where: 'workspace',
      landed: async (w) => {
        fileWritten(w.out('districts.csv'));
        const { entries } = await w.api.call('audit.list', { limit: 1000, action: 'export.table' });
        const paths = entries.flatMap((e) => (e.detail.files as Array<{ path: string }>).map((f) => f.path));
        expect(paths).toContain(w.out('districts.csv'));
      },
    },
  },
  'figure.previewSvg': { during: 'shared', args: () => ({ name: 'districts' }) },
  'export.tablePreview': { during: 'shared', args: () => ({ name: 'districts' }) },
  'infographics.list': { during: 'shared', args: () => ({}) },
  'infographics.get': { during: 'shared', args: () => ({ name: 'Victims' }) },
  'infographics.save': {
    during: 'shared',
    args: (w) => ({ doc: { ...w.doc, name: 'saved during the import' } }),
    writes: {
      where: 'workspace',
      landed: async (w) =>
        expect((await w.api.call('infographics.get', { name: 'saved during the import' })).doc.name).toBe(
          'saved during the import',
        ),
    },
  },
  'infographics.delete': {
    during: 'shared',
    args: () => ({ name: 'to delete' }),
    writes: {
      where: 'workspace',
      landed: async (w) =>
        expect((await w.api.call('infographics.list', {})).infographics.map((i) => i.name)).not.toContain('to delete'),
    },
  },
  'infographic.fromTemplate': { during: 'shared', args: () => ({ template: 'victims' }) },
  'infographic.render': { during: 'shared', args: (w) => ({ doc: w.doc }) },
  'export.infographic': {
    during: 'shared',
    args: (w) => ({ name: 'Victims', format: 'svg', path: w.out('victims.svg') }),
    writes: {
      where: 'workspace',
      landed: async (w) => {
        fileWritten(w.out('victims.svg'));
        expect(readFileSync(w.out('victims.svg'), 'utf8')).toContain('<svg');
      },
    },
  },
  'reports.list': { during: 'shared', args: () => ({}) },
  'reports.save': {
    during: 'shared',
    args: () => ({ report: { name: 'saved during the import', items: [{ kind: 'figure', name: 'districts' }] } }),
    writes: {
      where: 'workspace',
      landed: async (w) =>
        expect((await w.api.call('reports.list', {})).reports.map((r) => r.name)).toContain('saved during the import'),
    },
  },
  'reports.delete': {
    during: 'shared',
    args: () => ({ name: 'to delete' }),
    writes: {
      where: 'workspace',
      landed: async (w) =>
        expect((await w.api.call('reports.list', {})).reports.map((r) => r.name)).not.toContain('to delete'),
    },
  },
  'report.build': {
    during: 'shared',
    args: (w) => ({ name: 'Pack', outDir: w.out('pack') }),
    writes: {
      where: 'workspace',
      landed: (_w, result) => {
        expect(result.files.length).toBeGreaterThan(0);
        for (const file of result.files) fileWritten(file.path);
      },
    },
  },
  'workspace.backup': {
    during: 'shared',
    args: (w) => ({ path: w.out('backup-during.vsow') }),
    writes: {
      where: 'workspace',
      landed: (w) => {
        const copy = Workspace.open(w.out('backup-during.vsow'), PASSPHRASE);
        copy.close();
      },
    },
  },
  'workspace.restorePlan': {
    during: 'shared',
    args: (w) => ({ backupPath: w.backup, targetPath: w.out('planned.vsow'), passphrase: PASSPHRASE }),
  },
  'workspace.restore': {
    during: 'own',
    args: (w) => ({ backupPath: w.backup, targetPath: w.out('restored.vsow'), passphrase: PASSPHRASE }),
    writes: {
      where: 'workspace',
      landed: (w, result) => {
        expect(result.path).toBe(w.out('restored.vsow'));
        fileWritten(w.out('restored.vsow'));
      },
    },
  },
  'workspace.handover': {
    during: 'shared',
    args: (w) => ({ path: w.out('handover.vsow'), passphrase: 'a colleague passphrase 2026' }),
    writes: {
      where: 'workspace',
      landed: (w) => {
        const copy = Workspace.open(w.out('handover.vsow'), 'a colleague passphrase 2026');
        copy.close();
      },
    },
  },
  'workspace.check': { during: 'shared', args: () => ({}) },
  'retention.get': { during: 'shared', args: () => ({}) },
  'retention.set': {
    during: 'shared',
    args: () => ({ years: 90 }),
    writes: {
      where: 'workspace',
      landed: async (w) => expect((await w.api.call('retention.get', {})).years).toBe(90),
    },
  },
  // Retention of 90 or 100 years (set before) leaves nothing due: the purge confirms 0 records.
  'retention.purge': {
    during: 'shared',
    args: () => ({ confirmRecords: 0 }),
    writes: { where: 'workspace', landed: async (w) => expect(await auditActions(w)).toContain('retention.purge') },
  },
  'workspace.createSample': {
    during: 'own',
    args: (w) => ({ path: w.out('sample.vsow') }),
    writes: {
      where: 'workspace',
      landed: (w, result) => {
        expect(result.status.path).toBe(w.out('sample.vsow'));
        expect(result.figures.length).toBeGreaterThan(0);
      },
    },
  },
  'geography.lookup': { during: 'shared', args: () => ({}) },
  'geography.import': {
    during: 'shared',
    args: (w) => ({ path: w.lookup }),
    writes: {
      where: 'workspace',
      landed: async (w, result) =>
        expect((await w.api.call('geography.lookup', {})).lookup?.lsoas).toBe(result.lookup.lsoas),
    },
  },
  'workspace.policy.get': { during: 'shared', args: () => ({}) },
  'workspace.policy.set': {
    during: 'shared',
    args: () => ({ passphrase: PASSPHRASE, policy: { threshold: 4, suppressZeros: false, round: null } }),
    writes: {
      where: 'workspace',
      landed: async (w) => expect((await w.api.call('workspace.policy.get', {})).policy.threshold).toBe(4),
    },
  },
  'disclosure.advise': {
    during: 'shared',
    args: () => ({ cohort: 'victims', rows: ['district'], cols: ['age_band'], disclosure: RULE }),
  },
  'population.list': { during: 'shared', args: () => ({}) },
  'population.import': {
    during: 'shared',
    args: () => ({ path: POPULATION_SAMPLE_PATH, name: 'Residents 2021' }),
    writes: {
      where: 'workspace',
      landed: async (w) =>
        expect((await w.api.call('population.list', {})).tables.map((t) => t.name)).toContain('Residents 2021'),
    },
  },
  'releases.list': { during: 'shared', args: () => ({}) },
  'releases.start': {
    during: 'shared',
    args: () => ({ name: 'Started during an import' }),
    writes: {
      where: 'workspace',
      landed: async (w) =>
        expect((await w.api.call('releases.list', {})).releases.map((r) => r.name)).toContain(
          'Started during an import',
        ),
    },
  },
  'publications.list': { during: 'shared', args: () => ({}) },
  'screen.explore.get': { during: 'shared', args: () => ({}) },
  'screen.explore.set': {
    during: 'shared',
    args: () => ({ view: VIEW }),
    writes: {
      where: 'workspace',
      landed: async (w) => expect(await w.api.call('screen.explore.get', {})).toEqual({ view: VIEW }),
    },
  },
  'workspace.contact': { during: 'shared', args: () => ({}) },
  'workspace.setContact': {
    during: 'shared',
    args: () => ({ contact: 'Analysts, analysts@example.gov.uk' }),
    writes: {
      where: 'workspace',
      landed: async (w) =>
        expect((await w.api.call('workspace.contact', {})).contact).toBe('Analysts, analysts@example.gov.uk'),
    },
  },
};

/** The OS key store, in memory: keys.* then run as in the desktop app. */
class MemoryVault implements PassphraseVault {
  private readonly kept = new Map<string, string>();
  async status(path: string): Promise<KeyStatus> {
    return { remembered: this.kept.has(path), available: true, reason: null };
  }
  async remember(path: string, passphrase: string): Promise<KeyStatus> {
    this.kept.set(path, passphrase);
    return this.status(path);
  }
  async recall(path: string): Promise<string | null> {
    return this.kept.get(path) ?? null;
  }
  async forget(path?: string): Promise<number> {
    if (path === undefined) {
      const n = this.kept.size;
      this.kept.clear();
      return n;
    }
    return this.kept.delete(path) ? 1 : 0;
  }
}

/** Native dialogs that answer at once, as a user choosing a file would. */
function answeringDialogs(dir: TempDir): DialogProvider {
  return {
    showOpen: async () => dir.file('chosen.csv'),
    showSave: async (request) => dir.file(request.defaultName ?? 'saved'),
  };
}

function entriesOf(during: Plan<MethodName>['during']): MethodName[] {
  return (Object.keys(TABLE) as MethodName[]).filter((m) => TABLE[m].during === during);
}

function call<M extends MethodName>(w: World, method: M): Promise<ResultOf<M>> {
  const plan = TABLE[method] as Plan<M>;
  return w.api.call(method, plan.args(w));
}

function writesOf<M extends MethodName>(method: M): Writes<M> | undefined {
  const plan = TABLE[method] as Plan<M>;
  return plan.during === 'none' ? undefined : plan.writes;
}

/** What a settled call came to, as the failure message shows it. */
function outcome(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'ok';
  const error: unknown = result.reason;
  return isAppError(error) ? `${error.code}: ${error.message}` : `raw ${String(error)}`;
}

/** The main connection of the open workspace: read-only, and a direct write fails there. */
function directWriteRefused(w: World): { queryOnly: unknown; error: string } {
  const db = w.services.session.current().db;
  const queryOnly = db.pragma('query_only', { simple: true });
  try {
    db.exec('CREATE TABLE written_outside_the_gate (x)');
    return { queryOnly, error: 'written' };
  } catch (error) {
    return { queryOnly, error: (error as { code?: string }).code ?? String(error) };
  }
}

/**
 * Starts an import into the open workspace and resolves once it holds the writer and reads
 * rows (its transaction open in the store worker); `settled` is when its reply came.
 */
async function holdingImport(
  w: World,
  file: string,
): Promise<{ done: Promise<PromiseSettledResult<ResultOf<'import.run'>>>; settled: () => number }> {
  let reading!: () => void;
  const started = new Promise<void>((resolve) => (reading = resolve));
  let settledAt = 0;
  const done = w.api
    .call(
      'import.run',
      { cohort: 'offenders', path: file, onDuplicateFile: 'import' },
      { progress: (p) => (p as ImportProgress).phase === 'reading' && reading() },
    )
    .then(
      (value) => ({ status: 'fulfilled' as const, value }),
      (reason: unknown) => ({ status: 'rejected' as const, reason }),
    )
    .finally(() => (settledAt = tick()));
  void done.then(() => reading());
  await started;
  return { done, settled: () => settledAt };
}

let clock = 0;
const tick = (): number => ++clock;

let w: World;
let bigOffenders: string;
let configBefore: string | undefined;

beforeAll(async () => {
  const dir = new TempDir();
  configBefore = process.env.VSO_CONFIG_DIR;
  process.env.VSO_CONFIG_DIR = dir.file('config');
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  const vault = new MemoryVault();
  const services: MainServices = {
    ...createMainServices({ mode: 'browser', modeReason: 'test', session, fileRoots: { home: dir.path, mounts: [] } }),
    dialogs: answeringDialogs(dir),
    passphraseVault: vault,
  };
  const dispatcher = createDispatcher(createHandlers(services), 'test');
  const path = dir.file('w.vsow');
  await dispatcher.call('workspace.create', { path, passphrase: PASSPHRASE });
  await vault.remember(path, PASSPHRASE);

  const first = await fixture(dir, 'victims', 3_000, { seed: 1, dialect: 'messy' });
  const firstBatch = (await dispatcher.call('import.run', { cohort: 'victims', path: first.path })).batchId;
  const suspects = await fixture(dir, 'suspects', 3_000, { seed: 1, dialect: 'canonical' });
  await dispatcher.call('import.run', { cohort: 'suspects', path: suspects.path });
  const spareFile = await fixture(dir, 'offenders', 400, { seed: 5, dialect: 'canonical' });
  const spare = await dispatcher.call('import.run', { cohort: 'offenders', path: spareFile.path });
  const small = await fixture(dir, 'victims', 500, { seed: 6, dialect: 'canonical' });
  const smallOffenders = await fixture(dir, 'offenders', 500, { seed: 7, dialect: 'canonical' });
  bigOffenders = (await fixture(dir, 'offenders', 20_000, { seed: 2, dialect: 'canonical' })).path;

  for (const name of ['districts', 'to delete'])
    await dispatcher.call('figures.save', { figure: districtFigure(name), overwrite: true });
  const { doc } = await dispatcher.call('infographic.fromTemplate', { template: 'victims' });
  for (const name of ['Victims', 'to delete'])
    await dispatcher.call('infographics.save', { doc: { ...doc, name }, overwrite: true });
  await dispatcher.call('reports.save', { report: { name: 'Pack', items: [{ kind: 'figure', name: 'districts' }] } });
  await dispatcher.call('reports.save', { report: { name: 'to delete', items: [] } });
  await dispatcher.call('retention.set', { years: 100 });
  const backup = dir.file('backup.vsow');
  await dispatcher.call('workspace.backup', { path: backup });
  const { mapping } = await dispatcher.call('import.preview', { cohort: 'victims', path: small.path });
  const street = dir.write('street.csv', streetCrimeCsv(300));
  const { columns } = await dispatcher.call('import.contextPreview', { path: street });
  const lookup = dir.file('LSOA11_LAD19.csv');
  await writeLsoaLookup(lookup);
  const forgotten = dir.file('forgotten.vsow');
  session.recent.remember(forgotten);

  w = {
    dir,
    path,
    passphrase: PASSPHRASE,
    services,
    api: dispatcher,
    vault,
    spare: { batchId: spare.batchId, records: spare.accepted },
    firstBatch,
    doc,
    mapping,
    contextColumns: columns,
    smallVictims: small.path,
    smallOffenders: smallOffenders.path,
    street,
    lookup,
    backup,
    forgotten,
    out: (name) => dir.file(name),
  };
}, HANG);

afterAll(async () => {
  await w?.services.shutdown?.();
  w?.dir.remove();
  if (configBefore === undefined) delete process.env.VSO_CONFIG_DIR;
  else process.env.VSO_CONFIG_DIR = configBefore;
});

describe('every method of the contract while an import holds the writer', () => {
  it('has a plan for each method of the contract, and none for a method it lacks', () => {
    const planned = Object.keys(TABLE).sort();
    expect(planned).toEqual(Object.keys(api).sort());
    // The handlers queue these in the write gate themselves: the table must call each a write.
    const writers = (Object.keys(TABLE) as MethodName[]).filter((m) => writesOf(m)?.where === 'workspace');
    expect(writers).toEqual(expect.arrayContaining([...WRITING_METHODS]));
    const none = entriesOf('none');
    for (const method of none)
      console.info(`${method}: not during an import: ${(TABLE[method] as { why: string }).why}`);
  });

  it(
    'answers every other method beside one import; each write waits for it and lands',
    async () => {
      const shared = entriesOf('shared');
      const holder = await holdingImport(w, bigOffenders);
      expect(holder.settled(), 'the import was still running when the calls were made').toBe(0);
      const during = directWriteRefused(w);

      const settledAt = new Map<MethodName, number>();
      const calls = shared.map((method) => call(w, method).finally(() => settledAt.set(method, tick())));
      const results = await Promise.allSettled(calls);
      const imported = await holder.done;

      const failures = shared.flatMap((method, i) => {
        const result = results[i] as PromiseSettledResult<unknown>;
        return result.status === 'fulfilled' ? [] : [`${method}: ${outcome(result)}`];
      });
      expect(failures).toEqual([]);
      expect(outcome(imported)).toBe('ok');
      expect(during).toEqual({ queryOnly: 1, error: 'SQLITE_READONLY' });

      for (const [i, method] of shared.entries()) {
        const result = results[i] as PromiseFulfilledResult<unknown>;
        expect(api[method].result.safeParse(result.value).success, `${method} answers in its schema`).toBe(true);
        const writes = writesOf(method);
        if (writes === undefined) continue;
        if (writes.where === 'workspace')
          expect(settledAt.get(method), `${method} waited for the import`).toBeGreaterThan(holder.settled());
        await (writes.landed as (w: World, r: unknown) => Promise<void> | void)(w, result.value);
      }
      expect(directWriteRefused(w)).toEqual({ queryOnly: 1, error: 'SQLITE_READONLY' });
    },
    HANG,
  );

  it(
    'ends or replaces the workspace during an import of its own, which commits or rolls back, never both',
    async () => {
      for (const method of entriesOf('own')) {
        if (w.services.session.status().path !== w.path) await w.services.session.open(w.path, w.passphrase);
        const before = w.services.session.current().info().counts.offenders;
        const holder = await holdingImport(w, bigOffenders);
        expect(holder.settled(), `the import was still running when ${method} was called`).toBe(0);
        const [result] = await Promise.allSettled([call(w, method)]);
        const imported = await holder.done;
        expect(`${method}: ${outcome(result)}`).toBe(`${method}: ok`);
        // Stopped by a lock or close (rolled back) or committed: only these answers, and the file agrees.
        expect(['ok', 'CANCELLED', 'WORKSPACE_LOCKED']).toContain(outcome(imported).split(':')[0]);
        if (method === 'workspace.changePassphrase') w.passphrase = NEXT_PASSPHRASE;
        const writes = writesOf(method);
        const value = (result as PromiseFulfilledResult<unknown>).value;
        expect(api[method].result.safeParse(value).success, `${method} answers in its schema`).toBe(true);
        await (writes?.landed as ((w: World, r: unknown) => Promise<void> | void) | undefined)?.(w, value);

        if (method === 'workspace.lock') {
          const unlocked = await call(w, 'workspace.unlock');
          expect(unlocked.state).toBe('open');
        }
        if (w.services.session.status().path !== w.path) await w.services.session.open(w.path, w.passphrase);
        const after = w.services.session.current().info().counts.offenders;
        const accepted = imported.status === 'fulfilled' ? imported.value.accepted : 0;
        expect(after, `${method}: the import answered ${outcome(imported)}, and the file agrees`).toBe(
          before + accepted,
        );
        expect(directWriteRefused(w)).toEqual({ queryOnly: 1, error: 'SQLITE_READONLY' });
      }
    },
    HANG,
  );
});
