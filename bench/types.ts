// One row of a benchmark table: the median of a measured operation, with a peer beside it.
export interface BenchRow {
  name: string;
  medianMs: number;
  peer?: string;
  peerMedianMs?: number;
  ratio?: number;
  unit?: string;
  extra?: Record<string, number | string>;
}
