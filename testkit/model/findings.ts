/**
 * Open findings of the engine model: real behaviours the model caught that need a core change it could not
 * make safely. Each has a failing replay in test/property/model/regressions.test.ts. Pass ids in
 * `knownIssues` to count their violations as events instead of failing, so the model keeps hunting the rest.
 * @module
 */

/**
 * Open finding: two launches of one run at once (a double click, a client retrying the request) each delete and
 * write the recipient rows; the rows can end up from one launch's plan and the run's counts from the other's.
 */
export const CONCURRENT_LAUNCHES_MIX_PLANS = "concurrent-launches-mix-plans";

/** Every open finding, for `knownIssues`. */
export const OPEN_FINDINGS: readonly string[] = [CONCURRENT_LAUNCHES_MIX_PLANS];
