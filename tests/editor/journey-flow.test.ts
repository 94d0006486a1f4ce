import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromFlow, listSourceHandles, toFlowEdges, toFlowNodes } from '../../editor/src/journey-document/index';
import type { Journey } from '../../schemas/types';

const examples = ['01-welcome-series', '02-win-back', '03-birthday'].map(
  (name) => JSON.parse(readFileSync(new URL(`../../examples/journeys/${name}.json`, import.meta.url), 'utf8')) as Journey,
);

describe('the journey document as the canvas draws it', () => {
  it.each(examples.map((doc) => [doc.id, doc] as const))('round-trips %s through nodes and edges unchanged', (_id, doc) => {
    const nodes = toFlowNodes(doc);
    const edges = toFlowEdges(doc);
    expect(nodes).toHaveLength(doc.states.length);
    expect(edges).toHaveLength(doc.transitions.length);
    expect(fromFlow(doc, nodes, edges)).toEqual(doc);
  });

  it('makes each state a node of its kind at its position, and each transition an edge between handles that exist', () => {
    const doc = examples[1];
    const nodes = toFlowNodes(doc, () => ({}), 'offer-test');
    expect(nodes.find((node) => node.id === 'offer-test')).toMatchObject({ type: 'split', position: { x: 240, y: 0 }, selected: true });
    for (const edge of toFlowEdges(doc)) {
      const source = doc.states.find((state) => state.id === edge.source)!;
      expect(listSourceHandles(source).map((handle) => handle.id)).toContain(edge.sourceHandle);
    }
    const branch = toFlowEdges(doc).find((edge) => edge.id === 't17')!;
    expect(branch).toMatchObject({ sourceHandle: 'branch:else', label: 'Lapsed again: win back' });
    expect(toFlowEdges(doc).find((edge) => edge.id === 't7')!.label).toBe('on Unsubscribed');
  });

  it('takes dragged positions and re-drawn edges back into the document', () => {
    const doc = examples[0];
    const nodes = toFlowNodes(doc).map((node, i) => (i === 0 ? { ...node, position: { x: -50, y: 75 } } : node));
    const edges = toFlowEdges(doc).slice(1);
    const back = fromFlow(doc, nodes, edges);
    expect(back.states[0].position).toEqual({ x: -50, y: 75 });
    expect(back.transitions).toEqual(doc.transitions.slice(1));
    expect(back.settings).toBe(doc.settings);
  });

  it('carries validation problems, simulation steps and live counts onto the nodes', () => {
    const doc = examples[0];
    const [node] = toFlowNodes(doc, (state) => (state.id === doc.states[0].id ? { problems: ['No way out'], visits: [1], counts: { now: 2, ever: 9 } } : {}));
    expect(node.data).toMatchObject({ problems: ['No way out'], warnings: [], visits: [1], counts: { now: 2, ever: 9 } });
  });
});
