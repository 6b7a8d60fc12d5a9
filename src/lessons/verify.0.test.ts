import { describe } from 'vitest'
import { verifyShard } from './verifyShard.ts'

describe('every lesson, both ways (part 1 of 4)', () => verifyShard(0, 4))
