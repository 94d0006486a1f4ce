import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine/time';
import { checkJsonTemplate, checkTemplate } from '../../engine/templates';
import { buildChannelCustomer } from '../support/outbound-message-factory';

const clock = new VirtualClock(Date.parse('2024-05-01T12:00:00.000Z'));
const sample = buildChannelCustomer();
const pointer = '/states/2/params/template';

describe('checkTemplate', () => {
  it('passes a good template and returns what it renders for the sample', () => {
    const result = checkTemplate({ subject: 'Hi {{ attributes.first_name }}', html: '<p>{{ traits.orders_count }} orders</p>' }, sample, { pointer, clock });
    expect(result).toEqual({ ok: true, value: { rendered: { subject: 'Hi Ada', html: '<p>3 orders</p>' }, warnings: [] } });
  });

  it('reports syntax errors and unknown filters under the caller\'s pointer with the Liquid line and column', () => {
    const result = checkTemplate({ subject: 'ok', html: '<p>\n  {{ attributes.first_name | frobnicate }}</p>', text: '{% unless x %}' }, sample, { pointer, clock });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('INVALID_DEFINITION');
    expect(result.problem.details).toEqual([
      { pointer: `${pointer}/html`, line: 2, message: expect.stringMatching(/unknown filter "frobnicate".*\(line 2, column 3\)/) },
      { pointer: `${pointer}/text`, line: 1, message: expect.stringContaining('not closed (line 1, column 1)') },
    ]);
  });

  it('reports variables outside the known roots as errors: they are typos', () => {
    const result = checkTemplate({ subject: 'Hi {{ first_name }}' }, sample, { pointer, clock });
    expect(!result.ok && result.problem.details).toEqual([{ pointer: `${pointer}/subject`, line: 1, message: expect.stringContaining('unknown variable "first_name" (line 1, column 7)') }]);
  });

  it('warns about variables the sample lacks, once each, without failing', () => {
    const result = checkTemplate({ text: '{{ attributes.nickname }} {{ attributes.nickname }} {{ event.properties.total }} {{ segments.size }} {% for s in segments %}{{ s }}{% endfor %}' }, sample, { pointer, clock });
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.warnings.map((warning) => warning.message.split(' ')[0])).toEqual(['attributes.nickname', 'event.properties.total']);
    const withEvent = checkTemplate({ text: '{{ event.properties.total }}' }, sample, { pointer, clock, event: { properties: { total: 5 } } });
    expect(withEvent.ok && withEvent.value).toEqual({ rendered: { text: '5' }, warnings: [] });
  });

  it('works with a partial made-up customer from the editor', () => {
    const result = checkTemplate({ subject: 'Hi {{ attributes.first_name | default: "there" }}' }, { attributes: {} }, { clock });
    expect(result).toMatchObject({ ok: true, value: { rendered: { subject: 'Hi there' } } });
  });

  it('reports a template that parses but fails to render (limits) with its pointer', () => {
    const result = checkTemplate({ body: '{% for i in (1..100000000) %}x{% endfor %}' }, sample, { pointer, clock });
    expect(!result.ok && result.problem.details[0]).toMatchObject({ pointer: `${pointer}/body`, line: 1 });
  });

  it('validates the template shape against its schema first', () => {
    const result = checkTemplate({ subject: 5, footer: 'x' }, sample, { pointer, clock });
    expect(!result.ok && result.problem.code).toBe('VALIDATION_FAILED');
    expect(!result.ok && result.problem.details.map((detail) => detail.pointer).sort()).toEqual([`${pointer}/footer`, `${pointer}/subject`]);
  });
});

describe('checkJsonTemplate', () => {
  it('checks every template string of a webhook body and renders it for the sample', () => {
    const good = checkJsonTemplate({ email: '{{ attributes.email }}', orders: '{{ traits.orders_count }}' }, sample, { pointer: '/states/5/params/body', clock });
    expect(good).toEqual({ ok: true, value: { rendered: { email: 'ada@example.com', orders: 3 }, warnings: [] } });
    const bad = checkJsonTemplate({ list: ['ok', '{{ emial }}'] }, sample, { pointer: '/states/5/params/body', clock });
    expect(!bad.ok && bad.problem.details[0]).toMatchObject({ pointer: '/states/5/params/body/list/1', line: 1 });
  });
});
