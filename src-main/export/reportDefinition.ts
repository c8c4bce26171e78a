// What a report is: a name and its items (saved figures and infographics, in order). Its own
// module so the disclosure guard can read a report without importing the pack builder.
export type ReportItem = { kind: 'figure'; name: string } | { kind: 'infographic'; name: string };

export interface ReportDefinition {
  name: string;
  items: readonly ReportItem[];
}
