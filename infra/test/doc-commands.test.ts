import { describe, expect, it } from 'vitest';
import { cdktfCommandsOf, codeOf, shellWords } from './support/doc-commands.js';

describe('shellWords', () => {
  it('splits like a shell: quotes removed, trailing comment dropped', () => {
    expect(shellWords(`npx cdktf deploy 'prod-*' "dev-x" a\\ b   # all of prod`)).toEqual({
      command: `npx cdktf deploy 'prod-*' "dev-x" a\\ b`,
      words: ['npx', 'cdktf', 'deploy', 'prod-*', 'dev-x', 'a b'],
      problems: [],
    });
  });

  it('keeps a # inside a word or quotes', () => {
    expect(shellWords(`echo a#b '#c'`).words).toEqual(['echo', 'a#b', '#c']);
  });

  it('refuses unquoted globs, operators and expansions', () => {
    expect(shellWords('npx cdktf deploy prod-*').problems).toEqual([
      'unquoted glob "*": quote it so every shell passes it to cdktf as written',
    ]);
    expect(shellWords('npx cdktf synth && rm -rf x').problems).toEqual([
      'shell operator "&": a documented command must stand alone',
    ]);
    expect(shellWords('npx cdktf deploy $STACK').problems).toEqual([
      'shell expansion "$": a documented command must stand alone',
    ]);
    expect(shellWords(`npx cdktf deploy "$STACK"`).problems).toEqual([
      'expansion inside double quotes',
    ]);
  });
});

const DOC = [
  'Run `npx cdktf synth` first; `cdktf deploy` and `npx cdktf` need terraform.',
  'Tear down with `npx cdktf destroy',
  "'prod-*'` when done, or `cdktf deploy prod-x` by hand.",
  '',
  '```sh',
  'gcloud auth login',
  'npx cdktf deploy \\',
  "  'prod-*'   # everything",
  '```',
  '',
  '```text',
  'npx cdktf deploy not-a-shell-block',
  '```',
].join('\n');

describe('cdktfCommandsOf', () => {
  it('finds inline and fenced commands with their lines, skipping prose mentions and non-shell blocks', () => {
    expect(
      cdktfCommandsOf('guide.md', DOC).map(({ line, command, problems }) => ({
        line,
        command,
        problems,
      })),
    ).toEqual([
      { line: 1, command: 'npx cdktf synth', problems: [] },
      { line: 2, command: "npx cdktf destroy 'prod-*'", problems: [] },
      {
        line: 3,
        command: 'cdktf deploy prod-x',
        problems: ['run the CLI as `npx cdktf` so the version pinned in package.json runs'],
      },
      { line: 7, command: "npx cdktf deploy 'prod-*'", problems: [] },
    ]);
  });

  it('keeps every piece of code for other checks', () => {
    expect(codeOf('guide.md', DOC).map((c) => c.text)).toContain('gcloud auth login');
  });
});
