import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine/time';
import { renderJsonTemplate, renderMessageTemplate } from '../../engine/templates';
import { buildChannelCustomer } from '../support/outbound-message-factory';

const clock = new VirtualClock(Date.parse('2024-03-01T02:30:00.000Z'));
const customer = Object.freeze(buildChannelCustomer());
const event = { type: 'track', event: 'Order Completed', properties: { order_id: 'A-1', total: 42.5, products: [{ name: 'Blue mug', quantity: 2 }, { name: 'Tea <strong>', quantity: 1 }] } };

function render(template: Parameters<typeof renderMessageTemplate>[0], input: Partial<Parameters<typeof renderMessageTemplate>[1]> = {}) {
  return renderMessageTemplate(template, { customer, event, ...input }, { clock, pointer: '/states/3/params/template' });
}

describe('message templates', () => {
  it('renders attributes, traits, segments and the triggering event', () => {
    const result = render({
      subject: 'Thanks {{ attributes.first_name }}, order {{ event.properties.order_id }}',
      text: '{% for p in event.properties.products %}{{ p.quantity }} × {{ p.name }}\n{% endfor %}Total £{{ event.properties.total }} · {{ traits.orders_count }} orders{% if segments contains "vip" %} · VIP{% endif %}',
      body: '{{ customer.userId }} {{ customer.attributes.country }} {{ traits.value_tier | upcase }}',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        subject: 'Thanks Ada, order A-1',
        text: '2 × Blue mug\n1 × Tea <strong>\nTotal £42.5 · 3 orders · VIP',
        body: 'user-42 GB GOLD',
      },
    });
  });

  it('HTML-escapes output in html only, with | raw to opt out and no double escaping of | escape', () => {
    const hostile = buildChannelCustomer({ attributes: { first_name: '<script>alert("x")</script>' } });
    const result = render(
      { subject: 'Hi {{ attributes.first_name }}', html: '<p>{{ attributes.first_name }}</p><p>{{ attributes.first_name | escape }}</p>{{ "<hr>" | raw }}' },
      { customer: hostile },
    );
    expect(result.ok && result.value.html).toBe('<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p><p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p><hr>');
    expect(result.ok && result.value.subject).toBe('Hi <script>alert("x")</script>');
  });

  it('renders missing variables empty (and | default fills them)', () => {
    const result = render({ subject: 'Hi {{ attributes.nickname }}!', text: 'Hi {{ attributes.nickname | default: "there" }}, {{ event.properties.nothing.deeper }}.' });
    expect(result).toEqual({ ok: true, value: { subject: 'Hi !', text: 'Hi there, .' } });
  });

  it('keeps one-line fields on one line so a value cannot add a header', () => {
    const sneaky = buildChannelCustomer({ attributes: { first_name: 'Ada\r\nBcc: everyone@example.com' } });
    const result = render({ subject: 'Hi {{ attributes.first_name }}\n', title: '{{ attributes.first_name }}' }, { customer: sneaky });
    expect(result).toEqual({ ok: true, value: { subject: 'Hi Ada Bcc: everyone@example.com', title: 'Ada Bcc: everyone@example.com' } });
  });

  it('takes "now" from the clock and renders dates in UTC unless told a time zone', () => {
    const result = render({ text: '{{ "now" | date: "%Y-%m-%d %H:%M" }} | {{ now | date: "%d %b", "America/New_York" }} | {{ customer.createdAt | date: "%Y" }}' });
    expect(result).toEqual({ ok: true, value: { text: '2024-03-01 02:30 | 29 Feb | 2024' } });
  });

  it('renders push data values and links', () => {
    const result = render({ title: 'Hi', data: { deep_link: 'shop://orders/{{ event.properties.order_id }}', unsubscribe: '{{ links.unsubscribe }}' } }, { links: { unsubscribe: 'https://shop.example/u/1' } });
    expect(result).toEqual({ ok: true, value: { title: 'Hi', data: { deep_link: 'shop://orders/A-1', unsubscribe: 'https://shop.example/u/1' } } });
  });

  it('cannot reach prototypes or include files', () => {
    expect(render({ text: '[{{ attributes.constructor }}][{{ attributes.__proto__ }}]' })).toEqual({ ok: true, value: { text: '[][]' } });
    const include = render({ text: '{% include "/etc/passwd" %}' });
    expect(include.ok).toBe(false);
    expect(!include.ok && include.problem.details[0].message).toContain('cannot include');
  });

  it('stops runaway templates with a failed result, not a hang or a crash', () => {
    const huge = render({ text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' });
    const nested = render({ text: '{% for i in (1..100000) %}{% for j in (1..100000) %}{% endfor %}{% endfor %}' });
    const doubling = render({ text: '{% assign s = "xxxxxxxxxx" %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}' });
    for (const result of [huge, nested, doubling]) {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.problem.code).toBe('INVALID_DEFINITION');
      expect(!result.ok && result.problem.details[0].pointer).toBe('/states/3/params/template/text');
    }
  });

  it('reports every broken field with pointer, line and column', () => {
    const result = render({ subject: 'Hi {{ attributes.first_name | shout }}', text: 'line one\n\n  {% if x %}never closed', body: 'fine' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.details).toEqual([
      { pointer: '/states/3/params/template/subject', line: 1, message: expect.stringMatching(/unknown filter "shout".*\(line 1, column 4\)/) },
      { pointer: '/states/3/params/template/text', line: 3, message: expect.stringMatching(/not closed \(line 3, column 3\)/) },
    ]);
  });
});

describe('JSON body templates', () => {
  it('renders every string value, keeping the type of a lone {{ }} and never rendering keys', () => {
    const body = Object.freeze({
      email: '{{ attributes.email }}',
      total: '{{ event.properties.total }}',
      products: '{{ event.properties.products }}',
      label: 'Order {{ event.properties.order_id }}',
      missing: '{{ attributes.nickname }}',
      '{{ key }}': 'plain',
      nested: [{ vip: '{% if segments contains "vip" %}yes{% endif %}' }, 7, null, true],
    });
    const result = renderJsonTemplate(body, { customer, event }, { clock });
    expect(result).toEqual({
      ok: true,
      value: {
        email: 'ada@example.com',
        total: 42.5,
        products: event.properties.products,
        label: 'Order A-1',
        missing: null,
        '{{ key }}': 'plain',
        nested: [{ vip: 'yes' }, 7, null, true],
      },
    });
  });

  it('points at a broken value and refuses bodies nested too deep', () => {
    const broken = renderJsonTemplate({ a: { b: ['{{ x | nope }}'] } }, { customer }, { clock, pointer: '/states/4/params/body' });
    expect(!broken.ok && broken.problem.details[0].pointer).toBe('/states/4/params/body/a/b/0');
    let deep: unknown = '{{ attributes.email }}';
    for (let level = 0; level < 20; level++) deep = { level: deep };
    expect(renderJsonTemplate(deep, { customer }, { clock }).ok).toBe(false);
  });
});

describe('render limits', () => {
  it('reports an exhausted time budget as a template problem, never as a thrown error', () => {
    // A budget already spent makes liquidjs's first time check fail, deterministically.
    const result = renderMessageTemplate({ text: '{% for i in (1..5) %}x{% endfor %}' }, { customer }, { clock, pointer: '/content', renderMilliseconds: -1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.details).toEqual([{ pointer: '/content/text', message: 'Template takes too long to render: look for a loop over a huge range.' }]);
  });

  it('reports an exhausted memory budget as a template problem', () => {
    const result = renderMessageTemplate({ text: '{% for i in (1..50000000) %}x{% endfor %}' }, { customer }, { clock, pointer: '/content' });
    expect(result.ok).toBe(false);
  });
});
