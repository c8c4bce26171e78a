// Axis arithmetic for the SVG charts: "nice" tick steps (1, 2, 2.5, 5 x 10^k) and number
// formats in British English, so axes read 0, 250, 500 rather than 0, 237, 474.

export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
}

function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Ticks covering [min, max] with about `count` intervals; zero is always included. */
export function niceTicks(minValue: number, maxValue: number, count = 5): Ticks {
  const lo = Math.min(0, minValue);
  let hi = Math.max(0, maxValue);
  if (hi === lo) hi = lo + 1;
  const step = niceStep((hi - lo) / Math.max(1, count));
  const min = Math.floor(lo / step) * step;
  const max = Math.ceil(hi / step) * step;
  const values: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) values.push(Math.round(v / step) * step);
  return { min, max, step, values };
}

/** Linear map from the tick range onto [from, to] in pixels. */
export function linearScale(ticks: Pick<Ticks, 'min' | 'max'>, from: number, to: number): (value: number) => number {
  const span = ticks.max - ticks.min || 1;
  return (value) => from + ((value - ticks.min) / span) * (to - from);
}

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** 1,234 for counts; 12.3 for rates and percentages. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? integer.format(value) : oneDecimal.format(value);
}

export function formatTick(value: number, step: number): string {
  if (step >= 1) return integer.format(value);
  const decimals = Math.min(4, Math.max(1, Math.ceil(-Math.log10(step))));
  return new Intl.NumberFormat('en-GB', { maximumFractionDigits: decimals }).format(value);
}

export function formatPercent(value: number): string {
  return `${oneDecimal.format(value)}%`;
}
