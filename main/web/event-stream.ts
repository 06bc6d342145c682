/**
 * GET /api/events: host events as server-sent events (`event: message`, data = one HostEvent). A new connection
 * first receives every known job, so a reloaded page catches up; comments every few seconds keep it alive.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostEvent } from '../../shared/contract/host-api.js';
import type { HostService } from '../host/index.js';

export function formatEvent(event: HostEvent): string {
  return `event: message\ndata: ${JSON.stringify(event)}\n\n`;
}

export function openEventStream(req: IncomingMessage, res: ServerResponse, service: HostService, heartbeatMs: number): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  for (const job of service.listJobs()) res.write(formatEvent({ type: 'job', job }));
  const unsubscribe = service.subscribe((event) => {
    if (!res.writableEnded) res.write(formatEvent(event));
  });
  const heartbeat = setInterval(() => res.write(`: ping ${Date.now()}\n\n`), heartbeatMs);
  const close = (): void => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', close);
  res.on('close', close);
}
