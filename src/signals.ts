/**
 * The signals that mean "stop now". The runner sends SIGINT, then SIGTERM 7.5 s later, then
 * SIGKILL; on Windows it sends Ctrl-C then Ctrl-Break, which Node reports as SIGINT and SIGBREAK.
 */
export function terminationSignals(platform: NodeJS.Platform): NodeJS.Signals[] {
  return platform === 'win32' ? ['SIGINT', 'SIGBREAK', 'SIGTERM'] : ['SIGINT', 'SIGTERM']
}

/** Calls handler on each termination signal; answers a function that removes the handlers. */
export function onTermination(
  handler: (signal: NodeJS.Signals) => void,
  proc: Pick<NodeJS.Process, 'on' | 'off' | 'platform'> = process
): () => void {
  const signals = terminationSignals(proc.platform)
  for (const s of signals) proc.on(s, handler)
  return () => {
    for (const s of signals) proc.off(s, handler)
  }
}
