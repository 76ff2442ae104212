import type { HeaderConfig } from '../config-model';
import type { RuleContext } from '../rules/types';
import { readHeader, type Header } from './parse';

/** Header rules run only where the workspace configured a header; this gives them its config and the parsed block. */
export function activeHeader(ctx: RuleContext): { cfg: HeaderConfig; header: Header | undefined } | undefined {
  const cfg = ctx.config.header;
  return cfg ? { cfg, header: readHeader(ctx.file) } : undefined;
}
