// The app:// handler over a real folder on disk: content types, security headers, 404s,
// and no way out of the folder (encoded dots, other hosts, links).
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/ipc/contentSecurityPolicy.ts';
import { createAppProtocolHandler } from '../../../src-main/shell/appProtocol.ts';

let base: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'vso-app-protocol-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>VSO Workbench</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(root, 'assets', 'data.json'), '{"a":1}');
  writeFileSync(join(root, 'assets', 'blob.bin'), Buffer.from([1, 2, 3]));
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer folder');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  handle = createAppProtocolHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET'): Promise<Response> => handle(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves index.html for / with the CSP and security headers', async () => {
    const response = await get('app://vso/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>VSO Workbench</title>');
  });

  it.each([
    ['assets/app.js', 'text/javascript; charset=utf-8'],
    ['assets/app.css', 'text/css; charset=utf-8'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/font.woff2', 'font/woff2'],
    ['assets/data.json', 'application/json; charset=utf-8'],
    ['assets/blob.bin', 'application/octet-stream'],
  ])('serves %s as %s', async (path, type) => {
    const response = await get(`app://vso/${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 for missing assets, never lists a folder, and falls back to the shell for routes', async () => {
    expect((await get('app://vso/assets/missing.js')).status).toBe(404);
    const folder = await get('app://vso/assets/');
    expect(await folder.text()).not.toContain('app.js');
    const route = await get('app://vso/explore');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('VSO Workbench');
  });

  it('never serves a file outside the folder', async () => {
    for (const url of [
      'app://vso/%2e%2e/secret.txt',
      'app://vso/..%2fsecret.txt',
      'app://vso/assets/..%2f..%2fsecret.txt',
      'app://vso/%2e%2e%2f%2e%2e%2fetc/passwd',
      'app://vso/assets/link.txt',
      'app://vso/%00index.html',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('outside the renderer folder');
    }
  });

  it('refuses other hosts and methods other than GET/HEAD', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('app://vso/index.html', 'POST')).status).toBe(405);
    const head = await get('app://vso/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
