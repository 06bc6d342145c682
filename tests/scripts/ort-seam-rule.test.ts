/** The `parity/ort-seam` lint rule, run through the repository's own ESLint configuration. */
import { describe, expect, it } from 'vitest';
import { ruleMessages } from '../helpers/lint.js';

const seamErrors = (file: string, code: string): Promise<string[]> => ruleMessages('parity/ort-seam', file, code);

describe('only main/engine/infer/ imports ONNX Runtime', () => {
  it('refuses a static import, a type import, a dynamic import, an import type and a require outside infer/', async () => {
    expect(await seamErrors('main/engine/convert/new-recipe.ts', "import ort from 'onnxruntime-node';\nexport const x = ort;\n")).toHaveLength(1);
    expect(await seamErrors('tests/engine/some.test.ts', "import type { Tensor } from 'onnxruntime-common';\nexport type T = Tensor;\n")).toHaveLength(1);
    expect(await seamErrors('main/engine/onnx/probe.ts', "export const load = () => import('onnxruntime-node');\n")).toHaveLength(1);
    expect(await seamErrors('bench/some-bench.ts', "export type Ort = typeof import('onnxruntime-node');\n")).toHaveLength(1);
    expect(await seamErrors('tools/x.ts', "declare const require: (m: string) => unknown;\nexport const v = require('onnxruntime-node/package.json');\n")).toHaveLength(1);
  });

  it('names the way in in its message', async () => {
    const [message] = await seamErrors('main/engine/bench/x.ts', "import ort from 'onnxruntime-node';\nexport const x = ort;\n");
    expect(message).toContain('main/engine/infer/');
    expect(message).toContain('createCpuSession');
  });

  it('lets infer/ and the listed bench script that times ONNX Runtime alone import it', async () => {
    expect(await seamErrors('main/engine/infer/new-session.ts', "import ort from 'onnxruntime-node';\nexport const x = ort;\n")).toEqual([]);
    expect(await seamErrors('bench/bench-measurement-overhead.ts', "import ort from 'onnxruntime-node';\nexport const x = ort;\n")).toEqual([]);
  });

  it('leaves other packages and the word in strings alone', async () => {
    expect(await seamErrors('main/engine/env/x.ts', "import sharp from 'sharp';\nexport const name = 'onnxruntime-node';\nexport const s = sharp;\n")).toEqual([]);
  });
});
