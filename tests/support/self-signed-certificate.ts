import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PEM key and certificate for one host name. */
export interface SelfSignedCertificate {
  key: string;
  cert: string;
}

/** Makes a fresh self-signed certificate for `hostName` with the real `openssl` (valid for a day). */
export function createSelfSignedCertificate(hostName: string): SelfSignedCertificate {
  const directory = mkdtempSync(join(tmpdir(), 'wayfarer-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(directory, 'key.pem'), '-out', join(directory, 'cert.pem'), '-days', '1',
      '-subj', `/CN=${hostName}`, '-addext', `subjectAltName=DNS:${hostName}`,
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(directory, 'key.pem'), 'utf8'), cert: readFileSync(join(directory, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
