// The small part of Plotly's API this app uses (plotly.js-dist-min ships no types).
declare module 'plotly.js-dist-min' {
  export interface PlotlyClickPoint {
    customdata?: unknown;
    data: { customdata?: unknown; name?: string };
    pointIndex?: number;
    curveNumber: number;
  }
  export interface PlotlyHTMLElement extends HTMLElement {
    on(event: 'plotly_click', handler: (event: { points: PlotlyClickPoint[] }) => void): void;
    removeAllListeners?(event: string): void;
  }
  const Plotly: {
    react(root: HTMLElement, data: object[], layout: object, config?: object): Promise<PlotlyHTMLElement>;
    purge(root: HTMLElement): void;
    toImage(
      root: HTMLElement,
      options: { format: 'png' | 'svg'; width: number; height: number; scale?: number },
    ): Promise<string>;
  };
  export default Plotly;
}
