import { describe, expect, it } from '@jest/globals'
import { EventEmitter } from 'node:events'
import {
  GRACE,
  SignalReceived,
  graceLeft,
  onTermination,
  terminationSignals
} from '../src/waiting/signals.js'

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

describe('graceLeft', () => {
  it('counts from the signal', () => {
    const c = new AbortController()
    c.abort(new SignalReceived('SIGINT', 1_000))
    expect(graceLeft(c.signal, GRACE.stopMs, 2_000)).toBe(GRACE.stopMs - 1_000)
    expect(graceLeft(c.signal, GRACE.stopMs, 1_000 + GRACE.stopMs + 5)).toBe(0)
  })

  it('is the whole budget when no signal came, or the abort had another reason', () => {
    expect(graceLeft(new AbortController().signal, 5000, 9)).toBe(5000)
    const c = new AbortController()
    c.abort(new Error('wait-timeout passed'))
    expect(graceLeft(c.signal, 5000, 9)).toBe(5000)
  })
})
