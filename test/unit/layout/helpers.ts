/**
 * Shared by the layout tests: the fixture folder, temporary workspaces, real git repositories,
 * and file listings (the docs examples of layout rules) turned into folders on disk.
 *
 * A listing has one file per line: `path` or `path: content` (content defaults to `SELECT 1;`).
 * `+ path` is a file not committed yet; `~ path: content` was committed with other content and
 * edited since. With either marker the folder becomes a git repository on branch main.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { defaultConfig, resolveConfig, type ConfigInput } from '../../../server/src/config';
import type { Finding } from '../../../server/src/engine';
import { detectSets } from '../../../server/src/layout/detect';
import { lintSet } from '../../../server/src/layout/lint-set';
import type { MigrationSet } from '../../../server/src/layout/types';
import { RULES_BY_ID } from '../../../server/src/rules/index';

export const FIXTURES = resolve(__dirname, '../../fixtures/layouts');

const made: string[] = [];

/** A fresh temporary folder, removed after the test file (see `cleanTemp`). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lens-layout-'));
  made.push(dir);
  return dir;
}

export function cleanTemp(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A copy of a fixture workspace that a test may change. */
export function copyFixture(name: string): string {
  const dir = tempDir();
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function write(root: string, rel: string, content: string): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=Test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function gitInit(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
}

export function commitAll(dir: string, message = 'commit'): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

interface ListingLine {
  marker: '' | '+' | '~';
  path: string;
  content: string;
}

function parseListing(listing: string): ListingLine[] {
  return listing
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const m = /^([+~]\s+)?([^:\s]+)(?::\s?(.*))?$/.exec(line.trim());
      assert.ok(m, `listing line: ${line}`);
      return { marker: (m[1]?.trim() ?? '') as ListingLine['marker'], path: m[2], content: m[3] !== undefined ? `${m[3]}\n` : 'SELECT 1;\n' };
    });
}

/** Writes a listing into a new temporary workspace (a git repository when it has markers). */
export function materialize(listing: string): string {
  const dir = tempDir();
  const lines = parseListing(listing);
  const usesGit = lines.some((l) => l.marker);
  for (const l of lines) if (l.marker === '') write(dir, l.path, l.content);
  for (const l of lines) if (l.marker === '~') write(dir, l.path, '-- committed version\nSELECT 1;\n');
  if (usesGit) {
    gitInit(dir);
    commitAll(dir, 'history');
  }
  for (const l of lines) if (l.marker) write(dir, l.path, l.content);
  return dir;
}

export function readFromDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function only<T>(items: T[], what = 'item'): T {
  assert.equal(items.length, 1, `exactly one ${what}: ${JSON.stringify(items.map((i) => (i as { relRoot?: string }).relRoot ?? i))}`);
  return items[0];
}

export interface SetFinding extends Finding {
  path: string;
}

/** Every finding of `ruleId` over every set of a workspace folder. */
export function setFindings(ruleId: string, root: string, config: ConfigInput = {}): SetFinding[] {
  assert.ok(RULES_BY_ID.get(ruleId)?.checkSet, `${ruleId} is a registered set rule`);
  const resolved = resolveConfig(config);
  const out: SetFinding[] = [];
  for (const set of detectSets(root, resolved)) {
    for (const [path, findings] of lintSet(set, resolved, readFromDisk)) for (const f of findings) if (f.ruleId === ruleId) out.push({ ...f, path });
  }
  return out;
}

export function setsOf(root: string, config: ConfigInput = {}): MigrationSet[] {
  return detectSets(root, Object.keys(config).length ? resolveConfig(config) : defaultConfig());
}

/** A layout rule's docs examples are file listings: the bad one fires the rule, the good one does not. */
export function expectSetDocsExamples(ruleId: string): void {
  const rule = RULES_BY_ID.get(ruleId);
  assert.ok(rule?.checkSet, `${ruleId} is a registered set rule`);
  for (const field of ['summary', 'why', 'instead', 'bad', 'good'] as const) assert.ok(rule.docs[field].trim(), `${ruleId} docs.${field}`);
  assert.ok(setFindings(ruleId, materialize(rule.docs.bad)).length > 0, `${ruleId} fires on its bad listing:\n${rule.docs.bad}`);
  assert.deepEqual(setFindings(ruleId, materialize(rule.docs.good)).map((f) => f.message), [], `${ruleId} is quiet on its good listing`);
}
