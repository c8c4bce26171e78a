// A police open-data street-level crime file (the twelve columns of data.police.uk) of
// `rows` rows: five crime types and five LSOAs in turn (one outside the county), months
// 2023-01 to 2023-09, anti-social behaviour with no crime id or outcome. Shared by the
// import, engine and end-to-end tests of context datasets. Without LSOA names, only the LSOA
// codes remain to derive a district from (through the geography lookup); the codes are the
// person pool's, so the generated lookup (src-main/sample/generator/lsoaLookup.ts) knows the four in
// the county and not the fifth.
export const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
export const TYPES = [
  'Anti-social behaviour',
  'Violence and sexual offences',
  'Shoplifting',
  'Burglary',
  'Criminal damage and arson',
];
export const LSOAS: Array<[string, string]> = [
  ['E01018088', 'Fenland 012A'],
  ['E01015620', 'Peterborough 004B'],
  ['E01017950', 'Cambridge 007C'],
  ['E01018200', 'Huntingdonshire 015D'],
  ['E01033000', "King's Lynn and West Norfolk 001A"],
];

export function streetCrimeCsv(rows: number, options: { lsoaNames?: boolean } = {}): string {
  const names = options.lsoaNames ?? true;
  const lines = [names ? HEADER : HEADER.replace(',LSOA name', '')];
  for (let i = 0; i < rows; i++) {
    const [code, name] = LSOAS[i % LSOAS.length] as [string, string];
    const type = TYPES[i % TYPES.length] as string;
    const id = type === 'Anti-social behaviour' ? '' : (i * 2654435761).toString(16).padStart(16, '0').repeat(4);
    lines.push(
      [
        id,
        `2023-0${1 + (i % 9)}`,
        'Cambridgeshire Constabulary',
        'Cambridgeshire Constabulary',
        (0.1 + (i % 97) / 1000).toFixed(6),
        (52.5 + (i % 89) / 1000).toFixed(6),
        `"On or near Street ${i}, Ward"`,
        code,
        ...(names ? [`"${name}"`] : []),
        type,
        type === 'Anti-social behaviour' ? '' : 'Investigation complete; no suspect identified',
        '',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
