// Shows an SVG from main inline, sanitised (sanitizeSvg.ts), scaled to its container's width.
import { useEffect, useRef } from 'react';
import { sanitizeSvg } from './sanitizeSvg.ts';

export function SafeSvg({ svg, label, className }: { svg: string; label: string; className?: string }) {
  const host = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const container = host.current;
    if (container === null) return;
    const element = sanitizeSvg(svg);
    if (element === null) {
      container.replaceChildren();
      return;
    }
    element.setAttribute('width', '100%');
    element.removeAttribute('height');
    element.setAttribute('role', 'img');
    element.setAttribute('aria-label', label);
    container.replaceChildren(element);
  }, [svg, label]);
  return <div ref={host} className={className} data-testid="infographic-svg" />;
}
