/** A deliberately plain address check: one @, no spaces or brackets, a dot in the domain. The server has the final word. */
const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** Whether a string looks like a deliverable email address. */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && emailPattern.test(text);
}

/** The address inside `"Name <address>"` or a bare address; undefined when there is none. */
export function readMailboxAddress(mailbox: string): string | undefined {
  const match = mailbox.trim().match(/<([^<>]+)>$/);
  const address = (match ? match[1] : mailbox).trim();
  return isEmailAddress(address) ? address : undefined;
}
