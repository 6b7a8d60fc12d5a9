// The script cutter is pure and shared with share links, so it lives with the shell.
export { chunks, incomplete } from '../shell/chunks.ts'
