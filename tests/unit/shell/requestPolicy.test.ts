// The pure rules behind the session and webContents hooks: what may load, navigate and
// talk to main.
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  isAppUrl,
  isTrustedSender,
  permissionDecision,
  shouldBlockNavigation,
  shouldCancelRequest,
} from '../../../src-main/shell/requestPolicy.ts';

describe('isAppUrl', () => {
  it('accepts only app://vso', () => {
    expect(isAppUrl('app://vso/index.html')).toBe(true);
    expect(isAppUrl('app://vso/assets/index-abc.js')).toBe(true);
    for (const url of [
      'app://other/index.html',
      'app://vso:8080/x',
      'app://user@vso/x',
      'file:///etc/passwd',
      'http://vso/',
      'https://example.org/',
      'javascript:alert(1)',
      'not a url',
      undefined,
    ]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });
});

describe('shouldCancelRequest (offline by construction)', () => {
  it('lets the app origin, inline data and the app’s own blobs through', () => {
    expect(shouldCancelRequest('app://vso/index.html')).toBe(false);
    expect(shouldCancelRequest('data:image/png;base64,AAAA')).toBe(false);
    expect(shouldCancelRequest('blob:app://vso/5f0c6d1e-0000-4000-8000-000000000000')).toBe(false);
  });

  it('cancels every other request', () => {
    for (const url of [
      'http://203.0.113.1/x.png',
      'https://cdn.plot.ly/world_110m.json',
      'ws://127.0.0.1:9222/',
      'file:///etc/passwd',
      'ftp://example.org/',
      'blob:https://evil.example/123',
      'app://evil/index.html',
      'chrome-extension://abc/x.js',
    ]) {
      expect(shouldCancelRequest(url), url).toBe(true);
    }
  });

  it('allows devtools:// only when DevTools are enabled', () => {
    expect(shouldCancelRequest('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(shouldCancelRequest('devtools://devtools/bundled/inspector.html', { devTools: true })).toBe(false);
  });
});

describe('shouldBlockNavigation', () => {
  it('blocks navigation to any other origin or scheme', () => {
    for (const target of [
      'https://example.org/',
      'http://127.0.0.1:3000/',
      'file:///home/user/x.html',
      'app://other/index.html',
      'javascript:alert(1)',
    ]) {
      expect(shouldBlockNavigation(APP_ENTRY_URL, target), target).toBe(true);
    }
  });

  it('blocks moving to another page of the app, allows staying on the same page', () => {
    expect(shouldBlockNavigation(APP_ENTRY_URL, 'app://vso/other.html')).toBe(true);
    expect(shouldBlockNavigation(APP_ENTRY_URL, 'app://vso/index.html?x=1')).toBe(true);
    expect(shouldBlockNavigation(APP_ENTRY_URL, 'app://vso/index.html#explore')).toBe(false);
  });

  it('blocks everything when the current page is not the app (e.g. before the first load)', () => {
    expect(shouldBlockNavigation('', APP_ENTRY_URL)).toBe(true);
    expect(shouldBlockNavigation('about:blank', APP_ENTRY_URL)).toBe(true);
  });
});

describe('permissionDecision', () => {
  it('denies every permission', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'fullscreen',
      'openExternal',
      'hid',
      'serial',
      'usb',
    ]) {
      expect(permissionDecision(permission)).toBe(false);
    }
  });
});

describe('isTrustedSender', () => {
  const trusted = new Set([7]);
  const good = { frameUrl: 'app://vso/index.html', isMainFrame: true, senderId: 7 };

  it('accepts the app’s own top frame in the app’s window', () => {
    expect(isTrustedSender(good, trusted)).toBe(true);
  });

  it('refuses sub-frames, other origins, vanished frames and other webContents', () => {
    expect(isTrustedSender({ ...good, isMainFrame: false }, trusted)).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: 'https://evil.example/' }, trusted)).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: 'file:///tmp/x.html' }, trusted)).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: undefined }, trusted)).toBe(false);
    expect(isTrustedSender({ ...good, senderId: 8 }, trusted)).toBe(false);
  });
});
