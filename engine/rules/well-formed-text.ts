/**
 * Text every store can hold. MongoDB stores strings as UTF-8, so a string with an unpaired UTF-16
 * surrogate or a NUL character (BSON keys and regexes are C strings) cannot round-trip; conditions
 * refuse such text instead of silently matching differently in each store.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is valid Unicode without NUL characters. */
export function isWellFormedText(text: string): boolean {
  return !loneSurrogate.test(text) && !text.includes('\u0000');
}
