// The one Content-Security-Policy of the renderer (both transports): strict, and clean under
// the CSP evaluator that electronegativity itself uses.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../../src-main/ipc/contentSecurityPolicy.ts';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0] !== undefined && tokens[0] !== '')
      .map(([name, ...values]) => [name as string, values]),
  );
}

interface CspFinding {
  severity: number;
  directive: string;
  value?: string;
  description: string;
}
interface CspEvaluatorModule {
  CspParser: new (policy: string) => { csp: unknown };
  CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): CspFinding[] };
  Version: { CSP3: unknown };
  severities: Record<string, number>;
}
const cspEvaluator = createRequire(import.meta.url)('@doyensec/csp-evaluator') as CspEvaluatorModule;

describe('Content-Security-Policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('denies by default and names only the app itself as a source', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    for (const [name, values] of csp) {
      for (const value of values) {
        expect(value, `${name} ${value}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:|blob:)$/);
      }
    }
  });

  it('never allows eval, inline scripts or remote scripts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*/);
  });

  it('closes objects, framing, base and forms', () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('is sent with nosniff and a same-origin opener policy', () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(SECURITY_HEADERS['Cross-Origin-Opener-Policy']).toBe('same-origin');
  });

  it('has no high or medium finding under the CSP evaluator electronegativity uses', () => {
    const parsed = new cspEvaluator.CspParser(CONTENT_SECURITY_POLICY);
    const findings = new cspEvaluator.CspEvaluator(parsed.csp, cspEvaluator.Version.CSP3).evaluate();
    const { HIGH, SYNTAX, MEDIUM, HIGH_MAYBE } = cspEvaluator.severities;
    const serious = findings.filter((f) => [HIGH, SYNTAX, MEDIUM, HIGH_MAYBE].includes(f.severity));
    expect(serious).toEqual([]);
    // The one remaining note, "'self' can be problematic if you host JSONP …", does not apply:
    // app:// serves only the built renderer, no JSONP endpoint and no user uploads.
    expect(findings.every((f) => f.directive === 'script-src' && f.value === "'self'")).toBe(true);
  });

  it('the evaluator does flag a weakened policy (the check can fail)', () => {
    const weak = CONTENT_SECURITY_POLICY.replace(
      "script-src 'self'",
      "script-src 'self' 'unsafe-eval' https://cdn.example",
    );
    const findings = new cspEvaluator.CspEvaluator(
      new cspEvaluator.CspParser(weak).csp,
      cspEvaluator.Version.CSP3,
    ).evaluate();
    expect(findings.some((f) => f.value === "'unsafe-eval'")).toBe(true);
  });
});
