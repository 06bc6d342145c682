import { forkChannelFactory } from '../../engine/index.js';
import { HostService } from '../../host/index.js';
import { openBrowser } from '../../web/open-browser.js';
import { startWebServer } from '../../web/server.js';
import { numberOption, parseCommandArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

const usage = `Usage: parity serve [--port <n>] [--open]

Serves the Parity app to a browser on this machine: http://127.0.0.1 only, with a random token per launch that every
request must carry (the printed address holds it). On a headless server, reach it through an SSH tunnel
(ssh -L <port>:127.0.0.1:<port> server) and open the printed address locally.

Options:
  --port <n>      port to listen on (default: a free one)
  --open          open the address in the default browser
  --verbose       show the engine's log`;

export const serveCommand: CliCommand = {
  summary: 'serve the app to a local browser (127.0.0.1, token-protected)',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('serve', argv, {
      port: { type: 'string' },
      open: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const port = numberOption(parsed, 'port', 0, 65535, true) ?? 0;
    const verbose = parsed.values.verbose === true;
    const service = await HostService.create({
      channelFactory: forkChannelFactory({
        onOutput: (line) => {
          if (verbose) process.stderr.write(`[engine] ${line}\n`);
        },
      }),
      onLog: (level, message) => {
        if (verbose || level === 'error') process.stderr.write(`[engine ${level}] ${message}\n`);
      },
    });
    let server;
    try {
      server = await startWebServer({ service, port });
    } catch (error) {
      await service.close();
      throw error;
    }
    process.stdout.write(`Parity is serving at ${server.url}\n`);
    if (parsed.values.open === true && !(await openBrowser(server.url))) {
      process.stderr.write('parity: could not open a browser; open the address above yourself.\n');
    }
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stderr.write('parity: stopping\n');
    await server.close();
    await service.close();
    return EXIT.ok;
  },
};
