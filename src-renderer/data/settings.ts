// The open workspace's contact for published statistics, as typed calls.
import { caller } from './caller.ts';

export const settingsCalls = {
  contact: caller('workspace.contact'),
  setContact: caller('workspace.setContact'),
};
