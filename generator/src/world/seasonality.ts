import type { Channel } from '@salesflow/contract';

// Relative order intensity by local hour (0–23) and by weekday (Monday first).
const REMOTE_HOURS = [
  0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.25, 0.45, 0.65, 0.8, 0.9, 1.0, 1.1, 1.05, 0.95, 0.95, 1.0,
  1.1, 1.25, 1.45, 1.6, 1.5, 1.1, 0.6,
];
const APP_HOURS = [
  0.35, 0.2, 0.12, 0.08, 0.08, 0.12, 0.3, 0.6, 0.75, 0.7, 0.7, 0.8, 1.0, 0.95, 0.8, 0.8, 0.9, 1.1,
  1.3, 1.6, 1.8, 1.9, 1.5, 0.8,
];
const SHOP_HOURS = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.8, 1.0, 1.2, 1.1, 0.9, 0.9, 1.0, 1.25, 1.35, 1.1, 0.7, 0, 0, 0,
];
const SHOP_SUNDAY_HOURS = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6, 0.9, 1.0, 1.0, 1.0, 0.9, 0.8, 0.6, 0, 0, 0, 0, 0, 0,
];
const REMOTE_DAYS = [1.05, 1.0, 0.95, 0.95, 0.95, 0.9, 1.15];
const APP_DAYS = [0.95, 0.95, 0.95, 0.95, 1.0, 1.15, 1.2];
const SHOP_DAYS = [0.8, 0.85, 0.9, 0.95, 1.1, 1.45, 0.7];

/** Opening hours of physical shops, local time: [open, close). */
export const SHOP_OPENING_HOURS = { weekday: [9, 21], sunday: [10, 18] } as const;

/**
 * A week of hourly weights (index = weekday × 24 + hour, Monday = 0), scaled to mean 1 so a store's
 * share of orders over a week equals its weight whatever its daily shape.
 */
export function weeklyProfile(channel: Channel, sundayTrading: boolean): Float64Array {
  const profile = new Float64Array(7 * 24);
  for (let weekday = 0; weekday < 7; weekday += 1) {
    for (let hour = 0; hour < 24; hour += 1) {
      let weight: number;
      if (channel === 'in_store') {
        const hours = weekday === 6 ? (sundayTrading ? SHOP_SUNDAY_HOURS : null) : SHOP_HOURS;
        weight = hours === null ? 0 : (hours[hour] as number) * (SHOP_DAYS[weekday] as number);
      } else if (channel === 'mobile_app') {
        weight = (APP_HOURS[hour] as number) * (APP_DAYS[weekday] as number);
      } else {
        weight = (REMOTE_HOURS[hour] as number) * (REMOTE_DAYS[weekday] as number);
      }
      profile[weekday * 24 + hour] = weight;
    }
  }
  const mean = profile.reduce((sum, weight) => sum + weight, 0) / profile.length;
  for (let i = 0; i < profile.length; i += 1) profile[i] = (profile[i] as number) / mean;
  return profile;
}

/** Index into a weekly profile for a local wall-clock time given as epoch ms shifted by the offset. */
export function weekHourIndex(localEpochMs: number): number {
  const hours = Math.floor(localEpochMs / 3_600_000);
  const day = Math.floor(hours / 24);
  const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (Monday = 0)
  return weekday * 24 + (((hours % 24) + 24) % 24);
}
