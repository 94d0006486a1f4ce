/**
 * The bounds every template render runs under. A template is marketer input rendered once per
 * customer, so it must not be able to stall a worker or exhaust memory: liquidjs checks these limits
 * while it parses and renders and throws when one is exceeded, and the renderer turns that into a
 * failed `Result`.
 */
export const templateLimits = {
  /** Characters of template source parsed in one call (the schema caps each field well below this). */
  parseLength: 250_000,
  /**
   * Milliseconds one field may take to render when a message is made. liquidjs measures wall-clock
   * time, which a busy machine stretches, so this is generous: it only stops a runaway loop. The strict
   * budget below is applied when a template is saved, so a slow template is refused then, not when a
   * customer's message is due.
   */
  renderMilliseconds: 2_000,
  /** Milliseconds one field may take to render for a sample customer when the template is checked. */
  checkRenderMilliseconds: 250,
  /** liquidjs's allocation budget (roughly characters and array items created) for one field. */
  memory: 5_000_000,
} as const;
