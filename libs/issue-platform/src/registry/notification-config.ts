import type { AttributeProblem } from './errors';

/** Rows a notification may show about the issue, in the order given. */
export const NotificationContextField = {
  EVENTS: 'Events',
  USERS_AFFECTED: 'Users Affected',
  STATE: 'State',
  FIRST_SEEN: 'First Seen',
  APPROX_START_TIME: 'Approx. Start Time',
} as const;

export type NotificationContextField = (typeof NotificationContextField)[keyof typeof NotificationContextField];

const CONTEXT_FIELDS: readonly string[] = Object.values(NotificationContextField);

export function isNotificationContextField(value: unknown): value is NotificationContextField {
  return typeof value === 'string' && CONTEXT_FIELDS.includes(value);
}

/** How notifications about issues of a type look. */
export interface NotificationConfig {
  readonly textCodeFormatted: boolean;
  /** Order matters: rows are shown as listed. */
  readonly context: readonly NotificationContextField[];
  readonly actions: readonly string[];
  readonly extraAction: Readonly<Record<string, string>>;
}

export const DEFAULT_NOTIFICATION_CONFIG: NotificationConfig = notificationConfig();

/**
 * A notification config with the defaults for whatever is left out: text
 * formatted as code, context Events / Users Affected / State / First Seen,
 * actions archive / resolve / assign, no extra action.
 */
export function notificationConfig(options: Partial<NotificationConfig> = {}): NotificationConfig {
  return Object.freeze({
    textCodeFormatted: options.textCodeFormatted ?? true,
    context: Object.freeze([
      ...(options.context ?? [
        NotificationContextField.EVENTS,
        NotificationContextField.USERS_AFFECTED,
        NotificationContextField.STATE,
        NotificationContextField.FIRST_SEEN,
      ]),
    ]),
    actions: Object.freeze([...(options.actions ?? ['archive', 'resolve', 'assign'])]),
    extraAction: Object.freeze({ ...(options.extraAction ?? {}) }),
  });
}

/** Problems with a notification config, with paths relative to it (empty when valid). */
export function notificationConfigProblems(config: NotificationConfig): AttributeProblem[] {
  const allowed = CONTEXT_FIELDS.map((f) => JSON.stringify(f)).join(', ');
  return config.context.flatMap((value, i) =>
    isNotificationContextField(value) ? [] : [{ field: `context[${i}]`, problem: `must be one of ${allowed}, got ${JSON.stringify(value)}` }],
  );
}
