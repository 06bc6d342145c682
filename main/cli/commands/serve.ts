import { forkChannelFactory } from '../../engine/index.js';
import { HostService } from '../../host/index.js';
import { openBrowser } from '../../web/open-browser.js';
import { startWebServer } from '../../web/server.js';
import type { CliCommand } from '../command.js';
import { engineLogging } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { integerIn } from '../flag-values.js';
import { flagSet, flagText, type FlagTable } from '../flags.js';
import { VERBOSE_FLAG } from './output-flags.js';

const FLAGS: FlagTable = {
  port: { value: 'n', help: 'port to listen on', shownDefault: 'a free one' },
  open: { help: 'open the address in the default browser' },
  ...VERBOSE_FLAG,
};

export const serveCommand: CliCommand = {
  summary: 'serve the app to a local browser (127.0.0.1, token-protected)',
  usage: ['serve [--port <n>] [--open]'],
  description: `Serves the Parity app to a browser on this machine: http://127.0.0.1 only, with a random token per launch that every
request must carry (the printed address holds it). On a headless server, reach it through an SSH tunnel
(ssh -L <port>:127.0.0.1:<port> server) and open the printed address locally.`,
  flags: FLAGS,
  examples: ['parity serve --open', 'parity serve --port 8123   # then, from your machine: ssh -L 8123:127.0.0.1:8123 server'],
  exitStatus: '0 when stopped (Ctrl-C or SIGTERM), 2 on a bad option.',
  async run(parsed) {
    const portText = flagText(parsed, 'port');
    // Port 0 asks the OS for a free one.
    const port = portText === undefined ? 0 : integerIn(0, 65535)(portText, 'port');
    const logging = engineLogging(flagSet(parsed, 'verbose'));
    const service = await HostService.create({ channelFactory: forkChannelFactory({ onOutput: logging.onOutput }), onLog: logging.onLog });
    let server;
    try {
      server = await startWebServer({ service, port });
    } catch (error) {
      await service.close();
      throw error;
    }
    process.stdout.write(`Parity is serving at ${server.url}\n`);
    if (flagSet(parsed, 'open') && !(await openBrowser(server.url))) {
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
