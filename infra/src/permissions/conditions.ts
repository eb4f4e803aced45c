import type { IamResource } from './resources.js';

/** An IAM condition outside the subset this model understands; the test must not guess. */
export class UnsupportedCondition extends Error {}

type Token =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'op'; readonly value: string };

const OPERATORS = ['&&', '||', '==', '!=', '(', ')'];

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      while (i < expression.length && expression[i] !== c) {
        if (expression[i] === '\\') i++;
        value += expression[i] ?? '';
        i++;
      }
      if (i >= expression.length)
        throw new UnsupportedCondition(`unterminated string in: ${expression}`);
      i++;
      tokens.push({ kind: 'string', value });
    } else {
      const op = OPERATORS.find((o) => expression.startsWith(o, i));
      if (op !== undefined) {
        tokens.push({ kind: 'op', value: op });
        i += op.length;
        continue;
      }
      const word = /^[A-Za-z_][\w.]*/.exec(expression.slice(i))?.[0];
      if (word === undefined) {
        throw new UnsupportedCondition(
          `unsupported IAM condition syntax at "${expression.slice(i)}" in: ${expression}`,
        );
      }
      tokens.push({ kind: 'word', value: word });
      i += word.length;
    }
  }
  return tokens;
}

/**
 * Whether an IAM condition holds for `resource` — for every resource it stands for when it is "every
 * object of a bucket". Understands `resource.name` (`==`, `!=`, `.startsWith()`, `.endsWith()`),
 * `resource.type` and `resource.service` (`==`, `!=`), `&&`, `||` and parentheses; anything else
 * throws {@link UnsupportedCondition} rather than being guessed at.
 */
export function conditionHolds(expression: string, resource: IamResource): boolean {
  const tokens = tokenize(expression);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const fail = (what: string): never => {
    throw new UnsupportedCondition(`unsupported IAM condition syntax (${what}) in: ${expression}`);
  };
  const expectString = (): string => {
    const token = tokens[at++];
    if (token?.kind !== 'string') return fail('expected a string literal');
    return token.value;
  };
  const expectOp = (op: string): void => {
    const token = tokens[at++];
    if (token?.kind !== 'op' || token.value !== op) fail(`expected ${op}`);
  };

  const comparison = (): boolean => {
    const token = tokens[at++];
    if (token?.kind !== 'word')
      return fail('expected resource.name, resource.type or resource.service');
    const { name, prefixOnly } = resource;
    if (token.value === 'resource.name.startsWith' || token.value === 'resource.name.endsWith') {
      expectOp('(');
      const text = expectString();
      expectOp(')');
      // A prefix stands for every longer name: only a test settled by the prefix holds for all.
      if (token.value === 'resource.name.startsWith') return name.startsWith(text);
      return !prefixOnly && name.endsWith(text);
    }
    const attribute = {
      'resource.name': name,
      'resource.type': resource.type,
      'resource.service': resource.type.split('/')[0],
    }[token.value];
    if (attribute === undefined) return fail(`unknown attribute ${token.value}`);
    const op = tokens[at++];
    if (op?.kind !== 'op' || (op.value !== '==' && op.value !== '!='))
      return fail('expected == or !=');
    const text = expectString();
    if (token.value === 'resource.name' && prefixOnly) {
      return op.value === '==' ? false : !text.startsWith(name);
    }
    return op.value === '==' ? attribute === text : attribute !== text;
  };
  const primary = (): boolean => {
    const token = peek();
    if (token?.kind === 'op' && token.value === '(') {
      at++;
      const value = disjunction();
      expectOp(')');
      return value;
    }
    return comparison();
  };
  const conjunction = (): boolean => {
    let value = primary();
    while (peek()?.kind === 'op' && peek()?.value === '&&') {
      at++;
      value = primary() && value;
    }
    return value;
  };
  const disjunction = (): boolean => {
    let value = conjunction();
    while (peek()?.kind === 'op' && peek()?.value === '||') {
      at++;
      value = conjunction() || value;
    }
    return value;
  };

  const result = disjunction();
  if (at !== tokens.length) fail('trailing tokens');
  return result;
}
