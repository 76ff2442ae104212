import { defineRule } from './types';

/** Reported by the engine for binary files and files over `maxFileSize`. */
export default defineRule({
  id: 'unlintable-file',
  category: 'syntax',
  defaultSeverity: 'warning',
  docs: {
    summary: 'This file was not linted.',
    why: 'The file is binary (it contains NUL bytes) or larger than `maxFileSize` (2 MB by default), so it is reported instead of parsed: parsing it would stall the editor for no useful result.',
    instead: 'Keep migrations as text files of reasonable size, or raise `maxFileSize` in `.migration-lens.json` for a generated dump.',
    bad: '-- a 20 MB data dump in migrations/',
    good: '-- schema changes in migrations/, bulk data loaded with COPY from outside the migration set',
  },
});
