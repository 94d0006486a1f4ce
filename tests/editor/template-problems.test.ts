import { describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../engine/journeys/index';
import { checkTemplateInput } from '../../engine/templates/index';
import { systemClock } from '../../engine/time/index';
import { fieldOfPointer, groupTemplateProblems } from '../../editor/src/template-document/index';
import type { Problem } from '../../schemas/types';
import { createPackApp } from '../support/pack-app';

describe('template problems placed on the form by their JSON pointers', () => {
  it('names the field of each pointer', () => {
    expect(fieldOfPointer('/name')).toBe('name');
    expect(fieldOfPointer('/id')).toBe('id');
    expect(fieldOfPointer('/version')).toBe('version');
    expect(fieldOfPointer('/content')).toBe('content');
    expect(fieldOfPointer('/content/subject')).toBe('content/subject');
    expect(fieldOfPointer('/content/data/deep~1link')).toBe('content/data');
    expect(fieldOfPointer('')).toBe('form');
    expect(fieldOfPointer(undefined)).toBe('form');
    expect(fieldOfPointer('/somewhere')).toBe('form');
  });

  it('places what the engine finds as you type, and what the real API answers on save, on the same fields', async () => {
    const body = { id: 'Bad Id', name: '', channel: 'email', content: { subject: 'Hi {{ frist_name }}' } };
    const local = checkTemplateInput(body, { sampleCustomer, clock: systemClock });
    expect(local.ok).toBe(false);
    // The schema stops at the id and name; the content is judged once they are right.
    expect([...groupTemplateProblems(local.ok ? [] : local.problem.details).keys()].sort()).toEqual(['id', 'name']);

    const fixed = { ...body, id: 'hello', name: 'Hello' };
    const content = checkTemplateInput(fixed, { sampleCustomer, clock: systemClock });
    const grouped = groupTemplateProblems(content.ok ? [] : content.problem.details);
    expect(grouped.get('content')).toEqual(['An email message needs "html" or "text" in its template.']);
    expect(grouped.get('content/subject')?.join(' ')).toContain('frist_name');

    const app = await createPackApp();
    try {
      const answered = await app.admin('POST', '/api/templates', fixed);
      expect(answered.statusCode).toBe(422);
      const fromServer = groupTemplateProblems((answered.json() as Problem).details);
      expect([...fromServer.entries()]).toEqual([...grouped.entries()]);
      // Both at once: each message once.
      expect(groupTemplateProblems([...(content.ok ? [] : content.problem.details), ...(answered.json() as Problem).details]).get('content/subject')).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
