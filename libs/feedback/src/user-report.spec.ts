import type { NewUserReport, UserReportWrite } from '@issuestream/user-reports-data';
import {
  noEventStore, normalizeEventId, reportedEventKey, saveUserReports, shimFeedbackToUserReports, UNREAL_FEEDBACK_UNATTENDED_MESSAGE, userReportOutcome, validateUserReport, type UserReportInput,
} from './index';

const EVENT = '0123456789abcdef0123456789abcdef';
const at = new Date('2025-06-01T12:00:00.000Z');
const input = (overrides: Partial<UserReportInput> = {}): UserReportInput => ({
  projectId: 3, eventId: EVENT, comments: 'It crashed', name: 'Jane', email: 'jane@example.com', environmentId: 11, submittedAt: at, ...overrides,
});
const lenient = { filterGarbageMessages: false };
const strict = { filterGarbageMessages: true };
const reasonOf = (overrides: Partial<UserReportInput>, options = lenient) => {
  const result = validateUserReport(input(overrides), options);
  return result.valid ? null : [result.reason, result.display];
};

describe('validateUserReport', () => {
  it('accepts a report, trimming the comments and keeping the rest', () => {
    expect(validateUserReport(input({ comments: '  It crashed \n' }), lenient)).toEqual({
      valid: true,
      report: { projectId: 3, eventId: EVENT, groupId: null, environmentId: 11, name: 'Jane', email: 'jane@example.com', comments: 'It crashed', dateAdded: at },
    });
  });

  it('treats a missing name, e-mail or environment as empty / none', () => {
    const result = validateUserReport(input({ name: null, email: undefined, environmentId: undefined }), lenient);
    expect(result).toMatchObject({ valid: true, report: { name: '', email: '', environmentId: null } });
  });

  it('requires comments, then an event id', () => {
    expect(reasonOf({ comments: undefined, eventId: undefined })).toEqual(['missing_comments', 'Missing comments']);
    expect(reasonOf({ comments: null })).toEqual(['missing_comments', 'Missing comments']);
    expect(reasonOf({ eventId: null })).toEqual(['missing_event_id', 'Missing event_id']);
  });

  it('refuses empty and Unreal-unattended comments only with the garbage filter on', () => {
    expect(reasonOf({ comments: '   ' })).toBeNull();
    expect(reasonOf({ comments: UNREAL_FEEDBACK_UNATTENDED_MESSAGE })).toBeNull();
    expect(reasonOf({ comments: ' \t ' }, strict)).toEqual(['empty', 'Empty Feedback Messsage']);
    expect(reasonOf({ comments: ` ${UNREAL_FEEDBACK_UNATTENDED_MESSAGE} ` }, strict)).toEqual(['unreal.unattended', 'Sent in Unreal Unattended Mode']);
  });

  it('limits comments to 4096, name to 128 and e-mail to 75 characters, in that order', () => {
    expect(reasonOf({ comments: 'x'.repeat(4096) })).toBeNull();
    expect(reasonOf({ comments: 'x'.repeat(4097), name: 'n'.repeat(129) })).toEqual(['too_large.message', 'Message Too Large']);
    expect(reasonOf({ name: 'n'.repeat(128) })).toBeNull();
    expect(reasonOf({ name: 'n'.repeat(129), email: 'e'.repeat(76) })).toEqual(['too_large.name', 'Name Too Large']);
    expect(reasonOf({ email: 'e'.repeat(75) })).toBeNull();
    expect(reasonOf({ email: 'e'.repeat(76), eventId: 'bad' })).toEqual(['too_large.email', 'Email Too Large']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(reasonOf({ name: '😀'.repeat(128) })).toBeNull();
    expect(reasonOf({ name: '😀'.repeat(129) })).toEqual(['too_large.name', 'Name Too Large']);
  });

  it('checks the lengths after trimming the comments', () => {
    expect(reasonOf({ comments: ` ${'x'.repeat(4096)} ` })).toBeNull();
  });

  it('does not check the shape of the e-mail address', () => {
    expect(reasonOf({ email: 'not an address' })).toBeNull();
  });

  it('requires a UUID event id and normalises it to 32 lower-case hex digits', () => {
    expect(reasonOf({ eventId: 'nope' })).toEqual(['invalid_event_id', 'Invalid Event ID']);
    expect(reasonOf({ eventId: `${EVENT}0` })).toEqual(['invalid_event_id', 'Invalid Event ID']);
    const upper = validateUserReport(input({ eventId: '01234567-89AB-CDEF-0123-456789ABCDEF' }), lenient);
    expect(upper).toMatchObject({ valid: true, report: { eventId: EVENT } });
  });
});

describe('normalizeEventId', () => {
  it('accepts the forms a UUID parser accepts', () => {
    for (const form of [EVENT, EVENT.toUpperCase(), '01234567-89ab-cdef-0123-456789abcdef', '{01234567-89ab-cdef-0123-456789abcdef}', 'urn:uuid:01234567-89ab-cdef-0123-456789abcdef']) {
      expect(normalizeEventId(form)).toBe(EVENT);
    }
    for (const bad of ['', 'g'.repeat(32), EVENT.slice(1), '{0123456789abcdef0123456789abcdef']) expect(normalizeEventId(bad)).toBeNull();
  });
});

/** A store that answers from a list of what it would report, recording what it was given. */
function scriptedStore(answers: UserReportWrite[]) {
  const given: NewUserReport[][] = [];
  return {
    given,
    store: {
      save: async (reports: readonly NewUserReport[]) => {
        given.push([...reports]);
        return answers.slice(0, reports.length);
      },
    },
  };
}

describe('saveUserReports', () => {
  const now = new Date('2025-06-01T12:03:00.000Z');

  it('writes only valid reports and maps every write to a result, in input order', async () => {
    const error = new Error('refused');
    const { store, given } = scriptedStore([
      { kind: 'inserted', id: 1 }, { kind: 'updated', id: 2 }, { kind: 'unchanged', id: 3 }, { kind: 'kept', id: 4 }, { kind: 'failed', error },
    ]);
    const results = await saveUserReports(
      store,
      [input(), input({ eventId: 'bad' }), input(), input(), input(), input(), input({ name: 'n'.repeat(200) })],
      { now, filterGarbageMessages: false },
    );
    expect(given.flat()).toHaveLength(5);
    expect(results).toEqual([
      { kind: 'saved', id: 1 },
      { kind: 'invalid', reason: 'invalid_event_id', display: 'Invalid Event ID' },
      { kind: 'overwritten', id: 2 },
      { kind: 'unchanged', id: 3 },
      { kind: 'conflict', id: 4 },
      { kind: 'failed', error },
      { kind: 'invalid', reason: 'too_large.name', display: 'Name Too Large' },
    ]);
  });

  it('overwrites a report added in the last five minutes, and keeps an older one', async () => {
    // The store's contract in memory: same key and contents → unchanged; added since the cut-off → updated; else kept.
    const rows = new Map<string, NewUserReport>();
    const store = {
      save: async (reports: readonly NewUserReport[], options: { overwriteAddedSince: Date }): Promise<UserReportWrite[]> =>
        reports.map((report, id) => {
          const existing = rows.get(report.eventId);
          if (!existing) return rows.set(report.eventId, report), { kind: 'inserted', id };
          if (existing.comments === report.comments && existing.dateAdded.getTime() === report.dateAdded.getTime()) return { kind: 'unchanged', id };
          if (existing.dateAdded >= options.overwriteAddedSince) return rows.set(report.eventId, { ...existing, comments: report.comments }), { kind: 'updated', id };
          return { kind: 'kept', id };
        }),
    };
    const recent = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const old = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
    const options = { now, filterGarbageMessages: false };
    await saveUserReports(store, [input({ eventId: recent, submittedAt: minutesAgo(4.9) }), input({ eventId: old, submittedAt: minutesAgo(5.1) })], options);
    const second = await saveUserReports(store, [input({ eventId: recent, comments: 'more' }), input({ eventId: old, comments: 'more' })], options);
    expect(second.map((r) => r.kind)).toEqual(['overwritten', 'conflict']);
    expect(rows.get(recent)?.comments).toBe('more');
    expect(rows.get(old)?.comments).toBe('It crashed');
  });
});

describe('userReportOutcome', () => {
  const where = { orgId: 8, projectId: 3, at };
  it('is INVALID with the display reason for refused and duplicate reports, without an event id', () => {
    expect(userReportOutcome({ kind: 'invalid', reason: 'too_large.email', display: 'Email Too Large' }, where)).toEqual({
      at, orgId: 8, projectId: 3, outcome: 3, reason: 'Email Too Large', eventId: null,
    });
    expect(userReportOutcome({ kind: 'conflict', id: 1 }, where)).toMatchObject({ outcome: 3, reason: 'Duplicate report' });
  });
  it('is nothing for stored reports and database failures', () => {
    for (const kind of ['saved', 'overwritten', 'unchanged'] as const) expect(userReportOutcome({ kind, id: 1 }, where)).toBeNull();
    expect(userReportOutcome({ kind: 'failed', error: new Error('x') }, where)).toBeNull();
  });
});

describe('shimFeedbackToUserReports', () => {
  const feedback = (context: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    projectId: 3, organizationId: 8, at, event: { environment: 'staging', contexts: { feedback: { message: 'It crashed', ...context } }, ...extra },
  });

  it('builds one report per feedback with an associated event, in the environment of the event', async () => {
    const { store, given } = scriptedStore([{ kind: 'inserted', id: 1 }, { kind: 'inserted', id: 2 }]);
    const tenants = {
      ensureEnvironments: async (refs: readonly { organizationId: number; name: string }[]) =>
        new Map(refs.map((r) => [`${r.organizationId}|${r.name}`, r.name === 'staging' ? 21 : r.name === 'production' ? 22 : 0] as const)),
    };
    const shims = await shimFeedbackToUserReports(
      { tenants, userReports: store, events: noEventStore },
      [
        feedback({ associated_event_id: EVENT.toUpperCase(), name: 'Jane', contact_email: 'jane@example.com' }),
        feedback({}),
        feedback({ associated_event_id: '' }),
        feedback({ associated_event_id: EVENT }, { environment: '' }),
      ],
      { now: at, filterGarbageMessages: false },
    );
    expect(given[0]).toEqual([
      { projectId: 3, eventId: EVENT, groupId: null, environmentId: 21, name: 'Jane', email: 'jane@example.com', comments: 'It crashed', dateAdded: at },
      { projectId: 3, eventId: EVENT, groupId: null, environmentId: 22, name: '', email: '', comments: 'It crashed', dateAdded: at },
    ]);
    expect(shims.map((s) => [s.associatedEventId, s.result.kind])).toEqual([[EVENT.toUpperCase(), 'saved'], [EVENT, 'saved']]);
  });

  it('fails a report whose environment could not be stored, and writes the others', async () => {
    const { store, given } = scriptedStore([{ kind: 'inserted', id: 1 }]);
    const broken = new Error('bad name');
    const tenants = { ensureEnvironments: async () => new Map<string, number | Error>([['8|staging', broken], ['8|production', 5]]) };
    const shims = await shimFeedbackToUserReports(
      { tenants, userReports: store, events: noEventStore },
      [feedback({ associated_event_id: EVENT }), feedback({ associated_event_id: EVENT }, { environment: 'production' })],
      { now: at, filterGarbageMessages: false },
    );
    expect(shims.map((s) => s.result)).toEqual([{ kind: 'failed', error: broken }, { kind: 'saved', id: 1 }]);
    expect(given[0]).toHaveLength(1);
  });

  it('takes the issue and environment of a stored error event, and refuses a report on one older than 30 minutes', async () => {
    const { store, given } = scriptedStore([{ kind: 'inserted', id: 1 }]);
    const tenants = { ensureEnvironments: async () => new Map<string, number | Error>([['8|staging', 21]]) };
    const OLD = 'f'.repeat(32);
    const events = {
      find: async () => new Map([
        [reportedEventKey({ projectId: 3, eventId: EVENT }), { groupId: 99, environmentId: 7, occurredAt: at, data: {} }],
        [reportedEventKey({ projectId: 3, eventId: OLD }), { groupId: 98, environmentId: 7, occurredAt: new Date(at.getTime() - 31 * 60_000), data: {} }],
      ]),
    };
    const shims = await shimFeedbackToUserReports(
      { tenants, userReports: store, events },
      [feedback({ associated_event_id: EVENT }), feedback({ associated_event_id: OLD })],
      { now: at, filterGarbageMessages: false },
    );
    expect(given[0]).toEqual([expect.objectContaining({ eventId: EVENT, groupId: 99, environmentId: 7 })]);
    expect(shims.map((s) => s.result.kind)).toEqual(['saved', 'event_too_old']);
  });
});
