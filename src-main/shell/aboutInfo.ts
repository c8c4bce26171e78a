// The About box: the version, what it runs on, and the licences of what the app bundles
// (the district boundaries from the ONS, the fonts embedded in exported figures and PDFs,
// the libraries that draw and read data). The screens themselves use the operating system's
// fonts. Pure text, tested in Node.
import { MAP_ATTRIBUTION } from '../../shared/geo/districts.ts';

export interface AboutFacts {
  name: string;
  version: string;
  /** process.versions in the Electron main process. */
  versions: { electron?: string; chrome?: string; node?: string };
}

export const BUNDLED_LICENCES: readonly { what: string; licence: string }[] = [
  {
    what: 'District boundaries (ONS, Local Authority Districts December 2019, generalised clipped)',
    licence: `Open Government Licence v3.0. ${MAP_ATTRIBUTION}`,
  },
  {
    what: 'Fonts Inter, Source Sans 3 and Merriweather (embedded in exported figures and PDFs)',
    licence: "SIL Open Font Licence 1.1. On screen, VSO Workbench uses your operating system's own fonts",
  },
  { what: 'Plotly.js (charts)', licence: 'MIT licence' },
  { what: 'React', licence: 'MIT licence' },
  { what: 'Apache Arrow (JavaScript)', licence: 'Apache License 2.0' },
  { what: 'PDFKit and resvg (exports)', licence: 'MIT licence (PDFKit); Mozilla Public License 2.0 (resvg)' },
  {
    what: 'SQLite with SQLCipher (better-sqlite3-multiple-ciphers)',
    licence: 'SQLite: public domain; SQLite3 Multiple Ciphers and better-sqlite3: MIT licence',
  },
  {
    what: 'Electron and Chromium',
    licence: "MIT licence (Electron); Chromium's licences are listed in LICENSES.chromium.html beside the program",
  },
];

export function aboutMessage(facts: AboutFacts): string {
  return `${facts.name} ${facts.version}`;
}

export function aboutDetail(facts: AboutFacts): string {
  const runtime = [
    facts.versions.electron === undefined ? null : `Electron ${facts.versions.electron}`,
    facts.versions.chrome === undefined ? null : `Chromium ${facts.versions.chrome}`,
    facts.versions.node === undefined ? null : `Node.js ${facts.versions.node}`,
  ].filter((part): part is string => part !== null);
  return [
    'An offline, encrypted analyst workbench for the Victims, Suspects and Offenders Needs Assessment.',
    runtime.length > 0 ? `Runs on ${runtime.join(', ')}.` : null,
    '',
    'Bundled data, fonts and software:',
    ...BUNDLED_LICENCES.map(({ what, licence }) => `• ${what}: ${licence}`),
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}
