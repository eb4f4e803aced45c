import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** What the Functions Framework's body parser leaves on a request. */
type ParsedRequest = IncomingMessage & { body?: unknown; rawBody?: Buffer };

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** True for the requests the push bridge sends: a plain JSON POST with a declared length. */
function isPlainJsonPost(req: IncomingMessage): boolean {
  const { headers } = req;
  return (
    req.method === 'POST' &&
    headers['content-type']?.toLowerCase() === 'application/json' &&
    headers['transfer-encoding'] === undefined &&
    (headers['content-encoding'] === undefined ||
      headers['content-encoding'].toLowerCase() === 'identity') &&
    /^\d{1,9}$/.test(headers['content-length'] ?? '')
  );
}

/**
 * Parses a body the way the Functions Framework's `body-parser` JSON parser does (strict mode:
 * an object or array, an empty body is `{}`, a UTF-8 byte order mark is dropped). Throws on
 * anything it would refuse.
 */
export function parseJsonBody(raw: Buffer): unknown {
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  let first = 0;
  while (first < text.length && WHITESPACE.has(text[first]!)) first += 1;
  if (text[first] !== '{' && text[first] !== '[')
    throw new SyntaxError('JSON body is not an object or array');
  return JSON.parse(text) as unknown;
}

/**
 * Wraps the Functions Framework's Express app so that the body of a plain JSON POST is read and
 * parsed before the request enters it. The app's body parsers skip a request whose body has been
 * read, so the function sees the same `req.body` and `req.rawBody` as on Cloud Run, while the
 * per-request cost of the parsers' stream plumbing (a large share of a small request's CPU) is
 * saved. A body they would refuse is answered 400 here, as they would; any other request (other
 * content types, compressed or chunked bodies) goes to the app untouched.
 */
export function withJsonBodyRead(app: RequestListener): RequestListener {
  return (req: ParsedRequest, res: ServerResponse) => {
    if (!isPlainJsonPost(req)) {
      app(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      try {
        req.body = parseJsonBody(raw);
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad Request');
        return;
      }
      req.rawBody = raw;
      app(req, res);
    });
  };
}
