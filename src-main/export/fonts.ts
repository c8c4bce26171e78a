// The bundled fonts (SIL Open Font License 1.1, from the @expo-google-fonts packages): every
// export loads these files explicitly and never a system font, so an SVG, a PNG and a PDF made
// on any machine (Electron, browser mode or the CLI) measure and draw text identically.
import { createRequire } from 'node:module';
import { FONT_FAMILIES, type FontFamily } from '../../shared/infographic.ts';

export { FONT_FAMILIES, type FontFamily };
export const DEFAULT_FONT: FontFamily = 'Source Sans 3';

export interface FontChoice {
  family: FontFamily;
  label: string;
  packageName: string;
  licence: string;
  note: string;
}

const OFL = 'SIL Open Font License 1.1 (free to embed in documents and to redistribute with the app)';

export const FONT_CHOICES: readonly FontChoice[] = [
  {
    family: 'Source Sans 3',
    label: 'Source Sans 3 (default)',
    packageName: '@expo-google-fonts/source-sans-3',
    licence: OFL,
    note: 'Adobe’s humanist sans serif: clear at small sizes, the default for charts and tables.',
  },
  {
    family: 'Inter',
    label: 'Inter',
    packageName: '@expo-google-fonts/inter',
    licence: OFL,
    note: 'A screen-first sans serif with tabular figures; a little wider than Source Sans 3.',
  },
  {
    family: 'Merriweather',
    label: 'Merriweather',
    packageName: '@expo-google-fonts/merriweather',
    licence: OFL,
    note: 'A serif for print; wide, so text blocks hold fewer words.',
  },
];

const FILE_STEMS: Readonly<Record<FontFamily, string>> = {
  'Source Sans 3': 'SourceSans3',
  Inter: 'Inter',
  Merriweather: 'Merriweather',
};

export interface FontFiles {
  regular: string;
  bold: string;
}

const require = createRequire(import.meta.url);
const resolved = new Map<FontFamily, FontFiles>();

export function isFontFamily(value: string): value is FontFamily {
  return (FONT_FAMILIES as readonly string[]).includes(value);
}

/** The TTF paths of a family (regular and bold), resolved inside node_modules. */
export function fontFiles(family: FontFamily): FontFiles {
  const cached = resolved.get(family);
  if (cached) return cached;
  const choice = FONT_CHOICES.find((c) => c.family === family);
  if (!choice) throw new Error(`Unknown font family ${family}`);
  const stem = FILE_STEMS[family];
  const files = {
    regular: require.resolve(`${choice.packageName}/400Regular/${stem}_400Regular.ttf`),
    bold: require.resolve(`${choice.packageName}/700Bold/${stem}_700Bold.ttf`),
  };
  resolved.set(family, files);
  return files;
}

/** Every bundled TTF, for renderers that load a font list (resvg). */
export function allFontFiles(): string[] {
  return FONT_FAMILIES.flatMap((family) => {
    const files = fontFiles(family);
    return [files.regular, files.bold];
  });
}

/** The bundled family named first in a CSS font-family value, or the default. */
export function familyFromCss(value: string | undefined): FontFamily {
  for (const part of (value ?? '').split(',')) {
    const name = part.trim().replace(/^['"]|['"]$/g, '');
    if (isFontFamily(name)) return name;
  }
  return DEFAULT_FONT;
}
