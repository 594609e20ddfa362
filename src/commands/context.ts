/** What every command gets: its settings, provider, state, log, signal and clock. */
import type { Log } from '../model/outcome.js'
import type { RunSnapshot } from '../model/run.js'
import type { QuarantineEntry } from '../model/triage.js'
import type { Provider } from '../providers/provider.js'
import type { Settings } from '../settings/settings.js'
import type { StateStore } from './state.js'
import type { Clock } from '../waiting/wait.js'

export interface Context {
  settings: Readonly<Settings>
  provider: Provider
  state: StateStore
  log: Log
  /** Fires on SIGINT/SIGTERM (workflow cancelled or step timeout). */
  signal: AbortSignal
  clock: Clock
  /** The quarantine file's entries, read before any request (input quarantine). */
  quarantine?: readonly QuarantineEntry[]
  /** Called once the id of a run (first or rerun) is known; the check run hangs on it. */
  onRunKnown?: (run: RunSnapshot) => void
}
