/** Prefix of the progress lines the suite prints for the runner (test/integration/lib/progress.mjs). */
export const IT_MARKER = '[migration-lens-it] ';
