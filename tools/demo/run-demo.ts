/** Runs a demo; a failure is one line naming what did not happen, and exit code 1. */
export function runDemo(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
