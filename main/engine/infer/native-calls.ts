/**
 * ONNX Runtime calls in progress. onnxruntime-node creates sessions and runs them synchronously on the engine's
 * thread, so a heavy model (ISNet at 1024×1024: 4.5 s of CPU per image, 25–60 s on a loaded 2-core machine) blocks
 * the heartbeat for that long. The engine announces each call before it blocks, so the host's hang watchdog can tell
 * "inside ONNX Runtime" from a hung engine.
 */

/** What the engine is doing inside ONNX Runtime, as a heartbeat says it. */
export interface NativeCall {
  /** e.g. "run model.onnx". */
  what: string;
  /** Date.now() when the call began. */
  since: number;
}

type Listener = (call: NativeCall) => void;

const inProgress = new Set<NativeCall>();
let listener: Listener | null = null;

/** Calls `onStart` just before each ONNX Runtime call blocks the thread (the engine's RPC server sends a heartbeat). */
export function onNativeCallStart(onStart: Listener | null): void {
  listener = onStart;
}

/** The oldest ONNX Runtime call still in progress, or null. */
export function nativeCallInProgress(): NativeCall | null {
  let oldest: NativeCall | null = null;
  for (const call of inProgress) if (oldest === null || call.since < oldest.since) oldest = call;
  return oldest;
}

/** Runs `call` (a session creation or run) announced as `what`. */
export async function withinNativeCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  const entry: NativeCall = { what, since: Date.now() };
  inProgress.add(entry);
  try {
    listener?.(entry);
    return await call();
  } finally {
    inProgress.delete(entry);
  }
}
