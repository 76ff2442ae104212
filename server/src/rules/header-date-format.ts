import { activeHeader } from '../header/active';
import { field } from '../header/parse';
import { defineRule } from './types';

const DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

export default defineRule({
  id: 'header-date-format',
  category: 'header',
  defaultSeverity: 'warning',
  docs: {
    summary: 'The header\'s `Date:` is not a valid `YYYY-MM-DD HH:mm`.',
    why: 'The date orders migrations for people reading the history and must agree with the migration id; a free-form or impossible date (month 13) cannot be compared.',
    instead: 'Write the date as `YYYY-MM-DD HH:mm`, for example `2026-04-21 14:30`.',
    bad: `-- Date: 21/04/2026
SELECT 1;`,
    good: `-- Date: 2026-04-21 14:30
SELECT 1;`,
  },
  checkFile(ctx) {
    const active = activeHeader(ctx);
    const f = field(active?.header, 'Date');
    if (!active || !f) return [];
    const m = DATE.exec(f.value);
    const valid = m && +m[2] >= 1 && +m[2] <= 12 && +m[3] >= 1 && +m[3] <= new Date(+m[1], +m[2], 0).getDate() && +m[4] < 24 && +m[5] < 60;
    return valid ? [] : [{ start: f.valueStart, end: f.valueEnd, message: `Header Date "${f.value}" is not a valid YYYY-MM-DD HH:mm.` }];
  },
});
