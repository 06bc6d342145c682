export interface CliCommand {
  /** One line for `parity --help`. */
  summary: string;
  /** The full help text for `parity <command> --help`. */
  usage: string;
  /** Runs the command; resolves to the exit status. */
  run(argv: string[]): Promise<number>;
}
