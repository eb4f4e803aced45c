/**
 * The shape of a sales event v1, checked by hand. Mirrors `SalesEventShape` in the contract:
 * strict objects (unknown keys are issues), fields in declaration order, every issue reported.
 */
import {
  CARD_BRANDS,
  CHANNELS,
  CUSTOMER_SEGMENTS,
  EVENT_TYPES,
  LOYALTY_TIERS,
  PAYMENT_METHODS,
  REFUND_REASONS,
  SCHEMA_VERSION,
} from '@salesflow/contract/vocabulary';
import {
  checkCountry,
  checkCurrency,
  checkEmail,
  checkEnum,
  checkInteger,
  checkMoney,
  checkText,
  checkTimestamp,
  checkUuid,
  vocabulary,
  type Vocabulary,
} from './fields.js';
import { addIssue, childPath, indexPath, type IssueList } from './issues.js';
import { checkMaxLength, checkMinLength, hasLength } from './lengths.js';

type JsonObject = Record<string, unknown>;

const ID_LENGTH = 64;
const MAX_ITEMS = 50;

const EVENT_KEYS = vocabulary([
  'schema_version',
  'event_id',
  'event_type',
  'event_time',
  'order_id',
  'store',
  'customer',
  'items',
  'currency',
  'amounts',
  'payment',
  'refund',
]);
const STORE_KEYS = vocabulary(['store_id', 'name', 'channel', 'country', 'city']);
const CUSTOMER_KEYS = vocabulary([
  'customer_id',
  'email',
  'full_name',
  'country',
  'city',
  'segment',
  'loyalty_tier',
  'updated_at',
]);
const ITEM_KEYS = vocabulary([
  'line_number',
  'product_id',
  'sku',
  'product_name',
  'category',
  'brand',
  'unit_price',
  'quantity',
  'discount_amount',
  'product_updated_at',
]);
const AMOUNT_KEYS = vocabulary(['subtotal', 'discount_total', 'tax_total', 'shipping', 'total']);
const PAYMENT_KEYS = vocabulary(['method', 'card_brand']);
const REFUND_KEYS = vocabulary(['original_order_id', 'reason', 'amount']);

const EVENT_TYPE_VALUES = vocabulary(EVENT_TYPES);
const CHANNEL_VALUES = vocabulary(CHANNELS);
const SEGMENT_VALUES = vocabulary(CUSTOMER_SEGMENTS);
const TIER_VALUES = vocabulary(LOYALTY_TIERS);
const METHOD_VALUES = vocabulary(PAYMENT_METHODS);
const BRAND_VALUES = vocabulary(CARD_BRANDS);
const REASON_VALUES = vocabulary(REFUND_REASONS);

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the object, or reports `invalid_type` and returns null. */
function objectAt(issues: IssueList, path: string, value: unknown): JsonObject | null {
  if (isJsonObject(value)) return value;
  addIssue(issues, path, 'invalid_type', 'expected object');
  return null;
}

function checkUnknownKeys(
  issues: IssueList,
  path: string,
  object: JsonObject,
  known: Vocabulary,
): void {
  for (const key in object) {
    if (known[key] !== true)
      addIssue(issues, childPath(path, key), 'unrecognized_key', 'unknown field "' + key + '"');
  }
}

function checkStore(issues: IssueList, path: string, value: unknown): void {
  const store = objectAt(issues, path, value);
  if (store === null) return;
  checkText(issues, path, 'store_id', store['store_id'], ID_LENGTH);
  checkText(issues, path, 'name', store['name'], 200);
  checkEnum(issues, path, 'channel', store['channel'], CHANNEL_VALUES);
  checkCountry(issues, path, 'country', store['country']);
  checkText(issues, path, 'city', store['city'], 120);
  checkUnknownKeys(issues, path, store, STORE_KEYS);
}

function checkCustomer(issues: IssueList, path: string, value: unknown): void {
  const customer = objectAt(issues, path, value);
  if (customer === null) return;
  checkText(issues, path, 'customer_id', customer['customer_id'], ID_LENGTH);
  checkEmail(issues, path, 'email', customer['email']);
  checkText(issues, path, 'full_name', customer['full_name'], 200);
  checkCountry(issues, path, 'country', customer['country']);
  checkText(issues, path, 'city', customer['city'], 120);
  checkEnum(issues, path, 'segment', customer['segment'], SEGMENT_VALUES);
  checkEnum(issues, path, 'loyalty_tier', customer['loyalty_tier'], TIER_VALUES);
  checkTimestamp(issues, path, 'updated_at', customer['updated_at']);
  checkUnknownKeys(issues, path, customer, CUSTOMER_KEYS);
}

