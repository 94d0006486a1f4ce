import { PassThrough, pipeline } from 'node:stream';
import type { Transporter } from 'nodemailer';

/** Whether a send got as far as handing its message to the SMTP server. */
export interface SmtpHandover {
  /** True once the server answered DATA (354) and the message began to flow to it. */
  readonly started: boolean;
}

/** One send's view of its handover; `end` it when the send has its outcome. */
export interface TrackedSend {
  handover: SmtpHandover;
  end(): void;
}

/**
 * Tells, per message, whether a send got past the envelope: nodemailer reads a message's stream only
 * once the server accepted MAIL FROM and RCPT TO and answered DATA with 354. A timeout or a dropped
 * connection before that proves the server does not have the message, so a retry is safe; after it,
 * the server may have accepted the message and only its lost answer says so. nodemailer's errors
 * cannot tell the two apart (a socket timeout is `ETIMEDOUT` with command `CONN` at every stage).
 *
 * It hooks the transport's `stream` plugin step: the outermost stage of each message's stream (a
 * `processFunc`, which nothing reads ahead of the consumer) notes when the SMTP connection starts
 * reading it. Sends are matched by Message-ID; two sends of one message in flight at once share a
 * record, so either one's handover counts for both (never the other way round).
 */
export function trackSmtpHandovers(transport: Transporter): (messageId: string) => TrackedSend {
  const inFlight = new Map<string, { handover: { started: boolean }; sends: number }>();
  transport.use('stream', (mail, callback) => {
    const entry = inFlight.get(mail.message.messageId());
    if (entry) {
      mail.message.processFunc((input) => {
        const output = new PassThrough();
        // 'resume' is the consumer beginning to read: the SMTP connection piping the message after DATA.
        output.once('resume', () => (entry.handover.started = true));
        // pipeline carries an error of the message's own stream to the connection reading it.
        return pipeline(input, output, () => undefined);
      });
    }
    callback();
  });
  return (messageId) => {
    let entry = inFlight.get(messageId);
    if (!entry) inFlight.set(messageId, (entry = { handover: { started: false }, sends: 0 }));
    entry.sends += 1;
    const tracked = entry;
    let ended = false;
    return {
      handover: tracked.handover,
      end() {
        if (ended) return;
        ended = true;
        tracked.sends -= 1;
        if (tracked.sends === 0 && inFlight.get(messageId) === tracked) inFlight.delete(messageId);
      },
    };
  };
}
