import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { EgressPolicy } from './egress-policy';
import { normalizeHostName } from './egress-policy';

/** Resolves a host name to every address it has (the system resolver, or a test's table). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

/** The operating system's resolver (`getaddrinfo`, honouring /etc/hosts), all addresses, in its order. */
export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/** Thrown inside a connection attempt the egress policy refuses; channels map it to a permanent failure. */
export class EgressRefusedError extends Error {
  readonly code = 'EGRESS_REFUSED';
  constructor(readonly host: string, reason: string) {
    super(`Refused to connect to ${host}: ${reason}.`);
  }
}

/**
 * Judges a host before any connection: a literal IP is judged now (Node connects to literals without
 * calling `lookup`), a host name only by name (allow-listed or a metadata name). Returns the error to
 * fail with, or undefined to go on.
 */
export function checkEgressHost(host: string, policy: EgressPolicy): EgressRefusedError | undefined {
  const bare = normalizeHostName(host);
  if (isIP(bare.replace(/%.*$/, ''))) {
    const verdict = policy.checkAddress(bare);
    return verdict.allowed ? undefined : new EgressRefusedError(host, verdict.reason);
  }
  const verdict = policy.checkHostName(bare);
  return verdict && !verdict.allowed ? new EgressRefusedError(host, verdict.reason) : undefined;
}

/**
 * Resolves a host and returns its addresses only if every one passes the policy (a host answering
 * with one public and one private address is refused: an attacker controls which one is used).
 * Allow-listed host names skip the address check.
 */
export async function resolveAllowedAddresses(host: string, policy: EgressPolicy, resolver: HostResolver): Promise<LookupAddress[]> {
  const bare = normalizeHostName(host);
  const hostVerdict = policy.checkHostName(bare);
  if (hostVerdict && !hostVerdict.allowed) throw new EgressRefusedError(host, hostVerdict.reason);
  const addresses = await resolver(bare);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} has no addresses`), { code: 'ENOTFOUND' });
  if (hostVerdict?.allowed) return addresses;
  for (const { address } of addresses) {
    const verdict = policy.checkAddress(address);
    if (!verdict.allowed) throw new EgressRefusedError(host, `it resolves to ${verdict.reason}`);
  }
  return addresses;
}

/**
 * A `lookup` for `net.connect` / `http.request` that resolves and checks in one step, so the socket
 * connects to exactly the addresses that were checked: there is no second resolution an attacker's
 * DNS could answer differently (DNS rebinding).
 */
export function createGuardedLookup(policy: EgressPolicy, resolver: HostResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowedAddresses(hostname, policy, resolver).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
        if (wanted.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), '', 0);
        } else if (options.all) {
          callback(null, wanted);
        } else {
          callback(null, wanted[0].address, wanted[0].family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
