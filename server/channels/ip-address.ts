import { isIP } from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

/** A range of addresses: the first `prefixLength` bits of `network`. */
export interface IpRange {
  network: IpAddress;
  prefixLength: number;
}

function parseIpv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

/** Expands IPv6 text (`::1`, `fe80::1%eth0`, `::ffff:127.0.0.1`) to 16 bytes; the text must already satisfy `isIP`. */
function parseIpv6Bytes(text: string): Uint8Array {
  const withoutZone = text.replace(/%.*$/, '');
  const [head, tail] = withoutZone.includes('::') ? withoutZone.split('::') : [withoutZone, undefined];
  const toGroups = (part: string): number[] => {
    if (part === '') return [];
    const result: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const [a, b, c, d] = parseIpv4Bytes(piece);
        result.push((a << 8) | b, (c << 8) | d);
      } else {
        result.push(parseInt(piece, 16));
      }
    }
    return result;
  };
  const headGroups = toGroups(head);
  const tailGroups = tail === undefined ? [] : toGroups(tail);
  const groups = tail === undefined ? headGroups : [...headGroups, ...new Array<number>(8 - headGroups.length - tailGroups.length).fill(0), ...tailGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * Parses an IP address in canonical text form (as DNS answers and the WHATWG URL parser give them;
 * IPv6 may be bracketed). Returns undefined for anything that is not an IP address.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const family = isIP(bare.replace(/%.*$/, ''));
  if (family === 4) return { family: 4, bytes: parseIpv4Bytes(bare) };
  if (family === 6) return { family: 6, bytes: parseIpv6Bytes(bare) };
  return undefined;
}

/**
 * Parses `10.0.0.0/8`, `fd00::/8` or a bare address (a range of one). Returns undefined when the text
 * is not a range or its host bits are set (`10.0.0.1/8` is almost always a typo for a different range).
 */
export function parseIpRange(text: string): IpRange | undefined {
  const [addressText, prefixText, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const network = parseIpAddress(addressText);
  if (!network) return undefined;
  const maxLength = network.family === 4 ? 32 : 128;
  if (prefixText === undefined) return { network, prefixLength: maxLength };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefixLength = Number(prefixText);
  if (prefixLength > maxLength) return undefined;
  const range = { network, prefixLength };
  return hasNoHostBits(range) ? range : undefined;
}

function hasNoHostBits(range: IpRange): boolean {
  const { bytes } = range.network;
  for (let bit = range.prefixLength; bit < bytes.length * 8; bit++) {
    if (bytes[bit >> 3] & (0x80 >> (bit & 7))) return false;
  }
  return true;
}

/** Whether an address falls in a range (same family only; callers unwrap IPv4-in-IPv6 first). */
export function isInIpRange(address: IpAddress, range: IpRange): boolean {
  if (address.family !== range.network.family) return false;
  const fullBytes = range.prefixLength >> 3;
  for (let index = 0; index < fullBytes; index++) {
    if (address.bytes[index] !== range.network.bytes[index]) return false;
  }
  const remainingBits = range.prefixLength & 7;
  if (remainingBits === 0) return true;
  const mask = (0xff << (8 - remainingBits)) & 0xff;
  return (address.bytes[fullBytes] & mask) === (range.network.bytes[fullBytes] & mask);
}

/** The IPv4 address in bytes `offset..offset+3` of an IPv6 address (mapped, NAT64, 6to4 forms). */
export function extractEmbeddedIpv4(address: IpAddress, offset: number): IpAddress {
  return { family: 4, bytes: address.bytes.slice(offset, offset + 4) };
}
