/**
 * Imported FIRST by a test that measures stored documents as production keeps them: `.ci/run` sets
 * WAYFARER_STORE_FREEZE=1 so that the store deep-freezes what it stores (to catch mutation), and frozen
 * documents get other hidden classes than live ones. memory-collection.ts reads the variable when it
 * is loaded, which is after this module in the importing file's order. `restoreStoreFreeze` puts it
 * back for the test files that run after it in the same process.
 */
const frozenBefore = process.env.WAYFARER_STORE_FREEZE;
delete process.env.WAYFARER_STORE_FREEZE;

export function restoreStoreFreeze(): void {
  if (frozenBefore !== undefined) process.env.WAYFARER_STORE_FREEZE = frozenBefore;
}
