import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * Where the server stalls, for the messages it stalls on: its reply to RCPT TO (before the client
 * hands the message over), its reply to the message itself after DATA (the message has arrived), or
 * it drops the connection once the message has arrived, before replying.
 */
export type SmtpStall = { at: 'rcpt'; holdMs: number } | { at: 'after-data'; holdMs: number } | { at: 'drop-after-data' };

export interface StallingSmtpServer {
  port: number;
  /** The Message-ID of each message that arrived completely, in order (a stalled one too). */
  messageIds: string[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 that stalls on the first `stalls`
 * transactions as told and answers at once afterwards: a provider that was slow, or whose answer got
 * lost, once.
 */
export async function startStallingSmtpServer(stall: SmtpStall, stalls = 1): Promise<StallingSmtpServer> {
  const messageIds: string[] = [];
  const sockets = new Set<Socket>();
  let rcptStalls = 0;
  let dataStalls = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (stall.at === 'rcpt' && rcptStalls++ < stalls) setTimeout(() => callback(), stall.holdMs);
      else callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messageIds.push(/^Message-ID:\s*(\S+)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '(none)');
        if (stall.at === 'rcpt' || dataStalls++ >= stalls) return callback(null, `Queued as STALL${messageIds.length}`);
        if (stall.at === 'after-data') return setTimeout(() => callback(null, `Queued late as STALL${messageIds.length}`), stall.holdMs);
        for (const socket of sockets) socket.destroy();
      });
    },
  });
  // The client gives up on a stalled session and closes it: the late reply then meets a closed socket.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    messageIds,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
