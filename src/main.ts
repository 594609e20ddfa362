import { runMain } from './gate.js'

await runMain()
