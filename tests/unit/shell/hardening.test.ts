// The session and webContents hooks, driven through stand-in objects shaped like Electron's.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  hardenContents,
  hardenSession,
  type HardenableContents,
  type HardenableSession,
} from '../../../src-main/shell/hardening.ts';
import { APP_ENTRY_URL } from '../../../src-main/shell/requestPolicy.ts';

function preventable(
  extra: Record<string, unknown> = {},
): { preventDefault(): void; prevented: boolean } & Record<string, unknown> {
  const event = {
    ...extra,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

class FakeContents extends EventEmitter implements HardenableContents {
  url = APP_ENTRY_URL;
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

describe('hardenContents', () => {
  it('denies every new window', () => {
    const contents = new FakeContents();
    hardenContents(contents);
    expect(contents.openHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://vso/index.html' })).toEqual({ action: 'deny' });
  });

  it('prevents navigation, frame navigation and redirects away from the page', () => {
    const contents = new FakeContents();
    hardenContents(contents);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = preventable({ url: 'https://example.org/' });
      contents.emit(name, away);
      expect(away.prevented, name).toBe(true);
      const hash = preventable({ url: `${APP_ENTRY_URL}#audit` });
      contents.emit(name, hash);
      expect(hash.prevented, name).toBe(false);
    }
  });

  it('refuses to attach a <webview>', () => {
    const contents = new FakeContents();
    hardenContents(contents);
    const event = preventable();
    contents.emit('will-attach-webview', event);
    expect(event.prevented).toBe(true);
  });
});

class FakeSession extends EventEmitter implements HardenableSession {
  requestHandler: Parameters<HardenableSession['setPermissionRequestHandler']>[0] | null = null;
  checkHandler: Parameters<HardenableSession['setPermissionCheckHandler']>[0] | null = null;
  deviceHandler: (() => boolean) | null = null;
  spellChecker = true;
  beforeRequest: Parameters<HardenableSession['webRequest']['onBeforeRequest']>[0] | null = null;
  setPermissionRequestHandler(handler: NonNullable<FakeSession['requestHandler']>): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: NonNullable<FakeSession['checkHandler']>): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: () => boolean): void {
    this.deviceHandler = handler;
  }
  setSpellCheckerEnabled(enabled: boolean): void {
    this.spellChecker = enabled;
  }
  webRequest = {
    onBeforeRequest: (listener: NonNullable<FakeSession['beforeRequest']>): void => {
      this.beforeRequest = listener;
    },
  };
}

function cancelled(ses: FakeSession, url: string): boolean {
  let answer: boolean | undefined;
  ses.beforeRequest?.({ url }, (response) => {
    answer = response.cancel;
  });
  if (answer === undefined) throw new Error('onBeforeRequest did not answer');
  return answer;
}

describe('hardenSession', () => {
  it('denies every permission request and check, and every device', () => {
    const ses = new FakeSession();
    hardenSession(ses, { devTools: false });
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen']) {
      let granted: boolean | undefined;
      ses.requestHandler?.({}, permission, (g) => {
        granted = g;
      });
      expect(granted, permission).toBe(false);
      expect(ses.checkHandler?.({}, permission), permission).toBe(false);
    }
    expect(ses.deviceHandler?.()).toBe(false);
  });

  it('cancels every request outside app:// and keeps the spell checker (and its downloads) off', () => {
    const ses = new FakeSession();
    hardenSession(ses, { devTools: false });
    expect(ses.spellChecker).toBe(false);
    expect(cancelled(ses, 'app://vso/assets/index.js')).toBe(false);
    expect(cancelled(ses, 'http://203.0.113.1/x.png')).toBe(true);
    expect(cancelled(ses, 'https://redirector.gvt1.com/edgedl/chrome/dict/en-gb-10-1.bdic')).toBe(true);
    expect(cancelled(ses, 'devtools://devtools/bundled/inspector.html')).toBe(true);
  });

  it('lets downloads of the page’s own blobs through and cancels any other download', () => {
    const ses = new FakeSession();
    hardenSession(ses, { devTools: false });
    const own = preventable();
    ses.emit('will-download', own, { getURL: () => 'blob:app://vso/1234' });
    expect(own.prevented).toBe(false);
    const foreign = preventable();
    ses.emit('will-download', foreign, { getURL: () => 'https://example.org/tool.exe' });
    expect(foreign.prevented).toBe(true);
  });
});
