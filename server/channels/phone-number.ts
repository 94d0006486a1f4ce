/**
 * A phone number in E.164 form (`+4915112345678`), tolerating the spaces, dashes, dots and
 * parentheses people type; undefined when it is not one. Providers need the country code, and a
 * national number would be sent to the wrong country, so there is no guessing.
 */
export function toE164PhoneNumber(text: string): string | undefined {
  const compact = text.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : undefined;
}