function checkItem(issues: IssueList, path: string, value: unknown): void {
  const item = objectAt(issues, path, value);
  if (item === null) return;
  checkInteger(issues, path, 'line_number', item['line_number'], 1, MAX_ITEMS);
  checkText(issues, path, 'product_id', item['product_id'], ID_LENGTH);
  checkText(issues, path, 'sku', item['sku'], ID_LENGTH);
  checkText(issues, path, 'product_name', item['product_name'], 200);
  checkText(issues, path, 'category', item['category'], 80);
  checkText(issues, path, 'brand', item['brand'], 80);
  checkMoney(issues, path, 'unit_price', item['unit_price'], false);
  checkInteger(issues, path, 'quantity', item['quantity'], 1, 1000);
  checkMoney(issues, path, 'discount_amount', item['discount_amount'], false);
  checkTimestamp(issues, path, 'product_updated_at', item['product_updated_at']);
  checkUnknownKeys(issues, path, item, ITEM_KEYS);
}

function checkItems(issues: IssueList, value: unknown): void {
  if (!Array.isArray(value)) {
    addIssue(issues, '$.items', 'invalid_type', 'expected array');
    if (hasLength(value)) {
      checkMinLength(issues, '$', 'items', value, 1);
      checkMaxLength(issues, '$', 'items', value, MAX_ITEMS);
    }
    return;
  }
  // An oversized list is rejected as a whole, before any item is looked at.
  if (value.length > MAX_ITEMS) {
    checkMaxLength(issues, '$', 'items', value, MAX_ITEMS);
    return;
  }
  for (let i = 0; i < value.length; i++) checkItem(issues, indexPath('$.items', i), value[i]);
  checkMinLength(issues, '$', 'items', value, 1);
}

function checkAmounts(issues: IssueList, path: string, value: unknown): void {
  const amounts = objectAt(issues, path, value);
  if (amounts === null) return;
  checkMoney(issues, path, 'subtotal', amounts['subtotal'], false);
  checkMoney(issues, path, 'discount_total', amounts['discount_total'], false);
  checkMoney(issues, path, 'tax_total', amounts['tax_total'], false);
  checkMoney(issues, path, 'shipping', amounts['shipping'], false);
  checkMoney(issues, path, 'total', amounts['total'], false);
  checkUnknownKeys(issues, path, amounts, AMOUNT_KEYS);
}

function checkPayment(issues: IssueList, path: string, value: unknown): void {
  const payment = objectAt(issues, path, value);
  if (payment === null) return;
  checkEnum(issues, path, 'method', payment['method'], METHOD_VALUES);
  const brand = payment['card_brand'];
  if (brand !== undefined) checkEnum(issues, path, 'card_brand', brand, BRAND_VALUES);
  checkUnknownKeys(issues, path, payment, PAYMENT_KEYS);
}

function checkRefund(issues: IssueList, path: string, value: unknown): void {
  if (value === undefined) return;
  const refund = objectAt(issues, path, value);
  if (refund === null) return;
  checkText(issues, path, 'original_order_id', refund['original_order_id'], ID_LENGTH);
  checkEnum(issues, path, 'reason', refund['reason'], REASON_VALUES);
  checkMoney(issues, path, 'amount', refund['amount'], true);
  checkUnknownKeys(issues, path, refund, REFUND_KEYS);
}

/** Checks the shape of a parsed event object and appends every issue found. */
export function checkEventShape(issues: IssueList, event: JsonObject): void {
  if (event['schema_version'] !== SCHEMA_VERSION) {
    addIssue(
      issues,
      '$.schema_version',
      'invalid_value',
      'schema_version must be ' + SCHEMA_VERSION,
    );
  }
  checkUuid(issues, '$', 'event_id', event['event_id']);
  checkEnum(issues, '$', 'event_type', event['event_type'], EVENT_TYPE_VALUES);
  checkTimestamp(issues, '$', 'event_time', event['event_time']);
  checkText(issues, '$', 'order_id', event['order_id'], ID_LENGTH);
  checkStore(issues, '$.store', event['store']);
  checkCustomer(issues, '$.customer', event['customer']);
  checkItems(issues, event['items']);
  checkCurrency(issues, '$', 'currency', event['currency']);
  checkAmounts(issues, '$.amounts', event['amounts']);
  checkPayment(issues, '$.payment', event['payment']);
  checkRefund(issues, '$.refund', event['refund']);
  checkUnknownKeys(issues, '$', event, EVENT_KEYS);
}
