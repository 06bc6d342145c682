/** --json, --report and --csv: extra copies of a run's report files, for the commands that write a compare run folder. */
import type { FlagTable, Parsed } from '../flags.js';
import { reportCopies } from './output-flags.js';

/** The report copies (--json, --report, --csv) and the keys they take in a job's `copies`. */
const COPY_FLAGS = [['json', 'json'], ['report', 'html'], ['csv', 'csv']] as const;

export const REPORT_COPY_FLAGS: FlagTable = {
  json: { value: 'file', help: 'also write the JSON report here' },
  report: { value: 'file.html', help: 'also write the HTML report here' },
  csv: { value: 'file', help: 'also write the per-image CSV here' },
};

/** The copies the user asked for, as absolute paths. */
export function copiesOf(parsed: Parsed): { json?: string; html?: string; csv?: string } {
  return reportCopies(parsed, COPY_FLAGS);
}
