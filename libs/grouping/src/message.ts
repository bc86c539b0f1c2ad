import { GroupingComponent } from './component';
import type { LogEntry, Template } from './event';
import { normalizeMessage } from './parameterize';

/** The message strategy: the formatted message (else the raw one), trimmed and parameterized. */
export function messageComponent(logentry: LogEntry): GroupingComponent {
  const raw = logentry.formatted || logentry.message || '';
  const normalized = normalizeMessage(raw);
  return new GroupingComponent('message', [normalized], normalized !== raw ? { hint: 'stripped event-specific values' } : {});
}

/** The template strategy (server-side template errors): file name and source line, as sent. */
export function templateComponent(template: Template): GroupingComponent {
  const filename = new GroupingComponent('filename', template.filename != null ? [template.filename] : []);
  const contextLine = new GroupingComponent('context-line', template.context_line != null ? [template.context_line] : []);
  return new GroupingComponent('template', [filename, contextLine]);
}
