/**
 * Checks a new migration's description before anything is named or written, so the editor's
 * input box and the CLI refuse the same descriptions with the same words.
 */
import { slugify } from '../layout/naming';

/** Long enough for a sentence; the file name keeps only the first 60 characters of the slug. */
const MAX_DESCRIPTION = 200;

/** Why this description cannot name a migration, or undefined when it can. */
export function descriptionProblem(description: string): string | undefined {
  const text = description.trim();
  if (!text) return 'Describe the migration in a few words, e.g. "add users email".';
  // The description becomes the header's title line: a line break or control character would end the comment.
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'Use a single line without tabs or control characters.';
  if (text.length > MAX_DESCRIPTION) return `Keep the description under ${MAX_DESCRIPTION} characters: it becomes the title and the file name.`;
  if (!slugify(text)) return 'The description needs Latin letters or digits: the file name is made of them (e.g. "add users email").';
  return undefined;
}

/** The header's `{title}`: the description as typed, on one line with single spaces. */
export function titleOf(description: string): string {
  return description.trim().replace(/\s+/g, ' ');
}
