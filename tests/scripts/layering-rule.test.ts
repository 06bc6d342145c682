/** The `parity/layering` lint rule, run through the repository's own ESLint configuration. */
import { describe, expect, it } from 'vitest';
import { ruleMessages } from '../helpers/lint.js';

const layeringErrors = (file: string, code: string): Promise<string[]> => ruleMessages('parity/layering', file, code);

describe('the process layering', () => {
  it('keeps Node, Electron and the engine out of the renderer and shared, however they are named', async () => {
    expect(await layeringErrors('renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toEqual([
      'layering: renderer must not import the Node module "node:fs"',
    ]);
    expect(await layeringErrors('shared/x.ts', "export type Engine = typeof import('../main/engine/index.js');\n")).toHaveLength(1);
    expect(await layeringErrors('main/engine/x.ts', "declare const require: (m: string) => unknown;\nexport const e = require('electron');\n")).toEqual([
      'layering: engine must not import electron',
    ]);
  });

  it('lets hosts reach the engine only through its public entry', async () => {
    expect(await layeringErrors('main/cli/x.ts', "export { newRunDir } from '../engine/index.js';\n")).toEqual([]);
    const [message] = await layeringErrors('main/cli/x.ts', "export { createCpuSession } from '../engine/infer/index.js';\n");
    expect(message).toContain('cli may reach the engine only through main/engine/index.ts');
  });

  it('lets the engine use shared and Node', async () => {
    expect(await layeringErrors('main/engine/x.ts', "import os from 'node:os';\nimport { ParityError } from '../../shared/errors.js';\nexport const x = [os, ParityError];\n")).toEqual([]);
  });
});
