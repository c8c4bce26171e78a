// What the screen's flow, funnel and combinations figures take from the figure they sit in:
// its base layout, the hatch of a suppressed area and the [c] annotation the parity test reads.
export interface PlotlyKit {
  layout: Record<string, unknown>;
  hatch: Record<string, unknown>;
  mark(
    text: string,
    where: { series: string; category: string },
    position: Record<string, unknown>,
  ): Record<string, unknown>;
  font: { family: string; size: number; color: string };
  muted: string;
}
