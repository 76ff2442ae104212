/**
 * The headless preview core, loaded on first use: activation pays neither for the config parser
 * and the file walker nor for the worker host (PGlite itself only ever loads in the worker).
 */
export async function loadCore() {
  const [config, detect, settings, fromSet, host, render, schemaModel, parser, suppress, proofPlan, ignoreEdits, statements] = await Promise.all([
    import('../../../server/src/config'),
    import('../../../server/src/layout/detect'),
    import('../../../server/src/lsp/settings'),
    import('../../../server/src/preview/fromSet'),
    import('../../../server/src/preview/host'),
    import('../../../server/src/preview/render'),
    import('../../../server/src/preview/schema-model'),
    // The proofs: which set gets which, and their suppression comments (parsed here, in the extension host).
    import('../../../server/src/parse/parser'),
    import('../../../server/src/preview/prove/suppress'),
    import('../../../server/src/preview/prove/plan'),
    // The proofs' "ignore" quick fixes write the same comments as the language server's.
    import('../../../server/src/lsp/ignoreEdits'),
    import('../../../server/src/parse/statements'),
  ]);
  return { ...config, ...detect, ...settings, ...fromSet, ...host, ...render, ...schemaModel, ...parser, ...suppress, ...proofPlan, ...ignoreEdits, ...statements };
}

export type Core = Awaited<ReturnType<typeof loadCore>>;
