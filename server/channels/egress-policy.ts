import { createProblem, fail, ok, type ProblemDetail, type Result } from '../../engine/errors/index';
import {
  extractEmbeddedIpv4,
  isInIpRange,
  parseIpAddress,
  parseIpRange,
  type IpAddress,
  type IpRange,
} from './ip-address';

/** Whether an outbound connection may go ahead, and if not, why (shown in the delivery failure). */
export type EgressVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * Which hosts and addresses the channels of one workspace may connect to. A workspace's config names
 * URLs and SMTP hosts, so without this a webhook URL could read the cloud metadata service or an
 * admin port on the server's private network (SSRF).
 */
export interface EgressPolicy {
  /** Judges a host name before it is resolved: allow-listed, or a cloud metadata name. */
  checkHostName(host: string): EgressVerdict | undefined;
  /** Judges one resolved (or literal) address. */
  checkAddress(address: string): EgressVerdict;
}

/** Cloud metadata endpoints, named so a refusal says what was at stake. Some are public addresses. */
const metadataAddresses: Array<[range: string, label: string]> = [
  ['169.254.169.254', 'cloud metadata service (AWS, GCP, Azure, …)'],
  ['169.254.170.2', 'AWS ECS task metadata'],
  ['100.100.100.200', 'Alibaba Cloud metadata'],
  ['192.0.0.192', 'Oracle Cloud metadata'],
  ['168.63.129.16', 'Azure platform endpoint (WireServer)'],
  ['fd00:ec2::254', 'AWS metadata service (IPv6)'],
];

/** Addresses that are not on the public internet (IANA special-purpose registries), as data. */
const nonPublicRanges: Array<[range: string, label: string]> = [
  ['0.0.0.0/8', '"this network" (0.0.0.0/8)'],
  ['10.0.0.0/8', 'private network (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private network (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation range'],
  ['192.88.99.0/24', '6to4 relay anycast'],
  ['192.168.0.0/16', 'private network (RFC 1918)'],
  ['198.18.0.0/15', 'benchmarking range'],
  ['198.51.100.0/24', 'documentation range'],
  ['203.0.113.0/24', 'documentation range'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved / broadcast'],
  ['::/128', 'unspecified address (::)'],
  ['::1/128', 'loopback'],
  ['::/96', 'IPv4-compatible IPv6 (deprecated)'],
  ['64:ff9b:1::/48', 'local-use NAT64'],
  ['100::/64', 'discard-only range'],
  ['2001::/32', 'Teredo tunnel'],
  ['2001:db8::/32', 'documentation range'],
  ['fc00::/7', 'unique-local IPv6'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local IPv6 (deprecated)'],
  ['ff00::/8', 'multicast'],
];

/** IPv6 forms that carry an IPv4 address: judged by the IPv4 address inside. */
const embeddingRanges: Array<[range: string, offset: number, label: string]> = [
  ['::ffff:0:0/96', 12, 'IPv4-mapped'],
  ['64:ff9b::/96', 12, 'NAT64'],
  ['2002::/16', 2, '6to4'],
];

/** Host names that lead to metadata services whatever they resolve to. */
const metadataHostNames = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

function compileRanges<T extends unknown[]>(table: Array<[string, ...T]>): Array<[IpRange, ...T]> {
  return table.map(([text, ...rest]) => {
    const range = parseIpRange(text);
    if (!range) throw new Error(`Bad built-in range ${text}`);
    return [range, ...rest];
  });
}

const metadata = compileRanges(metadataAddresses);
const nonPublic = compileRanges(nonPublicRanges);
const embedding = compileRanges(embeddingRanges);

/** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), with the form's name; else the address itself. */
function unwrapAddress(address: IpAddress): { address: IpAddress; form?: string } {
  if (address.family === 6) {
    for (const [range, offset, form] of embedding) {
      if (isInIpRange(address, range)) return { address: extractEmbeddedIpv4(address, offset), form };
    }
  }
  return { address };
}

/**
 * Why an address is not a public internet address, or undefined when it is. IPv4 addresses inside
 * IPv6 forms are judged by the IPv4 address, so `::ffff:127.0.0.1` is loopback.
 */
export function classifyAddress(address: IpAddress): string | undefined {
  const { address: inner, form } = unwrapAddress(address);
  const prefix = form ? `${form} ` : '';
  for (const [range, label] of metadata) if (isInIpRange(inner, range)) return prefix + label;
  for (const [range, label] of nonPublic) if (isInIpRange(inner, range)) return prefix + label;
  return undefined;
}

/** Lower-case, without the trailing dot of a fully qualified name, without IPv6 brackets. */
export function normalizeHostName(host: string): string {
  const lower = host.toLowerCase().replace(/\.$/, '');
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

const hostNamePattern = /^(\*\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/**
 * Builds the policy from a workspace's allow-list: host names (`hooks.internal`), wildcard suffixes
 * (`*.corp.example`, subdomains only), addresses (`10.0.0.7`, `::1`) and CIDR ranges (`10.20.0.0/16`).
 * An allow-listed host may resolve anywhere; an allow-listed range admits any host resolving into it.
 * Returns a problem pointing at each entry that is none of these.
 */
export function createEgressPolicy(allow: readonly string[] = [], pointer = '/egress/allow'): Result<EgressPolicy> {
  const allowedRanges: IpRange[] = [];
  const allowedHosts = new Set<string>();
  const allowedSuffixes: string[] = [];
  const details: ProblemDetail[] = [];
  allow.forEach((entry, index) => {
    const range = parseIpRange(entry.trim());
    if (range) {
      allowedRanges.push(range);
      return;
    }
    const host = normalizeHostName(entry.trim());
    if (!hostNamePattern.test(host)) {
      details.push({ pointer: `${pointer}/${index}`, message: `"${entry}" is not a host name, *.suffix, IP address or CIDR range (with no bits set after the prefix, e.g. 10.0.0.0/8).` });
    } else if (host.startsWith('*.')) {
      allowedSuffixes.push(host.slice(1));
    } else {
      allowedHosts.add(host);
    }
  });
  if (details.length > 0) return fail(createProblem('VALIDATION_FAILED', details));

  const isHostAllowListed = (host: string): boolean => allowedHosts.has(host) || allowedSuffixes.some((suffix) => host.endsWith(suffix));

  return ok({
    checkHostName(rawHost) {
      const host = normalizeHostName(rawHost);
      if (isHostAllowListed(host)) return { allowed: true };
      if (metadataHostNames.has(host)) return { allowed: false, reason: `${host} is a cloud metadata host name` };
      return undefined;
    },
    checkAddress(text) {
      const parsed = parseIpAddress(text);
      if (!parsed) return { allowed: false, reason: `"${text}" is not an IP address` };
      const { address } = unwrapAddress(parsed);
      if (allowedRanges.some((range) => isInIpRange(address, range) || isInIpRange(parsed, range))) return { allowed: true };
      const label = classifyAddress(parsed);
      if (!label) return { allowed: true };
      return { allowed: false, reason: `${text} is ${label}; list it in egress.allow of the channel config if the channel should reach it` };
    },
  });
}
