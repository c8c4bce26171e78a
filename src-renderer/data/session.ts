// The calls the app's own state makes (above the screens): the workspace's status, the app's
// info and preferences, the codebook, Explore's kept view, and main's pushed events.
import type { EventTopic } from '../../shared/protocol.ts';
import { apiClient } from '../api/client.ts';
import { caller } from './caller.ts';

export const sessionCalls = {
  status: caller('workspace.status'),
  lock: caller('workspace.lock'),
  info: caller('app.info'),
  preferences: caller('app.preferences'),
  setPreferences: caller('app.setPreferences'),
  codebook: caller('codebook.get'),
  exploreView: caller('screen.explore.get'),
  keepExploreView: caller('screen.explore.set'),
};

/** Listens to one of main's events; the returned function stops listening. */
export function onApiEvent(topic: EventTopic, listener: (payload: unknown) => void): () => void {
  return apiClient().onEvent(topic, listener);
}
