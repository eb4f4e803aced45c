import { readFileSync } from 'node:fs';

/** One mapping of a process's address space and how much of it is resident. */
export interface Mapping {
  /** `start-end` of the mapping, as `/proc/<pid>/smaps` gives it. */
  range: string;
  /** Its file, `[heap]`, `[stack]`…, or `anonymous`. */
  name: string;
  sizeKiB: number;
  residentKiB: number;
}

/** The mappings of a process, from `/proc/<pid>/smaps`; empty once the process is gone. */
export function mappings(pid: number): Mapping[] {
  try {
    return parseSmaps(readFileSync(`/proc/${pid}/smaps`, 'utf8'));
  } catch {
    return [];
  }
}

/** The mappings listed in the text of a `/proc/<pid>/smaps` file. */
export function parseSmaps(text: string): Mapping[] {
  const result: Mapping[] = [];
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+-[0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      result.push({
        range: header[1]!,
        name: header[2] || 'anonymous',
        sizeKiB: 0,
        residentKiB: 0,
      });
      continue;
    }
    const field = /^(Size|Rss):\s+(\d+) kB/.exec(line);
    const current = result.at(-1);
    if (!field || !current) continue;
    if (field[1] === 'Size') current.sizeKiB = Number(field[2]);
    else current.residentKiB = Number(field[2]);
  }
  return result;
}

/** How the resident memory of a process's mappings changed between two looks, by kind. */
export interface ResidentGrowth {
  /** MiB gained (or lost) by kind: `[heap]` (the allocator's main arena), anonymous, files, the rest. */
  byKindMiB: Record<string, number>;
  /** The mappings that gained most, largest first. */
  largest: Array<{ range: string; name: string; sizeMiB: number; fromMiB: number; toMiB: number }>;
}

const kindOf = (name: string): string =>
  name === 'anonymous' || name === '[heap]' ? name : name.startsWith('/') ? 'files' : 'other';

/** Compares two looks at one process's mappings (a mapping is known by its range and name). */
export function residentGrowth(before: Mapping[], after: Mapping[], top = 8): ResidentGrowth {
  // The allocator's main arena grows in place: its end moves, so it is known by its name alone.
  const key = (mapping: Mapping): string =>
    mapping.name === '[heap]' ? mapping.name : `${mapping.range} ${mapping.name}`;
  const earlier = new Map(before.map((mapping) => [key(mapping), mapping]));
  const later = new Map(after.map((mapping) => [key(mapping), mapping]));
  const byKindMiB: Record<string, number> = {};
  const changes: ResidentGrowth['largest'] = [];
  for (const id of new Set([...earlier.keys(), ...later.keys()])) {
    const from = earlier.get(id);
    const to = later.get(id);
    const mapping = (to ?? from)!;
    const fromMiB = (from?.residentKiB ?? 0) / 1024;
    const toMiB = (to?.residentKiB ?? 0) / 1024;
    const kind = kindOf(mapping.name);
    byKindMiB[kind] = (byKindMiB[kind] ?? 0) + toMiB - fromMiB;
    changes.push({
      range: mapping.range,
      name: mapping.name,
      sizeMiB: mapping.sizeKiB / 1024,
      fromMiB,
      toMiB,
    });
  }
  changes.sort((a, b) => b.toMiB - b.fromMiB - (a.toMiB - a.fromMiB));
  return { byKindMiB, largest: changes.slice(0, top) };
}
