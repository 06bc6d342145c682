import { mkdtempSync, mkdirSync, promises as fs, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AllowedRoots, isInside, realLocation, resolveInside } from '../../main/host/index.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'parity-scope-'));
const root = path.join(base, 'root');
const outside = path.join(base, 'outside');
mkdirSync(path.join(root, 'sub'), { recursive: true });
mkdirSync(outside);
writeFileSync(path.join(root, 'sub', 'inside.txt'), 'inside');
writeFileSync(path.join(root, '..dots'), 'a name starting with two dots');
writeFileSync(path.join(outside, 'secret.txt'), 'secret');
symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link-out.txt'));
symlinkSync(outside, path.join(root, 'dir-out'));
symlinkSync(path.join(root, 'sub'), path.join(root, 'link-in'));
// The root itself reached through a symlink: containment must hold on real paths.
symlinkSync(root, path.join(base, 'root-alias'));

afterAll(() => fs.rm(base, { recursive: true, force: true }));

describe('isInside', () => {
  it('accepts the root and its descendants, including names that start with two dots', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c/d')).toBe(true);
    expect(isInside('/a/b', '/a/b/..c')).toBe(true);
  });
  it('refuses parents, siblings sharing a prefix and other trees', () => {
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
    expect(isInside('/a/b', '/x/y')).toBe(false);
  });
});

describe('realLocation', () => {
  it('resolves symlinks of the deepest existing ancestor of a path that does not exist yet', async () => {
    const real = await realLocation(path.join(base, 'root-alias', 'sub', 'new', 'file.txt'));
    expect(real).toBe(path.join(await fs.realpath(root), 'sub', 'new', 'file.txt'));
  });
});

describe('resolveInside', () => {
  it('finds files inside the folder, through symlinks that stay inside', async () => {
    expect(await resolveInside(root, 'sub/inside.txt')).toBe(path.join(await fs.realpath(root), 'sub', 'inside.txt'));
    expect(await resolveInside(root, 'link-in/inside.txt')).toBe(path.join(await fs.realpath(root), 'sub', 'inside.txt'));
    expect(await resolveInside(root, '..dots')).not.toBeNull();
  });
  it.each([
    ['../outside/secret.txt'],
    ['sub/../../outside/secret.txt'],
    ['..'],
    ['./sub/inside.txt'],
    ['/etc/passwd'],
    ['sub\\..\\..\\outside\\secret.txt'],
    ['C:/Windows/win.ini'],
    ['sub/inside.txt\0.png'],
    [''],
  ])('refuses %j', async (rel) => {
    expect(await resolveInside(root, rel)).toBeNull();
  });
  it('refuses symlinks inside the folder that point outside it', async () => {
    expect(await resolveInside(root, 'link-out.txt')).toBeNull();
    expect(await resolveInside(root, 'dir-out/secret.txt')).toBeNull();
  });
});

describe('AllowedRoots', () => {
  it('allows what lies inside a root and nothing beside it', async () => {
    const roots = new AllowedRoots();
    await roots.add(path.join(root, 'sub'));
    expect(await roots.allows(path.join(root, 'sub', 'inside.txt'))).toBe(true);
    expect(await roots.allows(path.join(root, 'sub', 'not-yet-written.onnx'))).toBe(true);
    expect(await roots.allows(path.join(root, 'sub', '..', 'link-out.txt'))).toBe(false);
    expect(await roots.allows(path.join(outside, 'secret.txt'))).toBe(false);
  });
  it('does not follow a symlink inside a root to a file outside it', async () => {
    const roots = new AllowedRoots();
    await roots.addFixed(root);
    expect(await roots.allows(path.join(root, 'link-out.txt'))).toBe(false);
    expect(await roots.allows(path.join(root, 'dir-out', 'secret.txt'))).toBe(false);
    expect(await roots.allows(path.join(root, 'link-in', 'inside.txt'))).toBe(true);
  });
  it('judges a root added through a symlinked path by its real location', async () => {
    const roots = new AllowedRoots();
    await roots.add(path.join(base, 'root-alias'));
    expect(await roots.allows(path.join(root, 'sub', 'inside.txt'))).toBe(true);
    expect(roots.list()).toEqual([await fs.realpath(root)]);
  });
  it('a single file as a root allows that file only', async () => {
    const roots = new AllowedRoots();
    await roots.add(path.join(root, 'sub', 'inside.txt'));
    expect(await roots.allows(path.join(root, 'sub', 'inside.txt'))).toBe(true);
    expect(await roots.allows(path.join(root, 'sub'))).toBe(false);
    expect(await roots.allows(path.join(root, '..dots'))).toBe(false);
  });
});
