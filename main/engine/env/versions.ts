import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Environment } from '../../../shared/report/report.js';
import { readCpuInfo } from './cpu-info.js';

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    const main = require.resolve(name);
    let dir = path.dirname(main);
    for (let i = 0; i < 6; i++) {
      const file = path.join(dir, 'package.json');
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      } catch {
        // keep walking up
      }
      dir = path.dirname(dir);
    }
  } catch {
    // not installed
  }
  return 'unknown';
}


/** The machine and library versions a report records, so that its numbers can be reproduced. */
export function describeEnvironment(): Environment {
  const cpu = readCpuInfo();
  return {
    cpuModel: cpu.model,
    cores: cpu.cores,
    cpuFlags: cpu.flags,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    nodeVersion: process.versions.node,
    ortVersion: packageVersion('onnxruntime-node'),
    sharpVersion: packageVersion('sharp'),
  };
}
