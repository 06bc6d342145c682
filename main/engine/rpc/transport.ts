/**
 * The engine's side of its channel to the host: Electron's utilityProcess parentPort when there is one,
 * otherwise the IPC channel of child_process.fork. Everything above this file is transport-agnostic.
 */
export interface EngineTransport {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the host is gone; the engine should exit. */
  onDisconnect(listener: () => void): void;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToHost(): EngineTransport {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      onDisconnect: () => {
        // A utility process is killed by Electron when the app quits; nothing to watch.
      },
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('The engine must be started by a host (child_process.fork or utilityProcess).');
  return {
    send: (message) => {
      if (process.connected) send(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message)),
    onDisconnect: (listener) => process.on('disconnect', listener),
  };
}
