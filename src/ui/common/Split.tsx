import { useCallback, useRef, useState, type ReactNode } from 'react'
import { saveLocal } from '../../store/storage.ts'

interface Props {
  direction: 'row' | 'column'
  /** Key under which the user's size is remembered. */
  storageKey: string
  initial: number
  min?: number
  first: ReactNode
  second: ReactNode
}

/** Two panes and a draggable divider; the first pane's share (0–1) is remembered per layout. */
export function Split({ direction, storageKey, initial, min = 0.15, first, second }: Props) {
  const [ratio, setRatio] = useState(() => {
    const saved = Number(localStorage.getItem('split:' + storageKey))
    return saved > 0 && saved < 1 ? saved : initial
  })
  const box = useRef<HTMLDivElement>(null)
  const onPointerDown = useCallback(
    (e: React.PointerEvent) => {
      e.preventDefault()
      const el = box.current
      if (!el) return
      const rect = el.getBoundingClientRect()
      const move = (ev: PointerEvent): void => {
        const r =
          direction === 'row'
            ? (ev.clientX - rect.left) / rect.width
            : (ev.clientY - rect.top) / rect.height
        const clamped = Math.min(1 - min, Math.max(min, r))
        setRatio(clamped)
        saveLocal('split:' + storageKey, String(clamped))
      }
      const up = (): void => {
        window.removeEventListener('pointermove', move)
        window.removeEventListener('pointerup', up)
        window.dispatchEvent(new Event('resize'))
      }
      window.addEventListener('pointermove', move)
      window.addEventListener('pointerup', up)
    },
    [direction, min, storageKey],
  )
  const onKeyDown = (e: React.KeyboardEvent): void => {
    const step =
      e.key === 'ArrowLeft' || e.key === 'ArrowUp'
        ? -0.05
        : e.key === 'ArrowRight' || e.key === 'ArrowDown'
          ? 0.05
          : 0
    if (!step) return
    const next = Math.min(1 - min, Math.max(min, ratio + step))
    setRatio(next)
    saveLocal('split:' + storageKey, String(next))
    window.dispatchEvent(new Event('resize'))
  }
  return (
    <div ref={box} className={`split split-${direction}`}>
      <div className="split-pane" style={{ flexBasis: `${ratio * 100}%` }}>
        {first}
      </div>
      <div
        className="split-divider"
        role="separator"
        aria-orientation={direction === 'row' ? 'vertical' : 'horizontal'}
        aria-valuenow={Math.round(ratio * 100)}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      />
      <div className="split-pane" style={{ flexBasis: `${(1 - ratio) * 100}%` }}>
        {second}
      </div>
    </div>
  )
}
