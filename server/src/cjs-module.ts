/**
 * CommonJS's Module class, taken from this module's own `module` object (each CommonJS module is
 * a `new Module(...)`: nodejs/node lib/internal/modules/cjs/loader.js) rather than from
 * node:module, whose loading in Node 20 also loads the ES module loader and source maps
 * (internal/modules/esm/loader, esm/assert, source_map/source_map; process.moduleLoadList): 5 M
 * instructions in a script that only creates a module (callgrind), 3-5 M of a one-file lint.
 */
import type { Module as ModuleClass } from 'node:module';

export const CjsModule = module.constructor as typeof ModuleClass;
