/**
 * The shape of a sales event v1, checked against the contract's field table (generated from the
 * zod schema): strict objects (unknown keys are issues), fields in declaration order, every issue
 * reported. The table is compiled once into one check per field.
 */
import type { FieldSpec } from '../fields.js';
import { EVENT_FIELDS } from './event-fields.js';
import {
  checkCountry,
  checkCurrency,
  checkEnum,
  checkFormat,
  checkInteger,
  checkLiteral,
  checkMoney,
  checkText,
  vocabulary,
  type Vocabulary,
} from './fields.js';
import { addFieldIssue, addIssue, childPath, indexPath, type IssueList } from './issues.js';
import { checkMaxLength, checkMinLength, hasLength } from './lengths.js';
import { checkTypedMembers } from './members.js';

type JsonObject = Record<string, unknown>;

/** Checks field `key` of the object at `parent`, given its value. */
type ValueCheck = (issues: IssueList, parent: string, key: string, value: unknown) => void;

/** The compiled checks of an object's fields and the keys it knows. */
interface ObjectCheck {
  readonly keys: readonly string[];
  readonly checks: readonly ValueCheck[];
  readonly optional: readonly boolean[];
  readonly known: Vocabulary;
}

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

function checkObject(issues: IssueList, path: string, object: JsonObject, spec: ObjectCheck): void {
  const keys = spec.keys;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = object[key];
    if (value === undefined && spec.optional[i] === true) continue;
    (spec.checks[i] as ValueCheck)(issues, path, key, value);
  }
  for (const key in object) {
    if (spec.known[key] !== true) {
      addIssue(issues, childPath(path, key), 'unrecognized_key', 'unknown field "' + key + '"');
    }
  }
}

function compileObject(fields: readonly FieldSpec[]): ObjectCheck {
  const keys: string[] = [];
  const checks: ValueCheck[] = [];
  const optional: boolean[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as FieldSpec;
    keys.push(field.key);
    checks.push(compileField(field));
    optional.push(field.optional);
  }
  return { keys, checks, optional, known: vocabulary(keys) };
}

function compileArray(minItems: number, maxItems: number, items: ObjectCheck): ValueCheck {
  return (issues, parent, key, value) => {
    const path = parent + '.' + key;
    if (!Array.isArray(value)) {
      addIssue(issues, path, 'invalid_type', 'expected array');
      if (hasLength(value)) {
        checkMinLength(issues, parent, key, value, minItems);
        checkMaxLength(issues, parent, key, value, maxItems);
      }
      return;
    }
    // An oversized list is rejected as a whole, before any item is looked at.
    if (value.length > maxItems) {
      checkMaxLength(issues, parent, key, value, maxItems);
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const itemPath = indexPath(path, i);
      const item = objectAt(issues, itemPath, value[i]);
      if (item !== null) checkObject(issues, itemPath, item, items);
    }
    checkMinLength(issues, parent, key, value, minItems);
  };
}

function compileField(field: FieldSpec): ValueCheck {
  switch (field.kind) {
    case 'literal': {
      const expected = field.value;
      return (issues, parent, key, value) => checkLiteral(issues, parent, key, value, expected);
    }
    case 'integer': {
      const { minimum, maximum } = field;
      return (issues, parent, key, value) =>
        checkInteger(issues, parent, key, value, minimum, maximum);
    }
    case 'money': {
      const { positive, maximum } = field;
      return (issues, parent, key, value) =>
        checkMoney(issues, parent, key, value, positive, maximum);
    }
    case 'enum': {
      const allowed = vocabulary(field.values);
      return (issues, parent, key, value) => checkEnum(issues, parent, key, value, allowed);
    }
    case 'format': {
      const pattern = new RegExp(field.pattern);
      const { expected, max_length: maxLength } = field;
      return (issues, parent, key, value) =>
        checkFormat(issues, parent, key, value, pattern, expected, maxLength);
    }
    case 'text': {
      const { min_length: min, max_length: max } = field;
      return (issues, parent, key, value) => checkText(issues, parent, key, value, min, max);
    }
    case 'code':
      return field.list === 'countries' ? checkCountry : checkCurrency;
    case 'object': {
      const object = compileObject(field.fields);
      return (issues, parent, key, value) => {
        const path = parent + '.' + key;
        const checked = objectAt(issues, path, value);
        if (checked !== null) checkObject(issues, path, checked, object);
      };
    }
    case 'array':
      return compileArray(field.min_items, field.max_items, compileObject(field.item_fields));
    default:
      return unknownKind(field);
  }
}

/** A field table newer than this validator: every value of the field is reported. */
function unknownKind(field: never): ValueCheck {
  const kind = String((field as FieldSpec).kind);
  return (issues, parent, key) =>
    addFieldIssue(issues, parent, key, 'custom', 'no check for fields of kind ' + kind);
}

const EVENT = compileObject(EVENT_FIELDS);

/** Checks the shape of a parsed event object and appends every issue found. */
export function checkEventShape(issues: IssueList, event: JsonObject): void {
  checkObject(issues, '$', event, EVENT);
  checkTypedMembers(issues, event);
}
