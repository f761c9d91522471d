// Structured logging: one JSON object per line on stdout (or a sink tests capture).
// Callers pass fields, never raw headers; http/redact.ts cleans paths before they get here.
import type { LogLevel } from "../config";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

export interface Logger {
  /** Whether a line at this level would be written (skip building costly fields otherwise). */
  enabled(level: LogLevel): boolean;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel, sink: LogSink = (l) => process.stdout.write(l + "\n"), now = () => new Date()): Logger {
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    sink(JSON.stringify({ time: now().toISOString(), level: lvl, msg, ...fields }));
  };
  return {
    enabled: (lvl) => ORDER[lvl] >= ORDER[level],
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}
