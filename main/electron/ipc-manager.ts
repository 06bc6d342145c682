/**
 * The one place IPC enters the main process: a fixed channel per host method (no generic channel), each message
 * checked for its sender frame, then params validated against HOST_METHODS before the HostService sees them.
 * Answers are envelopes, so that the renderer receives the ParityErrorData (code, message, hint) intact.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { HOST_METHOD_NAMES, IPC_CHANNELS } from '../../shared/contract/host-channels.js';
import { ParityError, toErrorData, type ParityErrorData } from '../../shared/errors.js';
import { invokeHostMethod, type HostHandlers } from '../host/index.js';
import { isTrustedSender, type SenderFrame } from './ipc-sender.js';

export type IpcEnvelope = { ok: true; value: unknown } | { ok: false; error: ParityErrorData };

/** Handles one invoke: sender check, validation, call. Never throws. */
export async function handleInvoke(
  handlers: HostHandlers,
  method: string,
  senderFrame: SenderFrame | null | undefined,
  params: unknown,
): Promise<IpcEnvelope> {
  if (!isTrustedSender(senderFrame)) {
    return { ok: false, error: new ParityError('BAD_OPTION', 'This frame may not call Parity.', undefined, { reason: 'untrusted-sender' }).toData() };
  }
  try {
    return { ok: true, value: await invokeHostMethod(handlers, method, params) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

/** Registers a handler per method on its fixed channel; returns a function that removes them. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: HostHandlers): () => void {
  for (const method of HOST_METHOD_NAMES) {
    ipcMain.handle(IPC_CHANNELS.invoke(method), (event: IpcMainInvokeEvent, params: unknown) =>
      handleInvoke(handlers, method, event.senderFrame, params),
    );
  }
  return () => {
    for (const method of HOST_METHOD_NAMES) ipcMain.removeHandler(IPC_CHANNELS.invoke(method));
  };
}
