// The preload: exposes `send` and `onMessage` on one channel pair and nothing else
// (no ipcRenderer, no Node). Built as CommonJS, as a sandboxed preload must be.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_CHANNEL_TO_MAIN,
  IPC_CHANNEL_TO_RENDERER,
  type ClientMessage,
  type ServerMessage,
} from '../../shared/protocol.ts';

const bridge = {
  send(message: ClientMessage): void {
    ipcRenderer.send(IPC_CHANNEL_TO_MAIN, message);
  },
  onMessage(listener: (message: ServerMessage) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, message: ServerMessage): void => listener(message);
    ipcRenderer.on(IPC_CHANNEL_TO_RENDERER, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNEL_TO_RENDERER, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('vsoIpc', bridge);
