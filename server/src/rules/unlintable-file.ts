import { defineRule } from './types';

/** Reported by the engine for binary files, files over `maxFileSize`, and statements too large or too deeply nested to parse. */
export default defineRule({
  id: 'unlintable-file',
  category: 'syntax',
  defaultSeverity: 'warning',
  docs: {
    summary: 'This file was not linted.',
    why: 'The file is binary (it contains NUL bytes) or larger than `maxFileSize` (2 MB by default), or one statement is larger than 2 MB or nested deeper than the parser can follow (an expression of thousands of terms), so it is reported instead of parsed: parsing it would stall the editor or exhaust memory for no useful result. Such a statement is not checked; it is no syntax error.',
    instead: 'Keep migrations as text files of reasonable size, or raise `maxFileSize` in `.migration-lens.json` for a generated dump.',
    bad: '-- a 20 MB data dump in migrations/',
    good: '-- schema changes in migrations/, bulk data loaded with COPY from outside the migration set',
  },
});
