/** The `parity` command: dispatches to subcommands, each a thin translation of flags into engine jobs. */
import { parityVersion } from '../engine/index.js';
import { helpText } from './command.js';
import { COMMANDS } from './commands/index.js';
import { EXIT } from './exit-codes.js';
import { parseFlags } from './flags.js';
import { reportError } from './report-error.js';

function version(): string {
  try {
    return parityVersion();
  } catch {
    return 'unknown';
  }
}

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, cmd]) => `  ${name.padEnd(width)}  ${cmd.summary}`);
  return [
    'Usage: parity <command> [options]',
    '',
    'Turn an ONNX image model into faster, smaller CPU variants and prove they still predict what the original does.',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `parity <command> --help` for a command\'s options. Exit status: 0 ok, 1 gate failed, 2 bad input, 3 internal error, 130 cancelled.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic ? COMMANDS[topic] : undefined;
    process.stdout.write(`${command && topic ? helpText(topic, command) : overview()}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`parity ${version()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`parity: unknown command "${name}"\nhint: commands are ${Object.keys(COMMANDS).join(', ')}\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${helpText(name, command)}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(parseFlags(name, rest, command.flags));
  } catch (error) {
    return reportError(error);
  }
}
