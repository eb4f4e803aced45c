/**
 * The members of an event that depend on its type (the order's content on order events, the
 * shipment on lifecycle events): a member the type requires is missing (`invalid_type`, as any
 * missing field is), one it does not carry is unknown to it (`unrecognized_key`). Part of the
 * shape, run by the zod-based validator and the fast one alike; ES5 only (the Dataflow UDF).
 */
import { EVENT_TYPE_MEMBERS, TYPED_MEMBERS, type EventTypeMembers } from '../vocabulary.js';
import { vocabulary, type Vocabulary } from './fields.js';
import { addIssue, type IssueList } from './issues.js';

interface CompiledMembers {
  readonly required: Vocabulary;
  readonly allowed: Vocabulary;
}

function compile(members: EventTypeMembers): CompiledMembers {
  return {
    required: vocabulary(members.required),
    allowed: vocabulary(members.required.concat(members.optional)),
  };
}

const BY_TYPE: Record<string, CompiledMembers> = Object.create(null) as Record<
  string,
  CompiledMembers
>;
for (const type in EVENT_TYPE_MEMBERS) {
  BY_TYPE[type] = compile(EVENT_TYPE_MEMBERS[type as keyof typeof EVENT_TYPE_MEMBERS]);
}

/**
 * Appends the typed-member issues of a parsed event object. An event whose `event_type` is not a
 * known type has no typed members to check (the type itself is reported by the shape).
 */
export function checkTypedMembers(issues: IssueList, event: Record<string, unknown>): void {
  const type = event['event_type'];
  if (typeof type !== 'string') return;
  const members = BY_TYPE[type];
  if (members === undefined) return;
  for (let i = 0; i < TYPED_MEMBERS.length; i++) {
    const member = TYPED_MEMBERS[i] as string;
    const present = event[member] !== undefined;
    if (!present && members.required[member] === true) {
      addIssue(
        issues,
        '$.' + member,
        'invalid_type',
        member + ' is required on ' + type + ' events',
      );
    } else if (present && members.allowed[member] !== true) {
      addIssue(issues, '$.' + member, 'unrecognized_key', type + ' events carry no ' + member);
    }
  }
}
