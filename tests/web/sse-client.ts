/** A minimal server-sent-events reader for tests: parses `event:`/`data:` blocks and keeps comments apart. */
import http from 'node:http';
import { HostEventSchema, type HostEvent } from '../../shared/contract/host-api.js';

export interface SseConnection {
  status: number;
  contentType: string | undefined;
  events: HostEvent[];
  comments: string[];
  eventNames: string[];
  /** Resolves with the first event (already received or to come) that satisfies the predicate. */
  waitFor(predicate: (event: HostEvent) => boolean, timeoutMs?: number): Promise<HostEvent>;
  close(): void;
}

export function connectEvents(port: number, headers: Record<string, string>): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/events', headers: { Host: `127.0.0.1:${port}`, ...headers }, agent: false }, (res) => {
      const events: HostEvent[] = [];
      const comments: string[] = [];
      const eventNames: string[] = [];
      const waiters: Array<{ predicate: (e: HostEvent) => boolean; resolve: (e: HostEvent) => void }> = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) name = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length === 0) continue;
          eventNames.push(name);
          const event = HostEventSchema.parse(JSON.parse(data.join('\n')));
          events.push(event);
          for (const waiter of [...waiters]) {
            if (waiter.predicate(event)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(event);
            }
          }
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        contentType: res.headers['content-type'],
        events,
        comments,
        eventNames,
        waitFor(predicate, timeoutMs = 60_000) {
          const found = events.find(predicate);
          if (found) return Promise.resolve(found);
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error('no such event arrived in time')), timeoutMs);
            waiters.push({ predicate, resolve: (e) => { clearTimeout(timer); ok(e); } });
          });
        },
        close() {
          req.destroy();
        },
      });
    });
    req.on('error', reject);
  });
}
