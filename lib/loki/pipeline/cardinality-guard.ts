// The cardinality guard: keeps unbounded values out of stream labels.

import { quote, ValidationError } from '../../core';
import { optionalString, requireString } from '../../core/untyped';

/**
 * Name tokens of values that are unbounded (one value per request, user, moment...), with the reason shown
 * in the error message. Names are split into lower-case tokens at `_`, `-`, `.` and camelCase boundaries.
 */
const UNBOUNDED_TOKENS: { [token: string]: string } = {
  id: 'an id', ids: 'ids', uuid: 'a UUID', guid: 'a GUID',
  trace: 'a trace id', traceid: 'a trace id', span: 'a span id', spanid: 'a span id',
  request: 'a request id', requestid: 'a request id', reqid: 'a request id',
  correlation: 'a correlation id', correlationid: 'a correlation id',
  session: 'a session id', sessionid: 'a session id',
  user: 'a user id', userid: 'a user id', username: 'a user name', email: 'an e-mail address',
  customer: 'a customer id', customerid: 'a customer id', account: 'an account id', accountid: 'an account id',
  order: 'an order id', orderid: 'an order id', transaction: 'a transaction id', transactionid: 'a transaction id',
  token: 'a token', hash: 'a hash', uid: 'a UID',
  timestamp: 'a timestamp', ts: 'a timestamp', time: 'a time', datetime: 'a timestamp', date: 'a date',
  duration: 'a duration', latency: 'a duration', elapsed: 'a duration', took: 'a duration', ms: 'a duration',
  message: 'a message', msg: 'a message', line: 'a log line', body: 'a body', error: 'an error message', err: 'an error message',
  exception: 'an exception message', stacktrace: 'a stack trace', stack: 'a stack trace',
  path: 'a path (with ids in it)', url: 'a URL (with ids in it)', uri: 'a URI (with ids in it)', query: 'a query string',
  ip: 'an IP address', addr: 'an address', address: 'an address',
  bytes: 'a size', size: 'a size', count: 'a count',
};

function tokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.\-]+/)
    .filter((t) => t !== '');
}

/**
 * Keeps unbounded values out of Loki's stream labels: each distinct label value creates a stream, and
 * ids, timestamps, durations, messages or raw paths as labels make the index explode. Such values belong
 * in structured metadata (`Stage.structuredMetadata`), which is stored with the entry and still queryable.
 */
export class CardinalityGuard {
  /**
   * Why a label or field of this name probably holds unbounded values (`"a trace id"`), or `undefined`
   * when the name looks bounded (`level`, `method`, `status_class`, `route`).
   */
  public static unboundedReason(name: string): string | undefined {
    requireString(name, 'CardinalityGuard.unboundedReason name', "'trace_id'");
    for (const token of tokens(name)) {
      if (Object.prototype.hasOwnProperty.call(UNBOUNDED_TOKENS, token)) return UNBOUNDED_TOKENS[token];
    }
    return undefined;
  }

  /**
   * Throws when `label` (set from the extracted field `source`) looks unbounded and no reason was given.
   * @param field where the label is set, for the message (`stages[2].labels`)
   * @param allowReason the documented exception (`allowHighCardinality`), if any
   */
  public static checkLabel(label: string, source: string, field: string, allowReason?: string): void {
    requireString(label, 'CardinalityGuard.checkLabel label', "'level'");
    requireString(source, 'CardinalityGuard.checkLabel source', "'level'");
    requireString(field, 'CardinalityGuard.checkLabel field', "'stages[2].labels'");
    optionalString(allowReason, 'CardinalityGuard.checkLabel allowReason', "'bounded: 5 values'");
    if (allowReason !== undefined) return;
    const reason = CardinalityGuard.unboundedReason(label) ?? CardinalityGuard.unboundedReason(source);
    if (reason === undefined) return;
    const from = source === label ? '' : ` (from field ${quote(source)})`;
    throw new ValidationError(
      `${field}: label ${quote(label)}${from} looks unbounded (${reason}): every distinct value creates a Loki stream; ` +
      `attach it with Stage.structuredMetadata({ metadata: { ${label}: '${source}' } }) instead, ` +
      `or pass allowHighCardinality with the reason it is bounded; received ${quote(label)}`,
    );
  }
}
