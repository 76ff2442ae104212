/**
 * Header templates: the "studyboost" preset (the team's review block) and a team's own template from
 * `.migration-lens.json`. The same template drives validation (which fields are required)
 * and scaffolding (the header a new migration starts with).
 */
import type { HeaderConfig } from '../config-model';

const RULE = '-- ============================================================';

const STUDYBOOST_TEMPLATE = [
  RULE,
  '-- {project} — {title}',
  '-- Migration: {migration}',
  '-- Date: {date}',
  '-- PURPOSE: <why this migration exists>',
  '-- IMPACT: <tables/columns/indexes and runtime impact>',
  '-- DATA RISK: <none|low|medium|high + brief justification>',
  '-- ROLLBACK STRATEGY: <forward-fix plan, not migrate down>',
  '-- Safe to re-run: uses IF NOT EXISTS / IF EXISTS guards',
  RULE,
];

/** The section a dangerous migration must carry (the team's checklist for destructive migrations). */
export const DANGEROUS_REVIEW = [
  '-- DANGEROUS CHANGE REVIEW',
  '-- Backup/snapshot: <timestamp + owner>',
  '-- Pre-migration row counts: <table: count>',
  '-- Expected data impact: <what will be removed or changed>',
  '-- Approved by: <backend owner or designated reviewer>',
  '-- Post-migration verification: <queries prepared and run>',
];

function templateLines(cfg: HeaderConfig): string[] {
  return cfg.template ?? STUDYBOOST_TEMPLATE;
}

/** Field keys the template defines (`Migration`, `DATA RISK`, …), required unless the config lists its own. */
export function requiredFields(cfg: HeaderConfig): string[] {
  if (cfg.required) return cfg.required;
  const keys: string[] = [];
  for (const line of templateLines(cfg)) {
    const m = /^--\s*([A-Za-z][A-Za-z -]*?)\s*:\s*/.exec(line);
    if (m && !/ [—–] /.test(line)) keys.push(m[1]);
  }
  return keys;
}

/** The template line for a field, for "insert missing field" fixes. */
export function templateLineFor(cfg: HeaderConfig, key: string): string {
  const k = key.toLowerCase();
  return templateLines(cfg).find((l) => l.replace(/^--\s*/, '').toLowerCase().startsWith(`${k}:`)) ?? `-- ${key}: <${key.toLowerCase()}>`;
}

interface HeaderVars {
  title: string;
  migration: string;
  /** Local time as `YYYY-MM-DD HH:mm`. */
  date: string;
  dangerous?: boolean;
}

/** The header a new migration starts with; dangerous migrations get `Type:` and the review section. */
export function renderHeader(cfg: HeaderConfig, vars: HeaderVars): string {
  const values: Record<string, string> = { project: cfg.project ?? 'Project', title: vars.title, migration: vars.migration, date: vars.date };
  const lines = templateLines(cfg).map((l) => l.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m));
  if (vars.dangerous) {
    const dateAt = lines.findIndex((l) => /^--\s*Date:/i.test(l));
    lines.splice(dateAt >= 0 ? dateAt + 1 : 1, 0, '-- Type: Dangerous migration');
    return [...lines, '', ...DANGEROUS_REVIEW, ''].join('\n') + '\n';
  }
  return lines.join('\n') + '\n\n';
}

export function formatHeaderDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
