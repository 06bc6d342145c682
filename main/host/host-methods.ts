/**
 * One dispatcher for both transports (HTTP and Electron IPC): the method name is checked against the contract,
 * params validated by its zod schema before any handler runs, and the handler's result validated on the way out.
 */
import type { z } from 'zod';
import { HOST_METHODS, type HostMethod, type HostResult } from '../../shared/contract/host-api.js';
import { ParityError } from '../../shared/errors.js';
import type { HostService } from './host-service.js';

export type HostMethodParams<M extends HostMethod> = z.output<(typeof HOST_METHODS)[M]['params']>;

/** A handler per method: the compiler rejects a host that misses one. */
export type HostHandlers = { [M in HostMethod]: (params: HostMethodParams<M>) => Promise<HostResult<M>> };

/** Methods whose behaviour depends on the host (dialogs, downloads, versions of the shell). */
export type HostSpecificMethods = 'appInfo' | 'pickPaths' | 'exportReport';

export function isHostMethod(name: string): name is HostMethod {
  return Object.prototype.hasOwnProperty.call(HOST_METHODS, name);
}

/** Validates and runs one call; rejects with a ParityError (BAD_OPTION for an unknown method or bad params). */
export async function invokeHostMethod(handlers: HostHandlers, method: string, raw: unknown): Promise<unknown> {
  if (!isHostMethod(method)) {
    throw new ParityError('BAD_OPTION', `Unknown host method "${method.slice(0, 40)}".`, undefined, { reason: 'not-found' });
  }
  const spec = HOST_METHODS[method];
  const parsed = spec.params.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw new ParityError('BAD_OPTION', `Invalid ${method} parameters${where}: ${issue?.message ?? 'invalid'}`);
  }
  const handler = handlers[method] as (params: unknown) => Promise<unknown>;
  const result = await handler(parsed.data);
  const checked = spec.result.safeParse(result);
  if (!checked.success) throw new ParityError('INTERNAL', `The host returned a malformed ${method} result: ${checked.error.message}`);
  return checked.data;
}

/** The handlers every host shares; each host adds appInfo, pickPaths and exportReport. */
export function sharedHandlers(service: HostService): Omit<HostHandlers, HostSpecificMethods> {
  return {
    startJob: (p) => service.startJob(p),
    cancelJob: async (p) => {
      service.cancelJob(p.jobId);
      return {};
    },
    listJobs: async () => service.listJobs(),
    listRuns: () => service.runs.list(),
    readReport: (p) => service.runs.readReport(p.runId),
    deleteRun: async (p) => {
      await service.runs.delete(p.runId);
      return {};
    },
    openRun: (p) => service.runs.open(p.path),
    listRecent: () => service.recent.list(),
    addRecent: async (p) => {
      await service.addRecent(p);
      return {};
    },
    statPath: (p) => service.statPath(p.path, p.kind),
  };
}
