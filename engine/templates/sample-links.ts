/** Channels whose messages carry `links.unsubscribe`: those that need consent (engine/journeys/channel-consent.ts). */
const channelsWithUnsubscribeLinks = new Set(['email', 'sms', 'push']);

/**
 * The `links` a template is checked with for a channel: a stand-in for what the server puts there
 * when it sends (engine/journeys/message-links.ts), so `{{ links.unsubscribe }}` in an email is not
 * reported as missing, while in a webhook body, which gets no such link, it still is.
 */
export function sampleLinksOf(channel: string): Record<string, string> {
  return channelsWithUnsubscribeLinks.has(channel) ? { unsubscribe: 'https://wayfarer.example/unsubscribe/sample-token' } : {};
}
