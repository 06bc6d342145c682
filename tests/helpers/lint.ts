/** Lints a snippet as if it were a file of the repository, with the repository's own ESLint configuration. */
import path from 'node:path';
import { ESLint } from 'eslint';
import { ROOT } from './cli.js';

const eslint = new ESLint({ cwd: ROOT });

/** The messages one rule reports on `code` placed at `file` (relative to the repository). */
export async function ruleMessages(ruleId: string, file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message);
}
