import type { FastifyInstance, FastifyReply } from 'fastify';
import { consentChannels, readUnsubscribeToken, unsubscribeByLink, unsubscribePath, type UnsubscribeClaim } from '../../engine/journeys/index';
import { directoryWorkspace } from '../../engine/workspaces/index';

const channelNames: Record<string, string> = { email: 'emails', sms: 'text messages', push: 'push notifications' };

/**
 * The page behind `links.unsubscribe` and the `List-Unsubscribe` header (docs/channels.md,
 * "Unsubscribe links"). No key: the sealed token in the path is the permission.
 *
 * - `GET /unsubscribe/<token>` shows a page with one button. It changes nothing: mail scanners and
 *   link previews follow links, and must not unsubscribe anyone.
 * - `POST /unsubscribe/<token>` (the button, or a mailbox's RFC 8058 one-click POST with
 *   `List-Unsubscribe=One-Click`) withdraws the customer's consent for the link's channel
 *   (unsubscribeByLink, engine/journeys/unsubscribe-request.ts). Every click counts, a repeated one
 *   too, so a customer who subscribed again in between is unsubscribed again.
 *
 * Every answer is a page, errors included.
 */
export async function unsubscribeRoutes(app: FastifyInstance): Promise<void> {
  // Browsers post the form as application/x-www-form-urlencoded; RFC 8058 lets mailboxes post the
  // one-click body that way or as multipart/form-data. The body says nothing the token does not, so
  // every type is taken here (only in this plugin; JSON's parser too) and left unread.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) => done(null, null));
  // Whatever goes wrong here, the recipient gets a page, not JSON.
  app.setErrorHandler((error, request, reply) => {
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    if (status >= 500) request.log.error(error);
    return sendPage(reply, status >= 500 ? 503 : status, 'Not unsubscribed', status >= 500 ? 'Your request could not be recorded just now. Please try again in a few minutes.' : 'This request could not be read. Open the link from the message again.');
  });

  app.get<{ Params: { token: string } }>(`${unsubscribePath}/:token`, { schema: { tags: ['unsubscribe'], summary: 'The page an unsubscribe link opens: one button, nothing changed yet' } }, async (request, reply) => {
    const claim = await claimOf(app, request.params.token);
    if (!claim.ok) return sendPage(reply, claim.status, 'Link not valid', claim.message);
    const what = channelNames[claim.value.channel];
    return sendPage(reply, 200, `Unsubscribe from ${what}`, `Press the button to stop ${what} from this sender.`, '<form method="post"><button type="submit">Unsubscribe</button></form>');
  });

  app.post<{ Params: { token: string } }>(`${unsubscribePath}/:token`, { schema: { tags: ['unsubscribe'], summary: "Unsubscribe: the page's button, or a mailbox's one-click POST (RFC 8058)" } }, async (request, reply) => {
    const claim = await claimOf(app, request.params.token);
    if (!claim.ok) return sendPage(reply, claim.status, 'Link not valid', claim.message);
    const outcome = await unsubscribeByLink(app.runtime, claim.value, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, channel: 'unsubscribe-link' });
    if (outcome.status === 'unknown-customer') return sendPage(reply, 404, 'Link not valid', 'This unsubscribe link belongs to no customer of this sender any more.');
    if (outcome.status === 'not-recorded') {
      request.log.error(`unsubscribe in ${claim.value.workspace} for customer ${claim.value.customerId} not recorded: ${outcome.why}`);
      return sendPage(reply, 503, 'Not unsubscribed', 'Your request could not be recorded just now. Please try again in a few minutes.');
    }
    const what = channelNames[claim.value.channel];
    return sendPage(reply, 200, 'You are unsubscribed', `You will get no more ${what} from this sender.`);
  });
}

type ClaimCheck = { ok: true; value: UnsubscribeClaim } | { ok: false; status: number; message: string };

/** Longer than any link this server makes (ids are at most 256 characters). */
const maxTokenLength = 8192;

async function claimOf(app: FastifyInstance, token: string): Promise<ClaimCheck> {
  const links = app.runtime.links;
  if (!links) return { ok: false, status: 404, message: 'This server makes no unsubscribe links.' };
  const claim = token.length > maxTokenLength ? null : readUnsubscribeToken(links.secret, token);
  if (!claim || !(consentChannels as readonly string[]).includes(claim.channel)) {
    return { ok: false, status: 400, message: 'This unsubscribe link is not valid. It may have been cut short when it was copied: open it from the message again.' };
  }
  const workspace = await app.runtime.store.collection('workspaces').findOne(directoryWorkspace, { _id: claim.workspace });
  if (!workspace) return { ok: false, status: 404, message: 'This unsubscribe link belongs to no sender on this server any more.' };
  return { ok: true, value: claim };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendPage(reply: FastifyReply, status: number, title: string, message: string, action = ''): FastifyReply {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2933}button{font:inherit;padding:.6rem 1.4rem;border:0;border-radius:6px;background:#1f6feb;color:#fff;cursor:pointer}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${action}</body></html>`;
  return reply.code(status).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8').send(page);
}
