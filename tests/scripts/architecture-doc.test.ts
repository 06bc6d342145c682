/** ARCHITECTURE.md names only things that exist: every path, file and code name in backticks resolves in the tree. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE_DIRS = ['main', 'shared', 'renderer/src', 'scripts'];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'generated') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|tsx|js)$/.test(name)) out.push(full);
  }
  return out;
}

const files = SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d)));
const basenames = new Set(files.map((f) => path.basename(f)));
const sourceText = files.map((f) => readFileSync(f, 'utf8')).join('\n');

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A name is declared in our code or imported from a package (e.g. Electron's utilityProcess). */
const declared = (name: string): boolean =>
  new RegExp(`\\b(class|function|const|let|interface|type|enum)\\s+${escape(name)}\\b|import\\s*\\{[^}]*\\b${escape(name)}\\b[^}]*\\}\\s*from`).test(sourceText);
const mentioned = (name: string): boolean => new RegExp(`\\b${escape(name)}\\b`).test(sourceText);

/** The backticked names of a Markdown text (outside fenced blocks) that do not resolve in the repository. */
export function unresolvedNames(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  const names = [...new Set([...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!))];
  return names.filter((name) => {
    const command = /^parity ([a-z-]+)$/.exec(name);
    if (command) return !new RegExp(`^\\s+'?${command[1]}'?:`, 'm').test(readFileSync(path.join(ROOT, 'main/cli/commands/index.ts'), 'utf8'));
    if (name.includes('/')) return !existsSync(path.join(ROOT, name));
    if (/\.(ts|tsx|js)$/.test(name)) return !basenames.has(name);
    const [head, ...members] = name.split('.');
    return !(head !== undefined && declared(head) && members.every(mentioned));
  });
}

describe('ARCHITECTURE.md', () => {
  it('names only paths, files, commands and code that exist', () => {
    expect(unresolvedNames(readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8'))).toEqual([]);
  });

  it('would catch a renamed function, a moved file and an unknown command', () => {
    const stale = '`runComparison` `compareImagesOld` `main/engine/nowhere.ts` `run-folder.ts` `gone-file.ts` `parity frobnicate` `ModelPair.noSuchMethodHere`';
    expect(unresolvedNames(stale)).toEqual(['compareImagesOld', 'main/engine/nowhere.ts', 'gone-file.ts', 'parity frobnicate', 'ModelPair.noSuchMethodHere']);
  });
});
