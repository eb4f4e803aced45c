import { SALES_EVENTS_REJECTED_TABLE, SALES_EVENTS_TABLE } from '@salesflow/contract';
import { NewLandingFiles } from './landing-reader.js';

/** What the Bronze landing files hold, by keys that survive a republish. */
export interface LandedKeys {
  /** `event_id`s in `sales_events`. */
  eventIds: Set<string>;
  /** SHA-256 (lowercase hex) of each `raw_data` in `sales_events_rejected`: the message body as received. */
  rejectedDigests: Set<string>;
}

/**
 * Event ids and rejected-body digests found in the Bronze landing files so far, as `LandingIndex`
 * finds message ids. Pub/Sub message ids cannot match a republished message to its original (it
 * gets a new id, and a restarted emulator hands out the old ids again); these keys can.
 */
export class LandedKeysIndex {
  private readonly files: NewLandingFiles;
  private readonly keys: LandedKeys = { eventIds: new Set(), rejectedDigests: new Set() };

  constructor(warehousePath: string, landingDir?: string) {
    this.files = new NewLandingFiles(warehousePath, landingDir);
  }

  /** Reads the files landed since the last call and returns the keys found so far. */
  async refresh(): Promise<LandedKeys> {
    await this.files.read(SALES_EVENTS_TABLE, 'event_id', this.keys.eventIds);
    await this.files.read(
      SALES_EVENTS_REJECTED_TABLE,
      'sha256(raw_data)',
      this.keys.rejectedDigests,
    );
    return this.keys;
  }

  close(): void {
    this.files.close();
  }
}
