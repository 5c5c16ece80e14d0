import { describe, expect, it } from 'vitest';
import { parseScenario } from '../validate';
import { exampleNames, examples } from '.';
import { gallery, galleryEntry } from './gallery';

/** How the app labels a fault's target node (engine/net/topology.ts): lvs-2 → LVS-2, keyserver-1 → Key Server-1. */
function nodeLabel(target: string): string {
  const lvs = /^lvs-(\d+)$/.exec(target);
  if (lvs) return `LVS-${lvs[1]}`;
  const keyServer = /^keyserver-(\d+)$/.exec(target);
  if (keyServer) return `Key Server-${keyServer[1]}`;
  return target;
}

describe('gallery metadata', () => {
  it('has an entry for every built-in example and no entry without one', () => {
    expect(Object.keys(gallery).sort()).toEqual(exampleNames().sort());
  });

  it('gives each a distinct title and two non-empty one-line "what to watch" lines', () => {
    const titles = new Set<string>();
    for (const name of exampleNames()) {
      const { title, watch } = gallery[name]!;
      expect(title.trim(), name).not.toBe('');
      expect(titles.has(title), `${name}: title "${title}" is used twice`).toBe(false);
      titles.add(title);
      expect(watch, name).toHaveLength(2);
      for (const line of watch) {
        expect(line.trim(), name).not.toBe('');
        expect(line, name).not.toContain('\n');
      }
    }
  });

  it('says when each fault happens and which node it hits, as the scenario schedules it', () => {
    for (const name of exampleNames()) {
      const text = gallery[name]!.watch.join(' ');
      for (const fault of parseScenario(examples[name]).faults) {
        expect(text, `${name}: fault ${fault.action} at ${fault.atS} s`).toMatch(new RegExp(`\\b${fault.atS} s\\b`));
        if (fault.target !== undefined) expect(text, `${name}: fault ${fault.action} target`).toContain(nodeLabel(fault.target));
      }
    }
  });

  it('names only backends the scenario has', () => {
    for (const name of exampleNames()) {
      const servers = new Set(parseScenario(examples[name]).ecsInstances.map((s) => s.ServerId));
      for (const mentioned of gallery[name]!.watch.join(' ').match(/\bi-[a-z0-9]+\b/g) ?? []) expect(servers.has(mentioned), `${name} mentions ${mentioned}`).toBe(true);
    }
  });

  it('falls back to the name as title for an unknown name', () => {
    expect(galleryEntry('no-such-example').title).toBe('no-such-example');
    expect(galleryEntry('l4-basic')).toBe(gallery['l4-basic']);
  });
});
