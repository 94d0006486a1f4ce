import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

/** A message as the test SMTP server received it. */
export interface ReceivedMail {
  from: string | undefined;
  to: string[];
  raw: string;
  /** Whether the session was encrypted (implicit TLS or STARTTLS). */
  secure: boolean;
}

/** How the server answers one recipient: accept, or refuse with an SMTP reply code. */
export type RecipientVerdict = { accept: true } | { accept: false; code: number; message: string };

export interface SmtpTestServer {
  port: number;
  messages: ReceivedMail[];
  /** TCP connections accepted so far (shows whether a transport pools its connections). */
  connectionCount(): number;
  close(): Promise<void>;
}

/**
 * How the server does TLS: not at all (the default), STARTTLS, or TLS from the first byte. TLS uses
 * smtp-server's built-in self-signed certificate, which no client trusts by default.
 */
export type SmtpTestTls = 'none' | 'starttls' | 'implicit';

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port. */
export async function startSmtpTestServer(
  judgeRecipient: (address: string) => RecipientVerdict = () => ({ accept: true }),
  tls: SmtpTestTls = 'none',
): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    secure: tls === 'implicit',
    disabledCommands: tls === 'none' ? ['STARTTLS'] : [],
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const verdict = judgeRecipient(address.address);
      if (verdict.accept) return callback();
      return callback(Object.assign(new Error(verdict.message), { responseCode: verdict.code }));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
        messages.push({ from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8'), secure: session.secure });
        callback(null, `Queued as TEST${messages.length}`);
      });
    },
  });
  // A client killed mid-session (the delivery crash test) resets its connection: not a server failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    connectionCount: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
