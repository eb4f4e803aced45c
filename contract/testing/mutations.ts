/**
 * Messages for the validators' tests: hand-made mutations of the contract's examples covering every
 * field, rule, format, length, number form and encoding, and seeded random mutations of synthetic
 * events. Built from the shared event factory.
 */
import { contractExamples, SYNTHETIC_NOW, seededRandom, syntheticEvents } from './events.js';
import { hostileCorpus } from './hostile-corpus.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The moment every corpus message is validated at, so time rules are deterministic. */
export const CORPUS_NOW = SYNTHETIC_NOW;

/** One message of the corpus: a name for failure reports and the raw body. */
export interface CorpusMessage {
  readonly name: string;
  readonly data: Uint8Array | string;
}

const pick = <T>(random: () => number, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;
const between = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

const CHANNELS = ['online', 'in_store', 'mobile_app', 'marketplace'] as const;

/** The examples as mutable JSON, by file name. */
const examples = (): Array<{ name: string; event: JsonObject }> =>
  contractExamples().map(({ name, event }) => ({ name, event: event as unknown as JsonObject }));

const clone = (event: JsonObject): JsonObject => JSON.parse(JSON.stringify(event)) as JsonObject;

/** Applies `change` to a copy of `event` and serialises it. */
function mutate(event: JsonObject, change: (copy: JsonObject) => void): string {
  const copy = clone(event);
  change(copy);
  return JSON.stringify(copy);
}

function objectAt(root: JsonObject, path: readonly (string | number)[]): JsonObject {
  let node: Json = root;
  for (const segment of path) node = (node as Record<string | number, Json>)[segment] as Json;
  return node as JsonObject;
}

/** Every leaf and object path of an event, e.g. `['items', 0, 'sku']`. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((item, index): [number, Json] => [index, item])
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => paths(child, [...prefix, key]))].filter(
    (path) => path.length > 0,
  );
}

function setAt(
  root: JsonObject,
  path: readonly (string | number)[],
  value: Json | undefined,
): void {
  const parent = objectAt(root, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path[path.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else parent[key] = value;
}

const WEIRD_VALUES: Json[] = [
  null,
  true,
  0,
  -1,
  7.5,
  '',
  'x',
  '  ',
  [],
  [1, 2],
  {},
  { length: 3 },
  { length: 'x' },
  'A'.repeat(65),
  Array.from({ length: 70 }, () => 0),
];

const enc = new TextEncoder();
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((part) => (typeof part === 'string' ? [...enc.encode(part)] : part)),
  );

/**
 * The hand-made mutations: every field missing, every field of every wrong type, unknown and
 * prototype-named keys, each business rule, formats, lengths, numbers, encodings and JSON junk.
 */
export function handMadeMutations(): CorpusMessage[] {
  const byName = new Map(examples().map((example) => [example.name, example.event]));
  const named = (file: string): JsonObject => {
    const event = byName.get(file);
    if (event === undefined) throw new Error(`no contract example ${file}`);
    return event;
  };
  const brl = named('order-placed-brl-marketplace.json');
  const jpy = named('order-placed-jpy-in-store.json');
  const usd = named('order-placed-usd-online.json');
  const eur = named('order-refunded-eur.json');
  const promised = named('order-placed-eur-online-promised.json');
  const shipped = named('order-shipped-eur.json');
  const delivered = named('order-delivered-eur.json');
  const out: CorpusMessage[] = [];
  const add = (name: string, data: Uint8Array | string): void => {
    out.push({ name, data });
  };
  const edit = (name: string, base: JsonObject, change: (copy: JsonObject) => void): void => {
    add(name, mutate(base, change));
  };

  // The fields only some examples carry are varied on those (the order's promise and region, the
  // shipment and delivery of a delivered order).
  const ownPaths = (event: JsonObject, keep: (path: (string | number)[]) => boolean) =>
    paths(event)
      .filter(keep)
      .map((path) => ({ path, base: event }));
  for (const { path, base } of [
    ...ownPaths(usd, () => true),
    ...ownPaths(eur, (path) => path[0] === 'refund'),
    ...ownPaths(promised, (path) => path[0] === 'promised_delivery_date' || path[1] === 'region'),
    ...ownPaths(delivered, (path) => path[0] === 'shipment' || path[0] === 'delivery'),
  ]) {
    const label = path.join('.');
    edit(`missing ${label}`, base, (copy) => setAt(copy, path, undefined));
    for (const value of WEIRD_VALUES) {
      edit(`${label} = ${JSON.stringify(value).slice(0, 20)}`, base, (copy) =>
        setAt(copy, path, value),
      );
    }
  }
  for (const objectPath of [
    [],
    ['store'],
    ['customer'],
    ['items', 0],
    ['amounts'],
    ['payment'],
    ['refund'],
    ['shipment'],
    ['delivery'],
  ] as const) {
    const base =
      objectPath[0] === 'refund'
        ? eur
        : objectPath[0] === 'shipment' || objectPath[0] === 'delivery'
          ? delivered
          : usd;
    for (const key of [
      'extra',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'with space',
      '',
      '0',
      'ß',
    ]) {
      edit(`unknown key ${key} at ${objectPath.join('.')}`, base, (copy) => {
        objectAt(copy, objectPath)[key] = 1;
      });
    }
    const text = JSON.stringify(objectAt(base, objectPath));
    const withProto = JSON.stringify(base).replace(text, `{"__proto__":{"x":1},${text.slice(1)}`);
    add(`__proto__ key at ${objectPath.join('.')}`, withProto);
  }
  add('__proto__ as null at root', `{"__proto__":null,${JSON.stringify(usd).slice(1)}`);
  add('duplicate key, last one wins', `{"currency":"EUR",${JSON.stringify(usd).slice(1)}`);
  add('duplicate key, bad last one', `${JSON.stringify(usd).slice(0, -1)},"currency":"ZZZ"}`);

  // Business rules, each on its own and a few together.
  edit('subtotal mismatch', usd, (c) => (objectAt(c, ['amounts'])['subtotal'] = 1378.98));
  edit('discount_total mismatch', usd, (c) => (objectAt(c, ['amounts'])['discount_total'] = 99.99));
  edit('total mismatch', usd, (c) => (objectAt(c, ['amounts'])['total'] = 1402.5));
  edit('shipping in store', jpy, (c) => {
    objectAt(c, ['amounts'])['shipping'] = 500;
    objectAt(c, ['amounts'])['total'] = 27780;
  });
  edit('cash not in store', usd, (c) => (c['payment'] = { method: 'cash' }));
  edit('card brand missing', usd, (c) => (c['payment'] = { method: 'card' }));
  edit(
    'card brand unexpected',
    eur,
    (c) => (c['payment'] = { method: 'klarna', card_brand: 'visa' }),
  );
  edit(
    'wallet with card brand is fine',
    usd,
    (c) => (c['payment'] = { method: 'apple_pay', card_brand: 'amex' }),
  );
  edit('refund missing', eur, (c) => delete c['refund']);
  edit('refund unexpected', usd, (c) => (c['refund'] = eur['refund'] as Json));
  edit('refund exceeds total', eur, (c) => (objectAt(c, ['refund'])['amount'] = 794.09));
  edit('refund equals total', eur, (c) => (objectAt(c, ['refund'])['amount'] = 794.08));
  edit(
    'refund order mismatch',
    eur,
    (c) => (objectAt(c, ['refund'])['original_order_id'] = 'ORD-OTHER'),
  );
  edit('duplicate line number', usd, (c) => (objectAt(c, ['items', 1])['line_number'] = 1));
  edit('discount exceeds line', usd, (c) => {
    objectAt(c, ['items', 1])['discount_amount'] = 79.01;
    objectAt(c, ['amounts'])['discount_total'] = 179.01;
    objectAt(c, ['amounts'])['total'] = 1323.48;
  });
  edit('JPY with decimals', jpy, (c) => (objectAt(c, ['items', 0])['unit_price'] = 24800.5));
  edit('EUR with three decimals', eur, (c) => (objectAt(c, ['amounts'])['tax_total'] = 125.991));
  edit('BHD with three decimals is fine', usd, (c) => (c['currency'] = 'BHD'));
  edit('BHD with four decimals', usd, (c) => {
    c['currency'] = 'BHD';
    objectAt(c, ['amounts'])['shipping'] = 9.9901;
  });
  edit(
    'tiny float noise is tolerated',
    usd,
    (c) => (objectAt(c, ['amounts'])['total'] = 1402.4900000000002),
  );
  edit('event_time before 2000', usd, (c) => (c['event_time'] = '1999-12-31T23:59:59.999Z'));
  edit('event_time at 2000', usd, (c) => (c['event_time'] = '2000-01-01T01:00:00+01:00'));
  edit('event_time in future', usd, (c) => (c['event_time'] = '2026-06-02T12:00:00.001Z'));
  edit('event_time just within skew', usd, (c) => (c['event_time'] = '2026-06-02T13:00:00+01:00'));
  edit('everything wrong at once', eur, (c) => {
    c['event_time'] = '1980-01-01T00:00:00Z';
    c['payment'] = { method: 'cash', card_brand: 'visa' };
    objectAt(c, ['amounts'])['total'] = 1;
    objectAt(c, ['refund'])['amount'] = 5000;
    objectAt(c, ['refund'])['original_order_id'] = 'X';
  });

  // Members by event type, and the fulfilment rules.
  for (const member of ['customer', 'items', 'currency', 'amounts', 'payment']) {
    edit(`shipped event with ${member}`, shipped, (c) => (c[member] = usd[member] as Json));
    edit(`delivered event with ${member}`, delivered, (c) => (c[member] = usd[member] as Json));
  }
  edit('shipped event with refund', shipped, (c) => (c['refund'] = eur['refund'] as Json));
  edit(
    'shipped event with a promise',
    shipped,
    (c) => (c['promised_delivery_date'] = '2026-03-19'),
  );
  edit('shipped event without shipment', shipped, (c) => delete c['shipment']);
  edit(
    'shipped event with a delivery',
    shipped,
    (c) => (c['delivery'] = delivered['delivery'] as Json),
  );
  edit('delivered event without delivery', delivered, (c) => delete c['delivery']);
  edit('delivered event without anything', delivered, (c) => {
    delete c['delivery'];
    delete c['shipment'];
  });
  edit('placed order with a shipment', usd, (c) => (c['shipment'] = shipped['shipment'] as Json));
  edit('refund with a delivery', eur, (c) => (c['delivery'] = delivered['delivery'] as Json));
  edit('shipped event of an unknown type', shipped, (c) => (c['event_type'] = 'order_cancelled'));
  edit(
    'shipped event stamped later',
    shipped,
    (c) => (c['event_time'] = '2026-03-17T15:05:01+01:00'),
  );
  edit(
    'shipped event in another offset',
    shipped,
    (c) => (c['event_time'] = '2026-03-17T14:05:00Z'),
  );
  edit('delivered event stamped at shipping', delivered, (c) => {
    c['event_time'] = objectAt(c, ['shipment'])['shipped_at'] as Json;
  });
  edit('delivered before shipped', delivered, (c) => {
    c['event_time'] = '2026-03-17T09:00:00+01:00';
    objectAt(c, ['delivery'])['delivered_at'] = '2026-03-17T09:00:00+01:00';
  });
  edit('delivered the instant it shipped', delivered, (c) => {
    c['event_time'] = '2026-03-17T14:05:00Z';
    objectAt(c, ['delivery'])['delivered_at'] = '2026-03-17T15:05:00+01:00';
  });
  edit('promise in store', jpy, (c) => (c['promised_delivery_date'] = '2026-03-30'));
  edit('promise before the order', promised, (c) => (c['promised_delivery_date'] = '2026-03-15'));
  edit('promise on the order date', promised, (c) => (c['promised_delivery_date'] = '2026-03-16'));
  edit('promise on a refund', eur, (c) => (c['promised_delivery_date'] = '2026-03-25'));
  for (const date of [
    '2026-02-29',
    '2028-02-29',
    '2026-3-19',
    '2026-03-19T00:00:00Z',
    '20260319',
  ]) {
    edit(`promise ${date}`, promised, (c) => (c['promised_delivery_date'] = date));
  }
  for (const carrier of ['DHL', 'dhl ', 'pony_express', 'other', '']) {
    edit(`carrier ${carrier}`, shipped, (c) => (objectAt(c, ['shipment'])['carrier'] = carrier));
  }

  // Formats.
  for (const id of [
    '5B0A6F0E-2F61-4B9A-9A53-0D7C3F2B8E11',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '5b0a6f0e-2f61-0b9a-9a53-0d7c3f2b8e11',
    '5b0a6f0e-2f61-4b9a-7a53-0d7c3f2b8e11',
    '{5b0a6f0e-2f61-4b9a-9a53-0d7c3f2b8e11}',
    '5b0a6f0e2f614b9a9a530d7c3f2b8e11',
  ]) {
    edit(`event_id ${id}`, usd, (c) => (c['event_id'] = id));
  }
  for (const email of [
    'a@b.co',
    'first.last+tag@sub.example.org',
    "o'brien@example.ie",
    'no-at-sign',
    'a@b',
    'a@b.c',
    '.a@b.com',
    'a.@b.com',
    'a..b@c.com',
    'josé@example.com',
    'a@-b.com',
    `${'a'.repeat(250)}@b.com`,
    `${'a'.repeat(240)}@b.com`,
  ]) {
    edit(`email ${email.slice(0, 30)}`, usd, (c) => (objectAt(c, ['customer'])['email'] = email));
  }
  for (const time of [
    '2026-03-14T18:22:05Z',
    '2026-03-14T18:22:05z',
    '2026-03-14t18:22:05Z',
    '2026-03-14 18:22:05Z',
    '2026-03-14T18:22Z',
    '2026-03-14T18:22:05',
    '2026-03-14T18:22:05.Z',
    '2026-03-14T18:22:05.123456789123+05:45',
    '2026-03-14T24:00:00Z',
    '2026-03-14T23:59:60Z',
    '2026-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-03-14T18:22:05+24:00',
    '2026-03-14T18:22:05+0530',
    '2026-03-14T18:22:05-23:59',
    '+02026-03-14T18:22:05Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '２０２６-03-14T18:22:05Z',
  ]) {
    edit(`event_time ${time}`, usd, (c) => (c['event_time'] = time));
    edit(
      `product_updated_at ${time}`,
      usd,
      (c) => (objectAt(c, ['items', 0])['product_updated_at'] = time),
    );
  }
  for (const country of ['us', 'USA', 'XK', 'UK', 'EU', 'AQ']) {
    edit(`store country ${country}`, usd, (c) => (objectAt(c, ['store'])['country'] = country));
  }
  for (const currency of ['usd', 'XXX', 'EURO', 'BOV', 'VES', 'toString', '__proto__']) {
    edit(`currency ${currency}`, usd, (c) => (c['currency'] = currency));
  }
  for (const value of ['order_placed ', 'ORDER_PLACED', 'constructor', '__proto__']) {
    edit(`event_type ${value}`, usd, (c) => (c['event_type'] = value));
    edit(`channel ${value}`, usd, (c) => (objectAt(c, ['store'])['channel'] = value));
  }

  // Text content and lengths (in code points).
  const texts: Array<[string, string]> = [
    ['NUL', 'a\u0000b'],
    ['tab', 'a\tb'],
    ['DEL', 'a\u007fb'],
    ['C1', 'a\u009fb'],
    ['NBSP is fine', 'a\u00a0b'],
    ['line separator is fine', 'a\u2028b'],
    ['replacement character', 'a\ufffdb'],
    ['lone high surrogate', 'a\ud800b'],
    ['lone low surrogate', 'a\udc00'],
    ['64 ASCII', 'x'.repeat(64)],
    ['65 ASCII', 'x'.repeat(65)],
    ['64 emoji (128 units)', '😀'.repeat(64)],
    ['65 emoji', '😀'.repeat(65)],
    ['63 emoji and a lone surrogate', `${'😀'.repeat(63)}\ud83d`],
    ['one emoji', '😀'],
    ['combining marks', 'e\u0301'.repeat(40)],
  ];
  for (const [name, value] of texts) {
    edit(`order_id ${name}`, usd, (c) => (c['order_id'] = value));
    edit(`full_name ${name}`, usd, (c) => (objectAt(c, ['customer'])['full_name'] = value));
  }
  edit(
    'product_name 200 code points',
    usd,
    (c) => (objectAt(c, ['items', 0])['product_name'] = 'é'.repeat(200)),
  );
  edit(
    'product_name 201 code points',
    usd,
    (c) => (objectAt(c, ['items', 0])['product_name'] = 'é'.repeat(201)),
  );

  // Numbers.
  const numbers: Array<[string, string]> = [
    ['huge', '1e400'],
    ['negative huge', '-1e400'],
    ['negative zero', '-0'],
    ['10^12', '1000000000000'],
    ['10^12 + 0.01', '1000000000000.01'],
    ['2^53 + 1', '9007199254740993'],
    ['1e20', '1e20'],
    ['-1e20', '-1e20'],
    ['tiny', '5e-324'],
    ['1.0', '1.0'],
    ['exponent', '1E1'],
  ];
  const usdText = JSON.stringify(usd);
  for (const [name, literal] of numbers) {
    add(`quantity ${name}`, usdText.replace('"quantity":1,', `"quantity":${literal},`));
    add(`line_number ${name}`, usdText.replace('"line_number":1,', `"line_number":${literal},`));
    add(`shipping ${name}`, usdText.replace('"shipping":9.99,', `"shipping":${literal},`));
    add(
      `schema_version ${name}`,
      usdText.replace('"schema_version":1,', `"schema_version":${literal},`),
    );
  }
  add('refund amount zero', JSON.stringify(eur).replace('"amount":397.04', '"amount":0'));
  add('refund amount negative', JSON.stringify(eur).replace('"amount":397.04', '"amount":-1'));
  add('quantity 1.5', usdText.replace('"quantity":1,', '"quantity":1.5,'));
  add('schema_version "1"', usdText.replace('"schema_version":1,', '"schema_version":"1",'));
  add('schema_version 2', usdText.replace('"schema_version":1,', '"schema_version":2,'));
  edit('schema_version missing', usd, (c) => delete c['schema_version']);

  // Items lists.
  edit('no items', usd, (c) => (c['items'] = []));
  edit(
    '51 items',
    usd,
    (c) => (c['items'] = Array.from({ length: 51 }, () => objectAt(usd, ['items', 0]))),
  );
  edit(
    '51 broken items',
    usd,
    (c) => (c['items'] = Array.from({ length: 51 }, () => ({ line_number: 1.5 }))),
  );
  edit('items is a string', usd, (c) => (c['items'] = 'items'));
  edit('items is 51 emoji', usd, (c) => (c['items'] = '😀'.repeat(51)));
  edit('items is a string of 51', usd, (c) => (c['items'] = 'x'.repeat(51)));
  edit('items has a null', usd, (c) => (objectAt(c, [])['items'] = [null]));
  edit(
    'items has junk and a good one',
    usd,
    (c) => (c['items'] = [[], 'x', objectAt(usd, ['items', 0])]),
  );
  edit('50 good items', usd, (c) => {
    const item = objectAt(usd, ['items', 1]);
    c['items'] = Array.from({ length: 50 }, (_, index) => ({ ...item, line_number: index + 1 }));
    c['amounts'] = { subtotal: 3950, discount_total: 0, tax_total: 0, shipping: 0, total: 3950 };
  });
  edit('nested junk', usd, (c) => {
    objectAt(c, ['store'])['junk'] = nestedJunk(300);
  });

  // Whole-message shapes and encodings.
  for (const text of [
    '',
    ' ',
    '{',
    '}',
    'nul',
    'null',
    'true',
    '42',
    '"text"',
    '[]',
    '[1,',
    '{"a":1,}',
    '{a:1}',
  ]) {
    add(`json ${JSON.stringify(text)}`, text);
  }
  add('NaN literal', usdText.replace('"quantity":1,', '"quantity":NaN,'));
  add('comment', `/* c */${usdText}`);
  add('surrounding whitespace', `\n\t ${usdText} \r\n`);
  add('BOM in text', `\ufeff${usdText}`);
  add('BOM in bytes', bytes([0xef, 0xbb, 0xbf], usdText));
  add('BOM after whitespace', ` \ufeff${usdText}`);
  add('invalid UTF-8 in a name', bytes(usdText.slice(0, 40), [0xff], usdText.slice(40)));
  const [beforeName, afterName] = usdText.split('Lovelace') as [string, string];
  add('invalid UTF-8 in a value', bytes(beforeName, [0xc3, 0x28], afterName));
  add('overlong encoding', bytes(usdText.slice(0, 10), [0xc0, 0xaf], usdText.slice(10)));
  add(
    'UTF-8 encoded surrogate',
    bytes(usdText.slice(0, 10), [0xed, 0xa0, 0x80], usdText.slice(10)),
  );
  add('truncated sequence at the end', bytes(usdText, [0xe2, 0x82]));
  add('UTF-16 bytes', Uint8Array.from(Buffer.from(usdText, 'utf16le')));
  add('valid UTF-8 bytes', bytes(JSON.stringify(jpy)));
  const padTo = (size: number): string =>
    usdText.slice(0, -1) + ' '.repeat(size - enc.encode(usdText).length) + '}';
  add('exactly 64 KiB', padTo(65_536));
  add('one byte over 64 KiB', padTo(65_537));
  add('64 KiB bytes', bytes(padTo(65_536)));
  add('over 64 KiB bytes', bytes(padTo(65_537)));
  add('64 KiB of multi-byte text', `"${'€'.repeat(21_844)}"`);
  add('over 64 KiB of multi-byte text', `"${'€'.repeat(21_845)}"`);
  add('over 64 KiB with emoji', `"${'😀'.repeat(16_384)}"`);
  add('array payload', `[${usdText}]`);
  add('the BRL example', JSON.stringify(brl));
  return out;
}

/** Arrays and objects nested `depth` levels deep. */
export function nestedJunk(depth: number): Json {
  let junk: Json = { deep: true };
  for (let i = 0; i < depth; i++) junk = i % 2 ? [junk] : { a: junk };
  return junk;
}

type Mutation = (copy: JsonObject, random: () => number) => void;

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const RANDOM_MUTATIONS: Mutation[] = [
  (copy, random) => setAt(copy, pick(random, paths(copy)), pick(random, WEIRD_VALUES)),
  (copy, random) => setAt(copy, pick(random, paths(copy)), undefined),
  (copy, random) => {
    const amounts = copy['amounts'];
    if (!isObject(amounts)) return;
    const key = pick(random, Object.keys(amounts));
    const value = amounts[key];
    if (typeof value === 'number') {
      amounts[key] = Math.round((value + pick(random, [0.01, -0.01, 1, 0.001])) * 1000) / 1000;
    }
  },
  (copy, random) => (copy['currency'] = pick(random, ['JPY', 'BHD', 'USD', 'xxx'])),
  (copy, random) => {
    const store = copy['store'];
    if (isObject(store)) store['channel'] = pick(random, CHANNELS);
  },
  (copy, random) =>
    (copy['payment'] = pick(random, [
      { method: 'cash' },
      { method: 'card' },
      { method: 'pix', card_brand: 'elo' },
    ])),
  (copy, random) => (copy['event_type'] = pick(random, ['order_placed', 'order_refunded'])),
  (copy, random) =>
    (copy['event_time'] = pick(random, [
      '1999-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
      '2026-06-02T11:59:59.999Z',
      '2026-06-02T12:00:00.001Z',
    ])),
  (copy, random) => {
    const items = copy['items'];
    if (!Array.isArray(items) || items.length === 0) return;
    const item = pick(random, items);
    if (isObject(item)) item['quantity'] = pick(random, [0, 2, 1001, 2.5]);
  },
  (copy, random) =>
    (copy[pick(random, ['extra', 'refund', '__comment'])] = pick(random, WEIRD_VALUES)),
];

/**
 * A mixed corpus: the examples, `validCount` synthetic events and, for each of them with
 * probability `invalidShare`, a randomly mutated copy (most of which break the contract).
 */
export function mutatedCorpus(validCount: number, invalidShare: number, seed = 7): CorpusMessage[] {
  const random = seededRandom(seed);
  const out: CorpusMessage[] = examples().map(({ name, event }) => ({
    name,
    data: JSON.stringify(event),
  }));
  (syntheticEvents(validCount, seed) as unknown as JsonObject[]).forEach((event, index) => {
    out.push({
      name: `synthetic #${index}`,
      data: index % 3 === 0 ? enc.encode(JSON.stringify(event)) : JSON.stringify(event),
    });
    if (random() < invalidShare) {
      const copy = clone(event);
      const rounds = between(random, 1, 3);
      for (let round = 0; round < rounds; round++) pick(random, RANDOM_MUTATIONS)(copy, random);
      out.push({ name: `mutated synthetic #${index}`, data: JSON.stringify(copy) });
    }
  });
  return out;
}

/** The contract's shared hostile-message corpus, as corpus messages. */
export function hostileMessages(): CorpusMessage[] {
  return hostileCorpus().map((message) => ({
    name: `hostile: ${message.name}`,
    data: message.data,
  }));
}
