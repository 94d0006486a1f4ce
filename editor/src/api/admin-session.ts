/**
 * The admin key of this browser tab. It lives in sessionStorage only: closing the tab signs out, and
 * the key never reaches localStorage, a cookie or the URL.
 */
const storageKey = 'wayfarer.adminKey';

/** The key this tab signed in with, or null. */
export function readAdminKey(): string | null {
  try {
    return window.sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function storeAdminKey(key: string): void {
  window.sessionStorage.setItem(storageKey, key);
}

export function clearAdminKey(): void {
  window.sessionStorage.removeItem(storageKey);
}
