/** A piece of code in a Markdown document: one logical line of a shell block, or an inline span. */
export interface DocCode {
  /** Document path as given to {@link extractDocCode}. */
  readonly doc: string;
  /** 1-based line where the code starts. */
  readonly line: number;
  readonly text: string;
}

/** A `cdktf` command line found in a document. */
export interface DocCommand extends DocCode {
  /** The command as a shell runs it: continuation lines joined, trailing comment removed. */
  readonly command: string;
  /** Shell words after quote removal, e.g. `["npx", "cdktf", "deploy", "prod-*"]`. */
  readonly words: readonly string[];
  /** Why the command cannot be run as written by a reader's shell, if anything. */
  readonly problems: readonly string[];
}

/** Shell words of one command line, with what a plain `sh`/`zsh` reader would trip over. */
export interface ShellLine {
  /** The line up to a trailing `#` comment, trimmed. */
  readonly command: string;
  readonly words: readonly string[];
  readonly problems: readonly string[];
}

const SHELL_FENCES = new Set(['sh', 'bash', 'shell', 'zsh']);
const CONTROL = new Set([';', '&', '|', '<', '>', '(', ')', '`']);
const GLOB = new Set(['*', '?', '[']);

/**
 * Splits one command line into words the way a POSIX shell does for simple commands (quotes,
 * backslash escapes, comments), and reports what this narrow reader refuses: pipelines, lists,
 * redirections, substitutions and expansions (the command must stand alone), and unquoted glob
 * characters (bash passes an unmatched glob on, zsh stops with "no matches found").
 */
export function shellWords(line: string): ShellLine {
  const words: string[] = [];
  const problems = new Set<string>();
  let word: string | undefined;
  let i = 0;
  let end = line.length;
  const push = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  while (i < line.length) {
    const c = line[i] ?? '';
    if (/\s/.test(c)) {
      push();
      i++;
    } else if (c === '#' && word === undefined) {
      end = i;
      break;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) {
        problems.add('unterminated single quote');
        break;
      }
      word = (word ?? '') + line.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1] ?? '')) j++;
        else if (line[j] === '$' || line[j] === '`') problems.add('expansion inside double quotes');
        text += line[j];
        j++;
      }
      if (j >= line.length) problems.add('unterminated double quote');
      word = (word ?? '') + text;
      i = j + 1;
    } else if (c === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i += 2;
    } else {
      if (CONTROL.has(c))
        problems.add(`shell operator "${c}": a documented command must stand alone`);
      if (c === '$') problems.add('shell expansion "$": a documented command must stand alone');
      if (GLOB.has(c)) {
        problems.add(`unquoted glob "${c}": quote it so every shell passes it to cdktf as written`);
      }
      word = (word ?? '') + c;
      i++;
    }
  }
  push();
  return { command: line.slice(0, end).trim(), words, problems: [...problems] };
}

/**
 * True for the words of a command that runs the cdktf CLI rather than mentioning it: prose names
 * the tool (`npx cdktf`) or a subcommand (`cdktf synth`); `npx cdktf synth` and `cdktf deploy
 * prod-x` are command lines.
 */
function runsCdktf(words: readonly string[]): boolean {
  if (words[0] === 'npx') return words[1] === 'cdktf' && words.length > 2;
  return words[0] === 'cdktf' && words.length > 2;
}

function toCommand(code: DocCode): DocCommand | undefined {
  const parsed = shellWords(code.text);
  if (!runsCdktf(parsed.words)) return undefined;
  const problems = [...parsed.problems];
  if (parsed.words[0] !== 'npx') {
    problems.push('run the CLI as `npx cdktf` so the version pinned in package.json runs');
  }
  return { ...code, ...parsed, problems };
}

/** Every line of shell code blocks (continuations joined) and every inline code span. */
export function codeOf(doc: string, markdown: string): DocCode[] {
  const lines = markdown.split('\n');
  const code: DocCode[] = [];
  let fence: { marker: string; shell: boolean } | undefined;
  let pending: { line: number; text: string } | undefined;
  let paragraph: { line: number; lines: string[] } | undefined;

  const flushParagraph = (): void => {
    if (!paragraph) return;
    const text = paragraph.lines.join('\n');
    for (const match of text.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)) {
      const before = text.slice(0, match.index);
      code.push({
        doc,
        line: paragraph.line + (before.match(/\n/g)?.length ?? 0),
        text: (match[2] ?? '').replace(/\s*\n\s*/g, ' ').trim(),
      });
    }
    paragraph = undefined;
  };

  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const opening = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(raw);
    if (fence) {
      if (
        opening &&
        raw.trim().startsWith(fence.marker) &&
        raw.trim().replace(/[`~]/g, '') === ''
      ) {
        fence = undefined;
        return;
      }
      if (!fence.shell) return;
      const continued = /(^|[^\\])(\\\\)*\\$/.test(raw);
      const piece = continued ? raw.slice(0, -1) : raw;
      pending = pending
        ? { line: pending.line, text: `${pending.text} ${piece.trim()}` }
        : { line: lineNumber, text: piece.trim() };
      if (!continued) {
        if (pending.text !== '') code.push({ doc, ...pending });
        pending = undefined;
      }
      return;
    }
    if (opening) {
      flushParagraph();
      fence = { marker: opening[1] ?? '```', shell: SHELL_FENCES.has(opening[2] ?? '') };
      return;
    }
    if (raw.trim() === '') {
      flushParagraph();
      return;
    }
    paragraph = paragraph
      ? { line: paragraph.line, lines: [...paragraph.lines, raw] }
      : { line: lineNumber, lines: [raw] };
  });
  flushParagraph();
  return code;
}

/** The `cdktf` command lines of a Markdown document, in document order. */
export function cdktfCommandsOf(doc: string, markdown: string): DocCommand[] {
  return codeOf(doc, markdown).flatMap((code) => toCommand(code) ?? []);
}
