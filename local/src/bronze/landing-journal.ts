import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { appendFile, open } from 'node:fs/promises';

/**
 * The landing journal of a table: the name of each landing file, one per line, appended once the
 * file is in place. A reader keeps its place in it, so finding what landed since it last looked
 * costs what is new — not a listing of every file ever landed, which grows without end.
 *
 * The journal is an index, not the data: a file in place whose name never reached the journal
 * (the append failed, the process died in between) fails its batch, so Pub/Sub delivers the
 * message again and it lands once more, journaled. Bronze allows the duplicate; Silver removes it.
 */
export async function journalLanding(journalPath: string, fileName: string): Promise<void> {
  // One short append per file: the kernel keeps appends of concurrent writers whole.
  await appendFile(journalPath, `${fileName}\n`, { encoding: 'utf8', flag: 'a' });
}

const NEWLINE = 0x0a;
const TAIL_BYTES = 64 * 1024;

interface Position {
  /** Identity of the journal file read so far; another one (recreated) is read from its start. */
  dev: number;
  ino: number;
  /** Bytes consumed: always just after a newline. */
  offset: number;
}

/**
 * Reads a landing journal from where the last call stopped. It starts at the journal's end as it is
 * when constructed — what landed before is not news — and starts over with a journal that was
 * replaced or truncated. A line still being written is left for the next call.
 */
export class JournalCursor {
  private position: Position | undefined;

  constructor(private readonly journalPath: string) {
    this.position = currentEnd(journalPath);
  }

  /** The names journaled since the last call, in journal order. */
  async next(): Promise<string[]> {
    let handle;
    try {
      handle = await open(this.journalPath, 'r');
    } catch {
      // No journal yet, or the landing storage is unreachable: nothing new to read.
      return [];
    }
    try {
      const stat = await handle.stat();
      let position = this.position;
      if (
        position === undefined ||
        position.dev !== stat.dev ||
        position.ino !== stat.ino ||
        stat.size < position.offset
      ) {
        position = { dev: stat.dev, ino: stat.ino, offset: 0 };
      }
      const length = stat.size - position.offset;
      if (length <= 0) {
        this.position = position;
        return [];
      }
      const buffer = Buffer.allocUnsafe(length);
      let read = 0;
      while (read < length) {
        const { bytesRead } = await handle.read(
          buffer,
          read,
          length - read,
          position.offset + read,
        );
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      const complete = buffer.lastIndexOf(NEWLINE, read - 1) + 1;
      this.position = { ...position, offset: position.offset + complete };
      return complete === 0
        ? []
        : buffer
            .toString('utf8', 0, complete - 1)
            .split('\n')
            .filter((name) => name.length > 0);
    } finally {
      await handle.close();
    }
  }
}

/** The position just after the last complete line of the journal, if it exists. */
function currentEnd(journalPath: string): Position | undefined {
  let fd: number;
  try {
    fd = openSync(journalPath, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    const tailLength = Math.min(stat.size, TAIL_BYTES);
    const tail = Buffer.allocUnsafe(tailLength);
    const bytesRead = readSync(fd, tail, 0, tailLength, stat.size - tailLength);
    const lastNewline = tail.lastIndexOf(NEWLINE, bytesRead - 1);
    // A journal line is far shorter than the tail read; without a newline in it nothing is complete.
    const offset = lastNewline < 0 ? 0 : stat.size - tailLength + lastNewline + 1;
    return { dev: stat.dev, ino: stat.ino, offset };
  } finally {
    closeSync(fd);
  }
}
