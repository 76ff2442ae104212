/**
 * Files that hold both migrations in sections (goose `-- +goose Up` / `-- +goose Down`, dbmate
 * `-- migrate:up` / `-- migrate:down`): each section is linted, previewed and proved as the up or
 * down file it is. A section's text is the whole file with the other sections blanked out
 * (spaces, line breaks kept), so every offset, line and column stays the real file's.
 */
import { CONVENTIONS } from './index';
import type { ConventionId, FileSection } from './types';

/** The file's sections, when its convention keeps up and down in one file and the file has markers. */
export function sectionsOf(convention: ConventionId, text: string): FileSection[] | undefined {
  const sections = CONVENTIONS[convention].downs.sections?.(text);
  return sections && sections.length ? sections : undefined;
}

/** The file as the runner sees the `role` migration: sections of the other role blanked out. */
export function sectionText(text: string, sections: readonly FileSection[], role: 'up' | 'down'): string {
  let out = '';
  let at = 0;
  for (const s of [...sections].filter((x) => x.role !== role).sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + blank(text.slice(s.start, s.end));
    at = s.end;
  }
  return out + text.slice(at);
}

/** Whether the file has a down section (with anything in it but blanks and comments is for the caller to judge). */
export function hasSection(sections: readonly FileSection[] | undefined, role: 'up' | 'down'): boolean {
  return !!sections?.some((s) => s.role === role);
}

function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}
