import { describe, expect, it } from '@jest/globals'
import { EventEmitter } from 'node:events'
import { onTermination, terminationSignals } from '../src/signals.js'

function fakeProcess(platform: NodeJS.Platform) {
  const emitter = new EventEmitter()
  return Object.assign(emitter, { platform }) as unknown as Pick<
    NodeJS.Process,
    'on' | 'off' | 'platform'
  > &
    EventEmitter
}

describe('termination signals', () => {
  it('are SIGINT and SIGTERM on Linux and macOS', () => {
    expect(terminationSignals('linux')).toEqual(['SIGINT', 'SIGTERM'])
    expect(terminationSignals('darwin')).toEqual(['SIGINT', 'SIGTERM'])
  })

  it('include SIGBREAK (Ctrl-Break) on Windows', () => {
    expect(terminationSignals('win32')).toContain('SIGBREAK')
    expect(terminationSignals('win32')).toContain('SIGINT')
  })

  it('call the handler for Ctrl-C then Ctrl-Break on Windows, with the signal name', () => {
    const proc = fakeProcess('win32')
    const seen: string[] = []
    onTermination(s => seen.push(s), proc)
    proc.emit('SIGINT', 'SIGINT')
    proc.emit('SIGBREAK', 'SIGBREAK')
    expect(seen).toEqual(['SIGINT', 'SIGBREAK'])
  })

  it('stop calling the handler once detached', () => {
    const proc = fakeProcess('linux')
    const seen: string[] = []
    const detach = onTermination(s => seen.push(s), proc)
    detach()
    proc.emit('SIGTERM', 'SIGTERM')
    expect(seen).toEqual([])
    expect(proc.listenerCount('SIGINT')).toBe(0)
  })
})
